package blob_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/fault"
)

func TestParseS3URL(t *testing.T) {
	t.Parallel()
	u, _ := url.Parse("s3://akten?endpoint=127.0.0.1:9000&region=eu-central-1&prefix=amtsweg/blobs&tls=false&path_style=true")
	cfg, err := blob.ParseS3URL(u)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Bucket != "akten" || cfg.Endpoint != "127.0.0.1:9000" || cfg.Region != "eu-central-1" ||
		cfg.Prefix != "amtsweg/blobs/" || cfg.TLS || cfg.PathStyle == nil || !*cfg.PathStyle {
		t.Fatalf("cfg = %+v", cfg)
	}
	u, _ = url.Parse("s3://akten")
	if cfg, err = blob.ParseS3URL(u); err != nil || cfg.Endpoint != "s3.amazonaws.com" || !cfg.TLS || cfg.Prefix != "" {
		t.Fatalf("defaults: %+v, %v", cfg, err)
	}
	bad := []struct{ url, says string }{
		{"s3://key:secret@akten?endpoint=h:1", "credentials do not belong in the URL"},
		{"s3://akten?endpiont=h:1", `unknown parameter "endpiont"`},
		{"s3://akten?tls=maybe", "parameter tls"},
		{"s3://akten?path_style=yes", "parameter path_style"},
		{"s3://akten?endpoint=http://h:1", "parameter endpoint"},
		{"s3://akten?prefix=/abs", "parameter prefix"},
		{"s3://akten?prefix=a/../b", "parameter prefix"},
		{"s3://akten?region=", `parameter "region"`},
		{"s3://akten?region=a&region=b", `parameter "region"`},
		{"s3://akten/some/folder", "prefix=some/folder"},
		{"s3://Akten_1", "bucket name"},
		{"s3://", "bucket name"},
	}
	for _, c := range bad {
		_, err := blob.Open(t.Context(), c.url, "")
		if err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: %v, want an error saying %q", c.url, err, c.says)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: the error shows the secret: %v", c.url, err)
		}
	}
}

func TestS3OpenChecksBucketAndKeys(t *testing.T) {
	t.Parallel()
	srv := blobtest.StartS3(t)
	base := "s3://%s?endpoint=" + srv.Endpoint + "&tls=false&region=us-east-1&credentials_file="
	wrong := filepath.Join(t.TempDir(), "wrong")
	os.WriteFile(wrong, []byte("[default]\naws_access_key_id = nobody\naws_secret_access_key = wrongwrongwrong\n"), 0o600)
	empty := filepath.Join(t.TempDir(), "empty")
	os.WriteFile(empty, []byte("[default]\n"), 0o600)
	cases := []struct{ url, says string }{
		{strings.Replace(base, "%s", "missing-bucket", 1) + srv.CredentialsFile, `"missing-bucket" does not exist`},
		{strings.Replace(base, "%s", srv.Bucket, 1) + wrong, "credentials are not accepted"},
		{strings.Replace(base, "%s", srv.Bucket, 1) + empty, "no credentials"},
	}
	for _, c := range cases {
		if _, err := blob.Open(t.Context(), c.url, ""); err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: %v, want an error saying %q", c.url, err, c.says)
		}
	}
}

