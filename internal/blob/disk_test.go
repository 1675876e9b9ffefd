package blob_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/fault"
)

func TestDiskPutOpenDelete(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	d, err := blob.NewDisk(dir)
	if err != nil {
		t.Fatal(err)
	}
	content := bytes.Repeat([]byte("Antrag ä ß "), 10000)
	info, err := d.Put(ctx, bytes.NewReader(content), int64(len(content)))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(content)
	if info.Size != int64(len(content)) || info.SHA256 != hex.EncodeToString(sum[:]) {
		t.Fatalf("info = %+v", info)
	}
	rc, err := d.Open(ctx, info.Key)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Equal(got, content) {
		t.Fatal("content differs")
	}
	if err := d.Delete(ctx, info.Key); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Open(ctx, info.Key); !fault.Is(err, fault.NotFound) {
		t.Fatalf("after delete: %v", err)
	}
	if err := d.Delete(ctx, info.Key); err != nil {
		t.Fatalf("delete twice: %v", err)
	}
}

func TestDiskLimitLeavesNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	d, _ := blob.NewDisk(dir)
	for _, size := range []int64{11, 1 << 20} {
		_, err := d.Put(ctx, io.LimitReader(zeros{}, size), 10)
		if !fault.Is(err, fault.Invalid) || !errors.Is(err, blob.ErrTooLarge) {
			t.Fatalf("size %d: want too large, got %v", size, err)
		}
	}
	// exactly at the limit is fine
	if _, err := d.Put(ctx, strings.NewReader("0123456789"), 10); err != nil {
		t.Fatal(err)
	}
	var files int
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			files++
		}
		return nil
	})
	if files != 1 {
		t.Fatalf("want exactly the one accepted file on disk, found %d", files)
	}
}

func TestDiskRejectsForeignKeys(t *testing.T) {
	t.Parallel()
	d, _ := blob.NewDisk(t.TempDir())
	for _, k := range []string{"../etc/passwd", "", "ZZ", strings.Repeat("a", 31)} {
		if _, err := d.Open(context.Background(), k); !fault.Is(err, fault.NotFound) {
			t.Errorf("key %q: %v", k, err)
		}
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestDiskWalkAndPurgeTemp(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	d, _ := blob.NewDisk(dir)
	want := map[string]bool{}
	for i := range 40 {
		info, err := d.Put(ctx, strings.NewReader(strings.Repeat("x", i)), 100)
		if err != nil {
			t.Fatal(err)
		}
		want[info.Key] = true
	}
	old := time.Now().Add(-48 * time.Hour)
	os.MkdirAll(filepath.Join(dir, "ab"), 0o750)
	os.WriteFile(filepath.Join(dir, "ab", "not-a-blob"), nil, 0o600) // foreign names are skipped
	os.WriteFile(filepath.Join(dir, "README"), nil, 0o600)
	os.WriteFile(filepath.Join(dir, "tmp", "put-old"), []byte("half"), 0o600)
	os.Chtimes(filepath.Join(dir, "tmp", "put-old"), old, old)
	os.WriteFile(filepath.Join(dir, "tmp", "put-new"), []byte("half"), 0o600)
	var keys []string
	err := d.Walk(ctx, func(e blob.Entry) error {
		if time.Since(e.Modified) > time.Minute {
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
	if err := d.Walk(ctx, func(blob.Entry) error { return stop }); err != stop {
		t.Fatalf("fn's error not returned: %v", err)
	}
	n, err := d.PurgeTemp(ctx, time.Now().Add(-time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("purged %d, %v; want the one old temp file", n, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "tmp", "put-new")); err != nil {
		t.Fatalf("a young temp file (a Put in progress) was removed: %v", err)
	}
}

func TestDiskPutAtReplaces(t *testing.T) {
	d, err := blob.NewDisk(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	key := "0123456789abcdef0123456789abcdef"
	for _, content := range []string{"first", "second"} {
		if _, err := d.PutAt(ctx, key, strings.NewReader(content)); err != nil {
			t.Fatal(err)
		}
		rc, err := d.Open(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(rc)
		rc.Close()
		if string(got) != content {
			t.Fatalf("after PutAt(%q) read %q", content, got)
		}
	}
	if _, err := d.PutAt(ctx, "../escape", strings.NewReader("x")); err == nil {
		t.Fatal("PutAt accepted a key that is no blob key")
	}
}
