package cli

import (
	"bufio"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/app"
	"github.com/amtsweg/amtsweg/internal/backup"
	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/store"
)

// backupCommands are the backup and restore of an installation
// (Datensicherung und Wiederherstellung; docs/backup.md).
func backupCommands() map[string]command {
	return map[string]command{
		"backup":  {"write a consistent backup of a running installation (database snapshot, files, checkpoints, manifest)", backupRun},
		"restore": {"restore a backup into an empty installation", restoreRun},
	}
}

const backupSynopsis = "amtsweg backup --out PATH[.gz] [--data DIR | --database URL --blob-url URL] [--allow-missing]"

func backupRun(e env, args []string) int {
	var cfg config.Config
	var out string
	var allowMissing bool
	log, code, ok := parse(e, "backup", backupSynopsis, args, &cfg, func(fs *flag.FlagSet) {
		config.Register(fs, &cfg)
		fs.StringVar(&out, "out", "", "file to write (must not exist); a name ending in .gz is gzip-compressed")
		fs.BoolVar(&allowMissing, "allow-missing", false, "list a referenced file missing from the store in the manifest instead of failing")
	})
	if !ok {
		return code
	}
	if out == "" {
		fmt.Fprintf(e.stderr, "amtsweg backup: --out is required (usage: %s)\n", backupSynopsis)
		return 2
	}
	start := time.Now()
	m, err := writeBackup(e, cfg, log, out, allowMissing)
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg backup: %v\n", err)
		return 1
	}
	fmt.Fprintf(e.stdout, "backup written to %s in %s: %s\n", out, time.Since(start).Round(time.Millisecond), summary(m))
	for _, miss := range m.Missing {
		fmt.Fprintf(e.stdout, "MISSING file %s referenced by %s\n", miss.Key, miss.Column)
	}
	fmt.Fprintln(e.stdout, "not in the backup: the seal secret, the audit key and any blob master key; keep them apart (docs/backup.md)")
	return 0
}

// writeBackup writes the backup into out.partial and renames it to out
// once complete and synced, so a file named out is always whole.
func writeBackup(e env, cfg config.Config, log *slog.Logger, out string, allowMissing bool) (backup.Manifest, error) {
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		return backup.Manifest{}, fmt.Errorf("%s exists; choose a new file", out)
	}
	db, err := store.Open(e.ctx, cfg.Database())
	if err != nil {
		return backup.Manifest{}, fmt.Errorf("open database: %w", err)
	}
	defer db.Close()
	blobs, err := blob.Open(e.ctx, cfg.BlobURL, cfg.BlobDir())
	if err != nil {
		return backup.Manifest{}, err
	}
	tmp := out + ".partial"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return backup.Manifest{}, err
	}
	defer os.Remove(tmp) // no-op after the rename
	src := backup.Source{DB: db, Blobs: blobs, CheckpointFile: cfg.CheckpointFile(), AllowMissing: allowMissing,
		Spool: filepath.Dir(out), Log: log}
	m, err := writeTo(e, f, src, strings.HasSuffix(out, ".gz"))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return m, err
	}
	return m, os.Rename(tmp, out)
}

// writeTo streams the backup into f, through gzip when asked, and syncs.
func writeTo(e env, f *os.File, src backup.Source, compress bool) (backup.Manifest, error) {
	bw := bufio.NewWriterSize(f, 1<<20)
	var w io.Writer = bw
	var gz *gzip.Writer
	if compress {
		gz = gzip.NewWriter(bw)
		w = gz
	}
	m, err := backup.Write(e.ctx, src, w)
	if err == nil && gz != nil {
		err = gz.Close()
	}
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	return m, err
}

func summary(m backup.Manifest) string {
	var rows, bytes int64
	for _, t := range m.Tables {
		rows += t.Rows
	}
	for _, b := range m.Blobs {
		bytes += b.Size
	}
	return fmt.Sprintf("%d tables, %d rows, %d files (%d bytes), schema version %d, %s",
		len(m.Tables), rows, len(m.Blobs), bytes, m.SchemaVersion, m.Engine)
}

const restoreSynopsis = "amtsweg restore [--data NEWDIR | --database URL --blob-url URL] PATH"

func restoreRun(e env, args []string) int {
	var cfg config.Config
	path, log, code, ok := oneArg(e, "restore", restoreSynopsis, "PATH", args, &cfg, nil)
	if !ok {
		return code
	}
	start := time.Now()
	m, err := restoreInto(e, cfg, log, path)
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg restore: %v\n", err)
		return 1
	}
	fmt.Fprintf(e.stdout, "restored %s in %s: %s\n", path, time.Since(start).Round(time.Millisecond), summary(m))
	fmt.Fprintln(e.stdout, "give the restored installation the source's seal secret, audit key and blob master key (docs/backup.md), then run: amtsweg audit verify")
	return 0
}

func restoreInto(e env, cfg config.Config, log *slog.Logger, path string) (backup.Manifest, error) {
	if _, err := os.Stat(path); err != nil {
		return backup.Manifest{}, err
	}
	db, err := store.Open(e.ctx, cfg.Database())
	if err != nil {
		return backup.Manifest{}, fmt.Errorf("open database: %w", err)
	}
	defer db.Close()
	blobs, err := blob.Open(e.ctx, cfg.BlobURL, cfg.BlobDir())
	if err != nil {
		return backup.Manifest{}, err
	}
	m, err := backup.Restore(e.ctx, backup.Target{DB: db, Blobs: blobs, CheckpointFile: cfg.CheckpointFile(), Log: log}, path)
	if err == nil {
		checkMaster(e, cfg, db)
	}
	return m, err
}

// checkMaster warns when the blob master key already given to the
// restored installation did not wrap the restored data keys: serve would
// refuse to start. The restore stands; the operator gives the right key.
func checkMaster(e env, cfg config.Config, db *store.DB) {
	keys, err := app.GivenKeyring(db, cfg)
	if err == nil && keys != nil {
		err = keys.Check(e.ctx)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "WARNING: the blob master key given to the restored installation does not open its files; serve will refuse to start until it has the source's: %v\n", err)
	}
}
