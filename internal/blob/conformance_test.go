package blob_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// backend is one implementation of blob.Lister under the conformance
// test, with the few things only it can do.
type backend struct {
	name string
	// open returns a fresh, empty store.
	open func(t *testing.T) (blob.Lister, leftovers)
}

// leftovers sees what a store keeps beside its blobs: unfinished writes
// (temporary files, incomplete multipart uploads).
type leftovers interface {
	// pending counts unfinished writes.
	pending(t *testing.T) int
	// abandon starts a write and leaves it unfinished, as a crash would.
	abandon(t *testing.T)
}

var backends = []backend{
	{"disk", openDisk},
	{"s3", openS3},
}

func openDisk(t *testing.T) (blob.Lister, leftovers) {
	dir := t.TempDir()
	d, err := blob.Open(t.Context(), "file://"+dir, "")
	if err != nil {
		t.Fatal(err)
	}
	return d, diskLeft(dir)
}

type diskLeft string

func (d diskLeft) pending(t *testing.T) int {
	files, err := os.ReadDir(filepath.Join(string(d), "tmp"))
	if err != nil {
		t.Fatal(err)
	}
	return len(files)
}

func (d diskLeft) abandon(t *testing.T) {
	if err := os.WriteFile(filepath.Join(string(d), "tmp", "put-crashed"), []byte("half"), 0o600); err != nil {
		t.Fatal(err)
	}
}

func openS3(t *testing.T) (blob.Lister, leftovers) {
	srv := blobtest.StartS3(t)
	s, err := blob.Open(t.Context(), srv.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	return s, s3Left{srv}
}

type s3Left struct{ srv *blobtest.Server }

func (s s3Left) pending(t *testing.T) int {
	n := 0
	for up := range s.srv.Client(t).ListIncompleteUploads(t.Context(), s.srv.Bucket, "", true) {
		if up.Err != nil {
			t.Fatal(up.Err)
		}
		n++
	}
	return n
}

func (s s3Left) abandon(t *testing.T) {
	c := s.srv.Client(t)
	id, err := c.NewMultipartUpload(t.Context(), s.srv.Bucket, "0123456789abcdef0123456789abcdef", minio.PutObjectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	part := bytes.Repeat([]byte("p"), 1000)
	if _, err := c.PutObjectPart(t.Context(), s.srv.Bucket, "0123456789abcdef0123456789abcdef", id, 1, bytes.NewReader(part), int64(len(part)), minio.PutObjectPartOptions{}); err != nil {
		t.Fatal(err)
	}
}

// TestConformance runs the same checks against every backend.
func TestConformance(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		fn   func(t *testing.T, s blob.Lister, l leftovers)
	}{
		{"PutOpenDelete", testPutOpenDelete},
		{"Limit", testLimit},
		{"EmptyAndExactLimit", testEmptyAndExact},
		{"LargeOverPartSize", testLarge},
		{"WalkOrder", testWalk},
		{"PurgeTemp", testPurgeTemp},
		{"PutAtReplaces", testPutAt},
		{"CancelMidUpload", testCancel},
		{"ForeignKeys", testForeignKeys},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					t.Parallel()
					s, l := b.open(t)
					c.fn(t, s, l)
				})
			}
		})
	}
}

func testPutOpenDelete(t *testing.T, s blob.Lister, _ leftovers) {
	ctx := t.Context()
	content := bytes.Repeat([]byte("Antrag ä ß "), 10000)
	info := put(t, s, content)
	if got := read(t, s, info.Key); !bytes.Equal(got, content) {
		t.Fatal("content differs")
	}
	if err := s.Delete(ctx, info.Key); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Open(ctx, info.Key); !fault.Is(err, fault.NotFound) {
		t.Fatalf("after delete: %v", err)
	}
	if err := s.Delete(ctx, info.Key); err != nil {
		t.Fatalf("delete twice: %v", err)
	}
}

func testLimit(t *testing.T, s blob.Lister, l leftovers) {
	// 11 bytes: one more than allowed; 20 MiB: past the limit in the
	// middle of a multipart upload on S3
	for _, size := range []int64{11, 20 << 20} {
		limit := size - 1
		_, err := s.Put(t.Context(), io.LimitReader(zeros{}, size), limit)
		if !fault.Is(err, fault.Invalid) || !errors.Is(err, blob.ErrTooLarge) {
			t.Fatalf("size %d: want too large, got %v", size, err)
		}
	}
	assertEmpty(t, s, l)
}

