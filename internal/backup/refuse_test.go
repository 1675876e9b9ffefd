package backup_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/backup"
	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// small is an installation with one decided application and a
// checkpoint, and a backup of it at path.
func small(t *testing.T, d store.Dialect, name string) (*install, filed, string) {
	t.Helper()
	src := newInstall(t, d, true)
	src.seed(t)
	f, err := src.submit(context.Background(), 0, true)
	check(t, err)
	src.checkpoint(t)
	return src, f, writeBackup(t, src, name)
}

// writeBackup writes a backup of src into a new file called name.
func writeBackup(t *testing.T, src *install, name string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	out, err := os.Create(path)
	check(t, err)
	_, err = backup.Write(context.Background(), backup.Source{DB: src.db, Blobs: src.blobs, CheckpointFile: src.anchor.File, Log: quiet}, out)
	check(t, err)
	check(t, out.Close())
	return path
}

func restoreInto(dst *install, path string) (backup.Manifest, error) {
	return backup.Restore(context.Background(), backup.Target{DB: dst.db, Blobs: dst.blobs, CheckpointFile: dst.anchor.File, Log: quiet}, path)
}

// untouched fails unless the target has no tables, no files and no
// checkpoint file: a refused restore wrote nothing.
func untouched(t *testing.T, dst *install) {
	t.Helper()
	var tables int
	q := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'`
	if dst.db.Dialect == store.Postgres {
		q = `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()`
	}
	check(t, dst.db.QueryRowContext(context.Background(), q).Scan(&tables))
	if tables != 0 {
		t.Errorf("the refused restore created %d tables", tables)
	}
	noFiles(t, dst)
}

func noFiles(t *testing.T, dst *install) {
	t.Helper()
	err := dst.blobs.Walk(context.Background(), func(e blob.Entry) error { return errors.New("file " + e.Key) })
	if err != nil {
		t.Errorf("the failed restore left a file: %v", err)
	}
	if _, err := os.Stat(dst.anchor.File); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the failed restore left the checkpoint file: %v", err)
	}
}

// TestCorruptBackupRefused flips one byte in a table part, a file, the
// manifest and a compressed backup: each restore is refused as damaged
// before anything is written. Files are in the backup as stored, sealed:
// the uploaded bytes are not in it in clear, and a flipped byte of a
// file's ciphertext is caught by the manifest's sums before any file is
// put (the encryption would only catch it when the file is read).
func TestCorruptBackupRefused(t *testing.T) {
	t.Parallel()
	src, f, path := small(t, store.SQLite, "b.tar")
	raw, err := os.ReadFile(path)
	check(t, err)
	if bytes.Contains(raw, f.upload[16:]) {
		t.Fatal("the backup holds the uploaded file in clear")
	}
	var key string
	check(t, src.db.QueryRowContext(context.Background(), `SELECT blob_key FROM application_attachment WHERE application_id = $1`, f.app.ID).Scan(&key))
	sealed := read(t, src.blobs, key)
	gzPath := filepath.Join(t.TempDir(), "b.tar.gz")
	check(t, gzipFile(path, gzPath))
	gzRaw, err := os.ReadFile(gzPath)
	check(t, err)
	cases := []struct {
		name string
		raw  []byte
		at   int
	}{
		{"row", raw, bytes.Index(raw, []byte("Sicherungsstadt")) + 3},
		{"file", raw, bytes.Index(raw, sealed) + len(sealed)/2},
		{"manifest sum", raw, bytes.LastIndex(raw, []byte(`"sha256": "`)) + 12},
		{"manifest version", raw, bytes.Index(raw, []byte(`"schema_version": `)) + 19}, // its second digit: still valid JSON
		{"manifest's own sum", raw, bytes.LastIndex(raw, []byte("\n")) - 3},
		{"gzip", gzRaw, len(gzRaw) / 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.at < 20 {
				t.Fatalf("found no place to damage")
			}
			bad := bytes.Clone(c.raw)
			bad[c.at] ^= 0x01
			p := filepath.Join(t.TempDir(), "damaged")
			check(t, os.WriteFile(p, bad, 0o600))
			dst := newInstall(t, store.SQLite, false)
			_, err := restoreInto(dst, p)
			if !errors.Is(err, backup.ErrDamaged) {
				t.Fatalf("restore of a damaged backup: %v", err)
			}
			untouched(t, dst)
		})
	}
	dst := newInstall(t, store.SQLite, false) // the undamaged one restores
	_, err = restoreInto(dst, gzPath)
	check(t, err)
}