func TestS3PrefixAndForeignObjects(t *testing.T) {
	t.Parallel()
	srv := blobtest.StartS3(t)
	s, err := blob.Open(t.Context(), srv.URL+"&prefix=amtsweg/blobs", "")
	if err != nil {
		t.Fatal(err)
	}
	c := srv.Client(t)
	for _, name := range []string{"0123456789abcdef0123456789abcdef", "amtsweg/blobs/README", "amtsweg/blobs/x/0123456789abcdef0123456789abcdef"} {
		if _, err := c.PutObject(t.Context(), srv.Bucket, name, strings.NewReader("foreign"), 7, "", "", minio.PutObjectOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	info := put(t, s, []byte("Bescheid"))
	if _, err := c.StatObject(t.Context(), srv.Bucket, "amtsweg/blobs/"+info.Key, minio.StatObjectOptions{}); err != nil {
		t.Fatalf("the blob is not under the prefix: %v", err)
	}
	var keys []string
	if err := s.Walk(t.Context(), func(e blob.Entry) error { keys = append(keys, e.Key); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(keys) != 1 || keys[0] != info.Key {
		t.Fatalf("walk gave %v, want only %s", keys, info.Key)
	}
}

// TestS3VerifiesOnRead changes a stored object behind the store's back
// (same size): reading it to the end fails instead of returning it.
func TestS3VerifiesOnRead(t *testing.T) {
	t.Parallel()
	srv := blobtest.StartS3(t)
	s, err := blob.Open(t.Context(), srv.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	info := put(t, s, []byte("Bescheid: bewilligt"))
	path := filepath.Join(srv.Root, srv.Bucket, info.Key)
	if err := os.WriteFile(path, []byte("Bescheid: abgelehnt"), 0o600); err != nil {
		t.Fatal(err)
	}
	rc, err := s.Open(t.Context(), info.Key)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	if got, err := io.ReadAll(rc); err == nil || !strings.Contains(err.Error(), "SHA-256") {
		t.Fatalf("read %q, %v; want a checksum error", got, err)
	}
}

// TestS3ServiceRefusesCorruptedUploads sends every upload through a
// proxy that flips one byte of each request body: the service must
// refuse single PUTs and parts alike, and nothing may stay behind.
func TestS3ServiceRefusesCorruptedUploads(t *testing.T) {
	t.Parallel()
	srv := blobtest.StartS3(t)
	target, _ := url.Parse("http://" + srv.Endpoint)
	proxy := httptest.NewServer(&httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(target)
		r.Out.Host = r.In.Host // the signature covers the host the client saw
		if r.In.ContentLength > 200 {
			r.Out.Body = &flipper{r: r.In.Body, at: 100}
		}
	}})
	defer proxy.Close()
	s, err := blob.Open(t.Context(), strings.Replace(srv.URL, srv.Endpoint, strings.TrimPrefix(proxy.URL, "http://"), 1), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []int{1000, blob.S3PartSize + 1000} {
		if _, err := s.Put(t.Context(), bytes.NewReader(randomBytes(size)), int64(size)); err == nil {
			t.Fatalf("%d bytes: a corrupted upload was accepted", size)
		}
	}
	assertEmpty(t, s, s3Left{srv})
}

// flipper inverts the byte at offset at.
type flipper struct {
	r   io.ReadCloser
	at  int
	off int
}

func (f *flipper) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if i := f.at - f.off; i >= 0 && i < n {
		p[i] ^= 0xff
	}
	f.off += n
	return n, err
}

func (f *flipper) Close() error { return f.r.Close() }

var _ http.Handler = (*httputil.ReverseProxy)(nil)

// TestS3UnreachableIsUnavailable: once the service cannot be reached,
// every operation fails soon with fault.Unavailable (try again later),
// not with an internal error.
func TestS3UnreachableIsUnavailable(t *testing.T) {
	t.Parallel()
	srv := blobtest.StartS3(t)
	target, _ := url.Parse("http://" + srv.Endpoint)
	proxy := httptest.NewServer(httputil.NewSingleHostReverseProxy(target))
	s, err := blob.Open(t.Context(), strings.Replace(srv.URL, srv.Endpoint, strings.TrimPrefix(proxy.URL, "http://"), 1), "")
	if err != nil {
		t.Fatal(err)
	}
	info := put(t, s, []byte("Antrag"))
	proxy.Close() // the store is gone
	start := time.Now()
	_, perr := s.Put(t.Context(), strings.NewReader("Nachweis"), 100)
	_, oerr := s.Open(t.Context(), info.Key)
	derr := s.Delete(t.Context(), info.Key)
	werr := s.Walk(t.Context(), func(blob.Entry) error { return nil })
	for i, err := range []error{perr, oerr, derr, werr} {
		if !fault.Is(err, fault.Unavailable) {
			t.Errorf("operation %d: %v, want unavailable", i, err)
		}
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("four operations on a store that is down took %v", d)
	}
}
