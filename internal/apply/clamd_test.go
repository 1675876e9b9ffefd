package apply_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/apply"
)

// malware is the test "malware": the signature database the tests give
// clamd lists its MD5, so no signature download is needed.
var malware = []byte("amtsweg test malware — not harmful, only listed in the test signature database\n")

// fakeClamd speaks clamd's INSTREAM protocol on TCP: it reads the command,
// the length-prefixed chunks up to the zero chunk, and answers FOUND when
// the stream equals malware. It checks the framing strictly.
func fakeClamd(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go serveFakeClamd(c)
		}
	}()
	return ln.Addr().String()
}

func serveFakeClamd(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	cmd, err := r.ReadString(0)
	if err != nil || cmd != "zINSTREAM\x00" {
		fmt.Fprintf(c, "UNKNOWN COMMAND\x00")
		return
	}
	var data bytes.Buffer
	for {
		var n uint32
		if err := binary.Read(r, binary.BigEndian, &n); err != nil {
			return
		}
		if n == 0 {
			break
		}
		if n > 1<<20 {
			fmt.Fprintf(c, "INSTREAM size limit exceeded. ERROR\x00")
			return
		}
		if _, err := io.CopyN(&data, r, int64(n)); err != nil {
			return
		}
	}
	if bytes.Equal(data.Bytes(), malware) {
		fmt.Fprintf(c, "stream: Amtsweg.Test.Malware.UNOFFICIAL FOUND\x00")
		return
	}
	fmt.Fprintf(c, "stream: OK\x00")
}

// realClamd starts the installed clamd with a one-signature database, or
// returns "" when clamd is not installed.
func realClamd(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("clamd")
	if err != nil {
		return ""
	}
	dir := t.TempDir()
	sum := md5.Sum(malware)
	os.WriteFile(filepath.Join(dir, "amtsweg.hdb"), fmt.Appendf(nil, "%s:%d:Amtsweg.Test.Malware\n", hex.EncodeToString(sum[:]), len(malware)), 0o644)
	sock := filepath.Join(dir, "clamd.sock")
	conf := fmt.Sprintf("Foreground yes\nDatabaseDirectory %s\nLocalSocket %s\nPidFile %s/clamd.pid\nTemporaryDirectory %s\n", dir, sock, dir, dir)
	os.WriteFile(filepath.Join(dir, "clamd.conf"), []byte(conf), 0o644)
	cmd := exec.Command(bin, "--config-file="+filepath.Join(dir, "clamd.conf"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start clamd: %v", err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if c, err := net.Dial("unix", sock); err == nil {
			c.Close()
			return "unix:" + sock
		}
	}
	t.Fatalf("clamd did not come up: %s", out.String())
	return ""
}

func TestClamd(t *testing.T) {
	t.Parallel()
	servers := map[string]string{"fake clamd (tcp)": "tcp:" + fakeClamd(t)}
	if addr := realClamd(t); addr != "" {
		servers["real clamd (unix)"] = addr
	} else {
		t.Log("clamd not installed: testing against the fake server only")
	}
	big := bytes.Repeat([]byte("sauber "), 20000) // several chunks
	tests := []struct {
		name    string
		content []byte
		clean   bool
	}{
		{"clean small", []byte("%PDF-1.7 harmless"), true},
		{"clean multi-chunk", big, true},
		{"empty", nil, true},
		{"malware", malware, false},
	}
	for name, addr := range servers {
		t.Run(name, func(t *testing.T) {
			c, err := apply.NewClamd(addr)
			if err != nil {
				t.Fatal(err)
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					v, err := c.Scan(context.Background(), bytes.NewReader(tt.content))
					if err != nil {
						t.Fatal(err)
					}
					if v.Clean != tt.clean || (!tt.clean && !strings.HasPrefix(v.Signature, "Amtsweg.Test.Malware")) {
						t.Fatalf("verdict %+v, want clean=%v", v, tt.clean)
					}
				})
			}
		})
	}
	t.Run("unreachable", func(t *testing.T) {
		c, _ := apply.NewClamd("tcp:127.0.0.1:1")
		if _, err := c.Scan(context.Background(), strings.NewReader("x")); err == nil {
			t.Fatal("no error from an unreachable clamd")
		}
	})
	if _, err := apply.NewClamd("clamd"); err == nil {
		t.Fatal("address without network accepted")
	}
}
