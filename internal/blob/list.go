package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// Entry is a stored blob found by a listing: its key and when it was
// written (Put renames the finished file into place, so this is when it
// became visible).
type Entry struct {
	Key      string
	Modified time.Time
}

// Lister is a Backend whose blobs can be listed, for the sweep of
// unreferenced blobs (verwaiste Dateien), backup and re-encryption.
type Lister interface {
	Backend
	// Walk calls fn for every blob in ascending key order; an error from
	// fn stops the walk and is returned.
	Walk(ctx context.Context, fn func(Entry) error) error
	// PurgeTemp deletes half-written files a crash left behind (a Put
	// that never finished) written before before; it returns how many.
	PurgeTemp(ctx context.Context, before time.Time) (int, error)
	// PutAt stores r under a key chosen by the caller, replacing what is
	// there atomically (a reader sees the old or the new content, never a
	// mix): restoring a backup, rewriting a blob under a new key. Key
	// must have the store's key form (32 hex digits).
	PutAt(ctx context.Context, key string, r io.Reader) (Info, error)
}

var shardRE = regexp.MustCompile(`^[0-9a-f]{2}$`)

// Walk implements Lister. Files that are not blobs (foreign names) are
// skipped; a blob deleted during the walk is skipped too.
func (d *Disk) Walk(ctx context.Context, fn func(Entry) error) error {
	shards, err := os.ReadDir(d.dir) // sorted by name
	if err != nil {
		return fmt.Errorf("blob list: %w", err)
	}
	for _, sh := range shards {
		if !sh.IsDir() || !shardRE.MatchString(sh.Name()) {
			continue
		}
		if err := d.walkShard(ctx, sh.Name(), fn); err != nil {
			return err
		}
	}
	return nil
}

// walkShard lists one of the 256 sub-directories.
func (d *Disk) walkShard(ctx context.Context, shard string, fn func(Entry) error) error {
	files, err := os.ReadDir(filepath.Join(d.dir, shard))
	if err != nil {
		return fmt.Errorf("blob list: %w", err)
	}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		name := f.Name()
		if f.IsDir() || !keyRE.MatchString(name) || name[:2] != shard {
			continue
		}
		fi, err := f.Info()
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("blob list: %w", err)
		}
		if err := fn(Entry{Key: name, Modified: fi.ModTime()}); err != nil {
			return err
		}
	}
	return nil
}

// PurgeTemp implements Lister.
func (d *Disk) PurgeTemp(ctx context.Context, before time.Time) (int, error) {
	dir := filepath.Join(d.dir, "tmp")
	files, err := os.ReadDir(dir)
	if err != nil {
		return 0, fmt.Errorf("blob temp list: %w", err)
	}
	n := 0
	for _, f := range files {
		fi, err := f.Info()
		if err != nil || f.IsDir() || !strings.HasPrefix(f.Name(), "put-") || !fi.ModTime().Before(before) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, f.Name())); err != nil && !errors.Is(err, os.ErrNotExist) {
			return n, fmt.Errorf("blob temp delete: %w", err)
		}
		n++
	}
	if n > 0 {
		return n, syncDir(dir)
	}
	return n, ctx.Err()
}
