package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"strings"

	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/store"
)

// Target is the empty installation a backup is restored into.
type Target struct {
	DB *store.DB // opened, not necessarily migrated
	// Blobs is the raw store the files are put back into under their
	// keys (an encrypted file's key is part of what it is sealed with).
	Blobs Putter
	// CheckpointFile receives the backup's audit checkpoints.
	CheckpointFile string
	Log            *slog.Logger
}

// Putter is the part of a blob store a restore writes through
// (blob.Lister has it, on disk and on S3).
type Putter interface {
	Walk(ctx context.Context, fn func(blob.Entry) error) error
	PutAt(ctx context.Context, key string, r io.Reader) (blob.Info, error)
	Delete(ctx context.Context, key string) error
}

// ErrNotEmpty is the cause of the error Restore returns for a target
// that already holds data; nothing is changed then.
var ErrNotEmpty = errors.New("the target installation is not empty")

// Restore checks the backup at path (Verify), checks that t is empty,
// migrates t to the backup's schema version, loads the files and rows
// and migrates to this binary's version. The rows load in one
// transaction: on any error none is kept, the files put so far are
// deleted again, and the error names the part and the row.
func Restore(ctx context.Context, t Target, path string) (Manifest, error) {
	m, err := Verify(path)
	if err != nil {
		return m, err
	}
	latest, err := store.LatestVersion()
	if err != nil {
		return m, err
	}
	if m.SchemaVersion > latest {
		return m, fmt.Errorf("the backup has schema version %d, newer than this binary's %d: restore it with the amtsweg release that wrote it or a later one", m.SchemaVersion, latest)
	}
	if err := checkEmpty(ctx, t, m.SchemaVersion); err != nil {
		return m, err
	}
	if err := t.DB.MigrateTo(ctx, t.Log, m.SchemaVersion); err != nil {
		return m, err
	}
	tmp, err := load(ctx, t, path, m)
	if err != nil {
		return m, err
	}
	if tmp != "" {
		if err := os.Rename(tmp, t.CheckpointFile); err != nil {
			return m, fmt.Errorf("audit checkpoint file: %w", err)
		}
	}
	return m, t.DB.Migrate(ctx, t.Log)
}

// checkEmpty refuses a target with rows, files or checkpoints, or one
// migrated past the backup.
func checkEmpty(ctx context.Context, t Target, backupVersion int64) error {
	names, err := tables(ctx, t.DB, t.DB.Dialect)
	if err != nil {
		return err
	}
	if len(names) > 0 {
		v, err := t.DB.SchemaVersion(ctx)
		if err != nil {
			return err
		}
		if v > backupVersion {
			return fmt.Errorf("%w: its database is at schema version %d, past the backup's %d; restore into a database never migrated", ErrNotEmpty, v, backupVersion)
		}
		what, err := notEmpty(ctx, t.DB, t.DB.Dialect)
		if err != nil {
			return err
		}
		if what != "" {
			return fmt.Errorf("%w: %s (%s)", ErrNotEmpty, what, t.DB.URL)
		}
	}
	found := errors.New("found")
	err = t.Blobs.Walk(ctx, func(e blob.Entry) error { return found })
	if err == found {
		return fmt.Errorf("%w: its file store already holds files", ErrNotEmpty)
	}
	if err != nil {
		return err
	}
	if fi, err := os.Stat(t.CheckpointFile); err == nil && fi.Size() > 0 {
		return fmt.Errorf("%w: %s already holds audit checkpoints", ErrNotEmpty, t.CheckpointFile)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// load reads the backup a second time and restores its parts; it
// returns the temporary checkpoint file to move into place once the rows
// are committed.
func load(ctx context.Context, t Target, path string, m Manifest) (string, error) {
	a, err := openArchive(path)
	if err != nil {
		return "", err
	}
	defer a.Close()
	l := &loader{t: t, m: m, parts: m.parts(), tables: map[string]*Table{}}
	for i := range m.Tables {
		for _, p := range m.Tables[i].Parts {
			l.tables[p.Name] = &m.Tables[i]
		}
	}
	err = t.DB.Tx(ctx, func(tx *store.Tx) error { return l.run(ctx, tx, a) })
	if err != nil {
		l.undo(ctx)
		return "", err
	}
	return l.checkpoints, nil
}

// loader restores the parts of one backup.
type loader struct {
	t           Target
	m           Manifest
	parts       map[string]Part
	tables      map[string]*Table // by part name
	started     map[string]*tableLoad
	put         []string // keys of files put, for undo
	checkpoints string   // temporary checkpoint file
}

// run loads every part inside tx.
func (l *loader) run(ctx context.Context, tx *store.Tx, a *archive) error {
	fks, err := deferForeignKeys(ctx, tx, l.t.DB.Dialect)
	if err != nil {
		return err
	}
	l.started = map[string]*tableLoad{}
	defer l.closeTables()
	for {
		hdr, err := a.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		hr := newHashingReader(a.tr)
		if err := l.part(ctx, tx, hdr.Name, hr); err != nil {
			return err
		}
		io.Copy(io.Discard, hr)
		if want, ok := l.parts[hdr.Name]; ok && hr.part(hdr.Name) != want {
			return fmt.Errorf("%w: %s changed since it was verified", ErrDamaged, hdr.Name)
		}
	}
	if err := checkForeignKeys(ctx, tx, l.t.DB.Dialect, fks); err != nil {
		return err
	}
	return resetIdentities(ctx, tx, l.t.DB.Dialect)
}

// part restores one part.
func (l *loader) part(ctx context.Context, tx *store.Tx, name string, r io.Reader) error {
	switch {
	case l.tables[name] != nil:
		return l.tablePart(ctx, tx, l.tables[name], name, r)
	case strings.HasPrefix(name, blobPrefix):
		key := strings.TrimPrefix(name, blobPrefix)
		info, err := l.t.Blobs.PutAt(ctx, key, r)
		if err != nil {
			return fmt.Errorf("put file %s: %w", key, err)
		}
		l.put = append(l.put, key)
		if info.SHA256 != l.parts[name].SHA256 {
			return fmt.Errorf("%w: file %s stored with another SHA-256 than the manifest's", ErrDamaged, key)
		}
	case name == checkpointsName:
		return l.writeCheckpoints(r)
	}
	return nil
}

// writeCheckpoints writes the checkpoints beside their final place.
func (l *loader) writeCheckpoints(r io.Reader) error {
	tmp := l.t.CheckpointFile + ".restore"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o640)
	if err != nil {
		return fmt.Errorf("audit checkpoint file: %w", err)
	}
	if _, err = io.Copy(f, r); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("audit checkpoint file: %w", err)
	}
	l.checkpoints = tmp
	return nil
}

// undo deletes what a failed restore put outside the database.
func (l *loader) undo(ctx context.Context) {
	for _, k := range l.put {
		if err := l.t.Blobs.Delete(ctx, k); err != nil && l.t.Log != nil {
			l.t.Log.Warn("restore: could not delete a file put before the failure", "key", k, "err", err)
		}
	}
	if l.checkpoints != "" {
		os.Remove(l.checkpoints)
	}
}
