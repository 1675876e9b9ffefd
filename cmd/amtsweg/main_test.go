package main

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/bintest"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startServe runs `amtsweg serve` and waits until /healthz answers.
func startServe(t *testing.T, bin string, args ...string) (*exec.Cmd, string, *strings.Builder) {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(bin, append([]string{"serve", "--addr", addr, "--data", t.TempDir()}, args...)...)
	logs := &strings.Builder{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if res, err := http.Get("http://" + addr + "/healthz"); err == nil {
			res.Body.Close()
			return cmd, addr, logs
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("server did not come up:\n%s", logs)
	return nil, "", nil
}

// TestRequestInFlightCompletesOnSIGTERM sends half a form, delivers
// SIGTERM, then the other half: the request must still be answered, new
// connections refused, and the process must exit cleanly.
func TestRequestInFlightCompletesOnSIGTERM(t *testing.T) {
	t.Parallel()
	bin := bintest.Build(t)
	cmd, addr, logs := startServe(t, bin)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := "lang=en&next=%2F"
	fmt.Fprintf(conn, "POST /sprache HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s", addr, len(body), body[:5])
	time.Sleep(300 * time.Millisecond) // the handler is now blocked reading the form
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "listener closed", func() bool {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
		}
		return err != nil
	})
	if _, err := conn.Write([]byte(body[5:])); err != nil {
		t.Fatalf("finish request: %v", err)
	}
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	status, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil || !strings.HasPrefix(status, "HTTP/1.1 303") {
		t.Fatalf("in-flight request: status %q, err %v\n%s", status, err, logs)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit: %v\n%s", err, logs)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("process did not exit after SIGTERM\n%s", logs)
	}
	if !strings.Contains(logs.String(), "shutting down") {
		t.Fatalf("no shutdown log line:\n%s", logs)
	}
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if ok() {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

// TestJSONLogsCarryNoPersonalData checks --log-format json and that a
// request's query string (which may carry search words or names) is not
// logged.
func TestJSONLogsCarryNoPersonalData(t *testing.T) {
	t.Parallel()
	bin := bintest.Build(t)
	cmd, addr, logs := startServe(t, bin, "--log-format", "json")
	res, err := http.Get("http://" + addr + "/?name=Erika+Mustermann")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		if !strings.HasPrefix(line, "{") {
			t.Fatalf("not a JSON log line: %q", line)
		}
	}
	if strings.Contains(logs.String(), "Mustermann") {
		t.Fatalf("personal data in logs:\n%s", logs)
	}
}
