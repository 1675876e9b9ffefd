package blob_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
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