// TestRestoreRefusesNonEmpty: rows, files or checkpoints in the target
// refuse the restore, and nothing in it changes.
func TestRestoreRefusesNonEmpty(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		src, _, path := small(t, db.Dialect, "b.tar")
		_, err := restoreInto(src, path)
		if !errors.Is(err, backup.ErrNotEmpty) || !strings.Contains(err.Error(), "rows") {
			t.Fatalf("restore into the source itself: %v", err)
		}
		withFile := newInstall(t, db.Dialect, false)
		_, err = withFile.blobs.Put(context.Background(), strings.NewReader("x"), 10)
		check(t, err)
		if _, err = restoreInto(withFile, path); !errors.Is(err, backup.ErrNotEmpty) {
			t.Fatalf("restore into a file store with a file: %v", err)
		}
		withCheckpoints := newInstall(t, db.Dialect, false)
		check(t, os.WriteFile(withCheckpoints.anchor.File, []byte("{}\n"), 0o600))
		if _, err = restoreInto(withCheckpoints, path); !errors.Is(err, backup.ErrNotEmpty) {
			t.Fatalf("restore beside a checkpoint file: %v", err)
		}
		var n int
		check(t, src.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM tenant`).Scan(&n))
		if n != 1 {
			t.Fatalf("the refused restore changed the source: %d tenants", n)
		}
	})
}

// TestFreshDatabaseIsEmpty: a freshly migrated database counts as empty.
// It fails when a new migration seeds a table the restore does not know
// (add it to seeded in schema.go).
func TestFreshDatabaseIsEmpty(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		what, err := backup.NotEmpty(context.Background(), db)
		check(t, err)
		if what != "" {
			t.Fatalf("a fresh database is not empty: %s", what)
		}
	})
}

// TestBackupMissingFile: a referenced file missing from the store fails
// the backup with its key, or is listed with AllowMissing.
func TestBackupMissingFile(t *testing.T) {
	t.Parallel()
	src, f, _ := small(t, store.SQLite, "b.tar")
	var key string
	check(t, src.db.QueryRowContext(context.Background(), `SELECT blob_key FROM application_attachment WHERE application_id = $1`, f.app.ID).Scan(&key))
	check(t, src.blobs.Delete(context.Background(), key))
	source := backup.Source{DB: src.db, Blobs: src.blobs, Log: quiet}
	_, err := backup.Write(context.Background(), source, io.Discard)
	if err == nil || !strings.Contains(err.Error(), key) || !strings.Contains(err.Error(), "--allow-missing") {
		t.Fatalf("backup with a missing file: %v", err)
	}
	source.AllowMissing = true
	m, err := backup.Write(context.Background(), source, io.Discard)
	check(t, err)
	if len(m.Missing) != 1 || m.Missing[0].Key != key || m.Missing[0].Column != "application_attachment.blob_key" {
		t.Fatalf("missing = %+v", m.Missing)
	}
}

// TestRestoreRefusesNewerSchema: a backup from a newer binary is refused.
func TestRestoreRefusesNewerSchema(t *testing.T) {
	t.Parallel()
	latest, err := store.LatestVersion()
	check(t, err)
	m, _ := json.Marshal(backup.Manifest{Format: backup.FormatVersion, SchemaVersion: latest + 1})
	path := writeTar(t, map[string][]byte{"manifest.json": m})
	dst := newInstall(t, store.SQLite, false)
	_, err = restoreInto(dst, path)
	if err == nil || !strings.Contains(err.Error(), "newer than this binary") {
		t.Fatalf("restore of a newer backup: %v", err)
	}
	untouched(t, dst)
}

// TestRestoreAllOrNothing: a backup whose sums match but whose rows do
// not fit (an application without its tenant) fails at the foreign-key
// check; no row stays, the files put are deleted, and the same target
// then takes the good backup.
func TestRestoreAllOrNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, _, path := small(t, db.Dialect, "b.tar")
		bad := rewrite(t, path, func(name string, data []byte) []byte {
			if strings.HasPrefix(name, "db/tenant.") {
				return nil
			}
			return data
		})
		dst := newInstall(t, db.Dialect, false)
		_, err := restoreInto(dst, bad)
		if err == nil || !strings.Contains(err.Error(), "foreign key") {
			t.Fatalf("restore of rows without their tenant: %v", err)
		}
		what, err := backup.NotEmpty(context.Background(), dst.db)
		check(t, err)
		if what != "" {
			t.Fatalf("rows stayed after the failed restore: %s", what)
		}
		noFiles(t, dst)
		_, err = restoreInto(dst, path)
		check(t, err)
	})
}

// rewrite copies the backup at path with fn applied to every part but
// the manifest, whose sums it recomputes.
func rewrite(t *testing.T, path string, fn func(name string, data []byte) []byte) string {
	t.Helper()
	parts := readTar(t, path)
	var m backup.Manifest
	check(t, json.Unmarshal(parts["manifest.json"], &m))
	for i := range m.Tables {
		for j, p := range m.Tables[i].Parts {
			parts[p.Name] = fn(p.Name, parts[p.Name])
			m.Tables[i].Parts[j] = sum(p.Name, parts[p.Name])
		}
	}
	raw, err := json.Marshal(m)
	check(t, err)
	parts["manifest.json"] = raw
	return writeTar(t, parts)
}

func sum(name string, data []byte) backup.Part {
	h := sha256.Sum256(data)
	return backup.Part{Name: name, Size: int64(len(data)), SHA256: hex.EncodeToString(h[:])}
}

func readTar(t *testing.T, path string) map[string][]byte {
	t.Helper()
	f, err := os.Open(path)
	check(t, err)
	defer f.Close()
	tr := tar.NewReader(f)
	out := map[string][]byte{}
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return out
		}
		check(t, err)
		out[hdr.Name], err = io.ReadAll(tr)
		check(t, err)
	}
}

// writeTar writes parts into a new tar file, the manifest last.
func writeTar(t *testing.T, parts map[string][]byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "crafted.tar")
	f, err := os.Create(path)
	check(t, err)
	tw := tar.NewWriter(f)
	add := func(name string) {
		check(t, tw.WriteHeader(&tar.Header{Name: name, Size: int64(len(parts[name])), Mode: 0o600, Typeflag: tar.TypeReg}))
		_, err := tw.Write(parts[name])
		check(t, err)
	}
	for name := range parts {
		if !strings.HasPrefix(name, "manifest.json") {
			add(name)
		}
	}
	add("manifest.json")
	h := sha256.Sum256(parts["manifest.json"])
	parts["manifest.json.sha256"] = []byte(hex.EncodeToString(h[:]) + "\n")
	add("manifest.json.sha256")
	check(t, tw.Close())
	check(t, f.Close())
	return path
}

func gzipFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	zw := gzip.NewWriter(out)
	if _, err := io.Copy(zw, in); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return out.Close()
}
