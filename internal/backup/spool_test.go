package backup_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/amtsweg/amtsweg/internal/backup"
	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/store"
)

// sizeless is a store whose readers do not tell their size, as an object
// store's do not: the backup must copy through a temporary file.
type sizeless struct{ blob.Lister }

func (s sizeless) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	rc, err := s.Lister.Open(ctx, key)
	return struct{ io.ReadCloser }{rc}, err
}

// TestBackupFromSizelessStore: files whose size the store does not tell
// are spooled and give the same parts as files read straight from disk;
// the spool leaves nothing behind.
func TestBackupFromSizelessStore(t *testing.T) {
	t.Parallel()
	src, _, _ := small(t, store.SQLite, "unused.tar")
	write := func(blobs blob.Store, spool string) backup.Manifest {
		m, err := backup.Write(context.Background(), backup.Source{DB: src.db, Blobs: blobs, Spool: spool, Log: quiet}, io.Discard)
		check(t, err)
		return m
	}
	spool := t.TempDir()
	straight, spooled := write(src.blobs, ""), write(sizeless{src.blobs}, spool)
	if len(straight.Blobs) < 4 || len(spooled.Blobs) != len(straight.Blobs) {
		t.Fatalf("%d files straight, %d spooled", len(straight.Blobs), len(spooled.Blobs))
	}
	for i := range straight.Blobs {
		if straight.Blobs[i] != spooled.Blobs[i] {
			t.Errorf("part %s: %+v straight, %+v spooled", straight.Blobs[i].Name, straight.Blobs[i], spooled.Blobs[i])
		}
	}
	left, err := os.ReadDir(spool)
	check(t, err)
	if len(left) != 0 {
		t.Errorf("the spool kept %d temporary files, e.g. %s", len(left), filepath.Join(spool, left[0].Name()))
	}
}
