// Package blobtest starts the real things blob tests need: an
// S3-compatible server (versitygw) on loopback, with a fresh bucket and
// fresh credentials per call.
package blobtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// Server is a running versitygw with one bucket.
type Server struct {
	Endpoint  string // 127.0.0.1:PORT, plain HTTP
	Bucket    string
	Root      string // the posix root: Root/Bucket holds the objects
	AccessKey string
	SecretKey string
	// CredentialsFile holds the keys in the AWS credentials format; URL
	// names it, so the app needs no environment variables.
	CredentialsFile string
	// URL is the blob URL (--blob-url) of the bucket.
	URL string
}

// S3 starts versitygw with a fresh bucket and returns its blob URL,
// which carries the path of a credentials file (no secret).
func S3(t testing.TB) string {
	t.Helper()
	return StartS3(t).URL
}

// StartS3 starts versitygw on a free loopback port with a temporary root
// and fresh credentials, creates a bucket, and stops the server at the
// end of the test. Without the versitygw binary (PATH or GOPATH/bin) it
// skips the test, except under CI (CI set), where it fails.
func StartS3(t testing.TB) *Server {
	t.Helper()
	bin := versitygw()
	if bin == "" {
		msg := "versitygw not found in PATH, GOBIN or GOPATH/bin: run scripts/setup.sh (go install github.com/versity/versitygw/cmd/versitygw@v1.8.0)"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	dir := t.TempDir()
	s := &Server{Root: filepath.Join(dir, "root"), Bucket: "amtsweg-test", AccessKey: "test" + randHex(8), SecretKey: randHex(20)}
	check(t, os.MkdirAll(s.Root, 0o750))
	s.CredentialsFile = filepath.Join(dir, "credentials")
	check(t, os.WriteFile(s.CredentialsFile, fmt.Appendf(nil, "[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n", s.AccessKey, s.SecretKey), 0o600))
	s.start(t, bin, dir)
	s.URL = fmt.Sprintf("s3://%s?endpoint=%s&region=us-east-1&tls=false&path_style=true&credentials_file=%s",
		s.Bucket, s.Endpoint, url.QueryEscape(s.CredentialsFile))
	return s
}

// Env is the AWS variables with the server's keys, for a child process.
func (s *Server) Env() []string {
	return []string{"AWS_ACCESS_KEY_ID=" + s.AccessKey, "AWS_SECRET_ACCESS_KEY=" + s.SecretKey, "AWS_REGION=us-east-1"}
}

// Client is a minio-go client on the server, for what a test does
// beside the store (looking into the bucket, abandoning an upload).
func (s *Server) Client(t testing.TB) minio.Core {
	t.Helper()
	c, err := minio.New(s.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(s.AccessKey, s.SecretKey, ""),
		Region: "us-east-1", BucketLookup: minio.BucketLookupPath})
	check(t, err)
	return minio.Core{Client: c}
}

// start runs versitygw, waits until it answers (polling with a deadline)
// and creates the bucket; a server that does not come up fails the test
// with its log.
func (s *Server) start(t testing.TB, bin, dir string) {
	t.Helper()
	for attempt := 0; ; attempt++ {
		s.Endpoint = net.JoinHostPort("127.0.0.1", strconv.Itoa(freePort(t)))
		logf, err := os.Create(filepath.Join(dir, "versitygw.log"))
		check(t, err)
		cmd := exec.Command(bin, "--port", s.Endpoint, "posix", s.Root)
		cmd.Env = append(os.Environ(), "ROOT_ACCESS_KEY="+s.AccessKey, "ROOT_SECRET_KEY="+s.SecretKey)
		cmd.Stdout, cmd.Stderr = logf, logf
		cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} // never outlive the test binary
		check(t, cmd.Start())
		exited := make(chan struct{})
		go func() { cmd.Wait(); logf.Close(); close(exited) }()
		t.Cleanup(func() {
			cmd.Process.Kill()
			<-exited
		})
		err = s.awaitBucket(t, exited)
		if err == nil {
			return
		}
		if attempt == 2 { // the free port may have been taken meanwhile: try a few
			log, _ := os.ReadFile(filepath.Join(dir, "versitygw.log"))
			t.Fatalf("versitygw did not start: %v\n%s", err, log)
		}
	}
}

// awaitBucket polls until the server answers, then makes the bucket.
func (s *Server) awaitBucket(t testing.TB, exited <-chan struct{}) error {
	c := s.Client(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		_, err := c.ListBuckets(ctx)
		if err == nil {
			return c.MakeBucket(ctx, s.Bucket, minio.MakeBucketOptions{Region: "us-east-1"})
		}
		select {
		case <-exited:
			return fmt.Errorf("exited early")
		case <-ctx.Done():
			return fmt.Errorf("no answer within 30 s: %w", err)
		case <-tick.C:
		}
	}
}

// versitygw finds the binary in PATH, GOBIN or GOPATH/bin, where
// scripts/setup.sh installs it.
func versitygw() string {
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p
	}
	out, err := exec.Command("go", "env", "GOBIN", "GOPATH").Output()
	if err != nil {
		return ""
	}
	lines := strings.SplitN(string(out), "\n", 2)
	dirs := []string{strings.TrimSpace(lines[0])}
	if len(lines) == 2 {
		for _, d := range filepath.SplitList(strings.TrimSpace(lines[1])) {
			dirs = append(dirs, filepath.Join(d, "bin"))
		}
	}
	for _, dir := range dirs {
		p := filepath.Join(dir, "versitygw")
		if fi, err := os.Stat(dir); dir != "" && err == nil && fi.IsDir() {
			if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
				return p
			}
		}
	}
	return ""
}

func freePort(t testing.TB) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	check(t, err)
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func check(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