func testEmptyAndExact(t *testing.T, s blob.Lister, _ leftovers) {
	for _, content := range [][]byte{{}, []byte("0123456789")} {
		info, err := s.Put(t.Context(), bytes.NewReader(content), 10)
		if err != nil {
			t.Fatalf("%d bytes at limit 10: %v", len(content), err)
		}
		checkInfo(t, info, content)
		if got := read(t, s, info.Key); !bytes.Equal(got, content) {
			t.Fatalf("read %q, want %q", got, content)
		}
	}
	// a part exactly full is the edge between one PUT and several parts
	content := randomBytes(blob.S3PartSize)
	info := put(t, s, content)
	if got := read(t, s, info.Key); !bytes.Equal(got, content) {
		t.Fatal("a blob of exactly one part differs")
	}
}

func testLarge(t *testing.T, s blob.Lister, _ leftovers) {
	size := int64(2*blob.S3PartSize + 12345)
	src := randomBytes(int(size))
	info, err := s.Put(t.Context(), bytes.NewReader(src), size)
	if err != nil {
		t.Fatal(err)
	}
	checkInfo(t, info, src)
	if got := read(t, s, info.Key); !bytes.Equal(got, src) {
		t.Fatal("large blob differs")
	}
}

func testWalk(t *testing.T, s blob.Lister, _ leftovers) {
	want := map[string]bool{}
	for i := range 30 {
		want[put(t, s, []byte(strings.Repeat("x", i))).Key] = true
	}
	var keys []string
	err := s.Walk(t.Context(), func(e blob.Entry) error {
		if time.Since(e.Modified) > time.Minute || time.Until(e.Modified) > time.Minute {
			t.Errorf("%s: modified %v", e.Key, e.Modified)
		}
		keys = append(keys, e.Key)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != len(want) || !slices.IsSorted(keys) {
		t.Fatalf("walk gave %d keys (sorted %v), want the %d stored", len(keys), slices.IsSorted(keys), len(want))
	}
	for _, k := range keys {
		if !want[k] {
			t.Fatalf("walk gave unknown key %q", k)
		}
	}
	stop := errors.New("stop")
	calls := 0
	if err := s.Walk(t.Context(), func(blob.Entry) error { calls++; return stop }); err != stop || calls != 1 {
		t.Fatalf("fn's error not returned at once: %v after %d calls", err, calls)
	}
}

func testPurgeTemp(t *testing.T, s blob.Lister, l leftovers) {
	l.abandon(t)
	if n, err := s.PurgeTemp(t.Context(), time.Now().Add(-time.Hour)); err != nil || n != 0 {
		t.Fatalf("purged %d, %v; a young unfinished write (maybe still running) must stay", n, err)
	}
	if l.pending(t) != 1 {
		t.Fatal("the abandoned write is gone before the purge")
	}
	if n, err := s.PurgeTemp(t.Context(), time.Now().Add(time.Minute)); err != nil || n != 1 {
		t.Fatalf("purged %d, %v; want the abandoned write", n, err)
	}
	assertEmpty(t, s, l)
}

func testPutAt(t *testing.T, s blob.Lister, _ leftovers) {
	key := "0123456789abcdef0123456789abcdef"
	second := randomBytes(blob.S3PartSize + 1) // replaces a small blob by a multipart one
	for _, content := range [][]byte{[]byte("first"), second, []byte("third")} {
		info, err := s.PutAt(t.Context(), key, bytes.NewReader(content))
		if err != nil {
			t.Fatal(err)
		}
		checkInfo(t, info, content)
		if info.Key != key {
			t.Fatalf("PutAt stored under %q", info.Key)
		}
		if got := read(t, s, key); !bytes.Equal(got, content) {
			t.Fatalf("after PutAt of %d bytes read %d bytes that differ", len(content), len(got))
		}
	}
	for _, bad := range []string{"../escape", "ABCDEF0123456789abcdef0123456789", ""} {
		if _, err := s.PutAt(t.Context(), bad, strings.NewReader("x")); !fault.Is(err, fault.Invalid) {
			t.Fatalf("PutAt(%q): %v, want invalid", bad, err)
		}
	}
}

func testCancel(t *testing.T, s blob.Lister, l leftovers) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	r := &cancelAfter{r: zeros{}, n: blob.S3PartSize + 1000, cancel: cancel}
	if _, err := s.Put(ctx, r, 1<<30); !errors.Is(err, context.Canceled) {
		t.Fatalf("want the cancellation, got %v", err)
	}
	assertEmpty(t, s, l)
}

func testForeignKeys(t *testing.T, s blob.Lister, _ leftovers) {
	for _, k := range []string{"../etc/passwd", "", "ZZ", strings.Repeat("a", 31)} {
		if _, err := s.Open(t.Context(), k); !fault.Is(err, fault.NotFound) {
			t.Errorf("key %q: %v", k, err)
		}
		if err := s.Delete(t.Context(), k); err != nil {
			t.Errorf("delete %q: %v", k, err)
		}
	}
}

// cancelAfter cancels its context once n bytes have passed.
type cancelAfter struct {
	r      io.Reader
	n      int
	cancel func()
}

func (c *cancelAfter) Read(p []byte) (int, error) {
	if c.n <= 0 {
		c.cancel()
	}
	n, err := c.r.Read(p[:min(len(p), max(c.n, 1))])
	c.n -= n
	return n, err
}

// assertEmpty fails unless the store holds no blob and no unfinished write.
func assertEmpty(t *testing.T, s blob.Lister, l leftovers) {
	t.Helper()
	var keys []string
	if err := s.Walk(t.Context(), func(e blob.Entry) error { keys = append(keys, e.Key); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(keys) != 0 || l.pending(t) != 0 {
		t.Fatalf("left behind: blobs %v, %d unfinished writes", keys, l.pending(t))
	}
}

func put(t *testing.T, s blob.Store, content []byte) blob.Info {
	t.Helper()
	info, err := s.Put(t.Context(), bytes.NewReader(content), int64(len(content)))
	if err != nil {
		t.Fatal(err)
	}
	checkInfo(t, info, content)
	return info
}

func checkInfo(t *testing.T, info blob.Info, content []byte) {
	t.Helper()
	sum := sha256.Sum256(content)
	if info.Size != int64(len(content)) || info.SHA256 != hex.EncodeToString(sum[:]) || len(info.Key) != 32 {
		t.Fatalf("info = %+v for %d bytes", info, len(content))
	}
}

func read(t *testing.T, s blob.Store, key string) []byte {
	t.Helper()
	rc, err := s.Open(t.Context(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	got, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	r := rand.NewChaCha8([32]byte{1})
	r.Read(b)
	return b
}

// TestConformanceMemory streams a blob of several parts in and out of
// each backend and checks that the memory allocated stays far below the
// blob's size: nothing holds the whole file. It runs alone (no
// t.Parallel), so the allocation counter sees only this test.
func TestConformanceMemory(t *testing.T) {
	const size = 5*blob.S3PartSize + 777 // 40 MiB, generated on the fly
	const bound = 2*blob.S3PartSize + 4<<20
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			s, _ := b.open(t)
			h := sha256.New()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			info, err := s.Put(t.Context(), io.TeeReader(io.LimitReader(rand.NewChaCha8([32]byte{2}), size), h), size)
			if err != nil {
				t.Fatal(err)
			}
			rc, err := s.Open(t.Context(), info.Key)
			if err != nil {
				t.Fatal(err)
			}
			got := sha256.New()
			n, err := io.Copy(got, rc)
			rc.Close()
			runtime.ReadMemStats(&after)
			if err != nil || n != size || !bytes.Equal(got.Sum(nil), h.Sum(nil)) || info.SHA256 != hex.EncodeToString(h.Sum(nil)) {
				t.Fatalf("read back %d bytes, %v; sums differ or info %+v", n, err, info)
			}
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%s: %d MiB in and out, %.1f MiB allocated", b.name, size>>20, float64(alloc)/(1<<20))
			if alloc > bound {
				t.Fatalf("allocated %d bytes for a %d-byte blob; want at most %d (one part and change)", alloc, size, bound)
			}
		})
	}
}
