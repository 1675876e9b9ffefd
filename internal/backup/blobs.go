package backup

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// referencedKeys reads every blob key the snapshot's rows name (key →
// "table.column"), from the columns apply's orphan sweep also knows.
func referencedKeys(ctx context.Context, tx *sql.Tx) (map[string]string, error) {
	keys := map[string]string{}
	for _, tc := range apply.BlobColumns() {
		table, col, _ := strings.Cut(tc, ".")
		rows, err := tx.QueryContext(ctx, fmt.Sprintf("SELECT %s FROM %s WHERE %s IS NOT NULL", quote(col), quote(table), quote(col)))
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", tc, err)
		}
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return nil, fmt.Errorf("read %s: %w", tc, err)
			}
			if _, seen := keys[k]; !seen { // the first column names it
				keys[k] = tc
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("read %s: %w", tc, err)
		}
	}
	return keys, nil
}

// writeBlobs copies every referenced file, in key order.
func writeBlobs(ctx context.Context, src Source, pw *partWriter, m *Manifest, keys map[string]string) error {
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	slices.Sort(sorted)
	for _, k := range sorted {
		p, err := copyBlob(ctx, src, pw, k)
		if fault.Is(err, fault.NotFound) && src.AllowMissing {
			m.Missing = append(m.Missing, Missing{Key: k, Column: keys[k]})
			if src.Log != nil {
				src.Log.Warn("backup: referenced file missing from the store", "key", k, "column", keys[k])
			}
			continue
		}
		if fault.Is(err, fault.NotFound) {
			return fmt.Errorf("file %s (referenced by %s) is missing from the store; was it deleted after the snapshot (retention)? run the backup again, or pass --allow-missing to list it and go on", k, keys[k])
		}
		if err != nil {
			return fmt.Errorf("file %s (%s): %w", k, keys[k], err)
		}
		m.Blobs = append(m.Blobs, p)
	}
	return nil
}

// copyBlob copies one file into the backup: straight when the store's
// reader knows its size (a file on disk), else through a temporary file.
func copyBlob(ctx context.Context, src Source, pw *partWriter, key string) (Part, error) {
	rc, err := src.Blobs.Open(ctx, key)
	if err != nil {
		return Part{}, err
	}
	defer rc.Close()
	name := blobPrefix + key
	if st, ok := rc.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := st.Stat(); err == nil && fi.Mode().IsRegular() {
			return pw.add(name, fi.Size(), rc)
		}
	}
	return pw.addSpooled(name, func(w io.Writer) error {
		_, err := io.Copy(w, rc)
		return err
	})
}

// writeCheckpoints copies the audit checkpoint file without the
// checkpoints taken after the snapshot: they name rows the backup does
// not hold, and audit verify would call the restored log truncated.
func writeCheckpoints(src Source, pw *partWriter, m *Manifest) error {
	if src.CheckpointFile == "" {
		return nil
	}
	f, err := os.Open(src.CheckpointFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("audit checkpoint file: %w", err)
	}
	defer f.Close()
	p, err := pw.addSpooled(checkpointsName, func(w io.Writer) error {
		return filterCheckpoints(f, w, m.AuditSeq)
	})
	if err == nil {
		m.Checkpoints = &p
	}
	return err
}

// filterCheckpoints copies the lines whose seq is at most last; a line
// that is no checkpoint is kept (audit verify reports it, as it would
// have on the source).
func filterCheckpoints(r io.Reader, w io.Writer, last int64) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var c struct {
			Seq *int64 `json:"seq"`
		}
		if json.Unmarshal(sc.Bytes(), &c) == nil && c.Seq != nil && *c.Seq > last {
			continue
		}
		if _, err := w.Write(append(sc.Bytes(), '\n')); err != nil {
			return err
		}
	}
	return sc.Err()
}
