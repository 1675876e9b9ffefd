package blob_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/blob"
)

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestDiskWalkAndPurgeTemp: what only the disk has — foreign files in
// the directory and half-written temporary files.
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
	// Order, modification times and a stopping fn are the conformance
	// test's (TestConformance/disk/WalkOrder); here: the foreign names
	// in the directory are not listed.
	listed := 0
	err := d.Walk(ctx, func(e blob.Entry) error {
		if !want[e.Key] {
			t.Errorf("walk gave %q, which is no stored blob", e.Key)
		}
		listed++
		return nil
	})
	if err != nil || listed != len(want) {
		t.Fatalf("walk listed %d of %d blobs: %v", listed, len(want), err)
	}
	n, err := d.PurgeTemp(ctx, time.Now().Add(-time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("purged %d, %v; want the one old temp file", n, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "tmp", "put-new")); err != nil {
		t.Fatalf("a young temp file (a Put in progress) was removed: %v", err)
	}
}
