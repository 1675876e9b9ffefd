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
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/fault"
)

func TestDiskPutOpenDelete(t *testing.T) {
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
