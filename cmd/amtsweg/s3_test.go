package main

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/amtsweg/amtsweg/internal/bintest"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
)

// TestServeOnS3 runs the real binary on a real S3 server the way an
// operator does: the bucket in AMTSWEG_BLOB_URL (or --blob-url), the keys
// in the AWS variables. Wrong keys stop the start with a clear error; the
// right ones serve, and the notices the demo history seals land in the
// bucket, none in the data folder.
func TestServeOnS3(t *testing.T) {
	t.Parallel()
	bin := bintest.Build(t)
	srv := blobtest.StartS3(t)
	url := fmt.Sprintf("s3://%s?endpoint=%s&region=us-east-1&tls=false&path_style=true", srv.Bucket, srv.Endpoint)

	wrong := exec.Command(bin, "serve", "--addr", freeAddr(t), "--data", t.TempDir(), "--blob-url", url)
	wrong.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=nobody", "AWS_SECRET_ACCESS_KEY=wrongwrongwrong")
	if out, err := wrong.CombinedOutput(); err == nil || !strings.Contains(string(out), "credentials are not accepted") {
		t.Fatalf("serve with wrong keys: %v\n%s", err, out)
	}

	addr, dir := freeAddr(t), t.TempDir()
	cmd := exec.Command(bin, "serve", "--addr", addr, "--data", dir, "--demo", "--jobs=false")
	cmd.Env = append(os.Environ(), append(srv.Env(), "AMTSWEG_BLOB_URL="+url)...)
	logs := &strings.Builder{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() { cmd.Process.Kill(); <-exited })
	deadline := time.After(3 * time.Minute) // the demo history takes a while on a busy machine
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for !ready(addr) {
		select {
		case <-exited:
			t.Fatalf("serve exited:\n%s", logs)
		case <-deadline:
			t.Fatalf("serve did not become ready:\n%s", logs)
		case <-tick.C:
		}
	}
	n := 0
	for obj := range srv.Client(t).Client.ListObjects(t.Context(), srv.Bucket, minio.ListObjectsOptions{Recursive: true}) {
		if obj.Err != nil {
			t.Fatal(obj.Err)
		}
		n++
	}
	if n == 0 {
		t.Fatalf("no file in the bucket after seeding the demo history:\n%s", logs)
	}
	if local, _ := filepath.Glob(filepath.Join(dir, "blobs", "??", "*")); len(local) > 0 {
		t.Fatalf("%d files on the local disk despite AMTSWEG_BLOB_URL", len(local))
	}
	t.Logf("%d files in the bucket", n)
}

func ready(addr string) bool {
	res, err := http.Get("http://" + addr + "/readyz")
	if err != nil {
		return false
	}
	res.Body.Close()
	return res.StatusCode == http.StatusOK
}
