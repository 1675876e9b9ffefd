package backup

import (
	"archive/tar"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/store"
)

// chunkSize bounds one table part (and the memory a table's rows take).
const chunkSize = 8 << 20

// Source is the installation a backup is taken from.
type Source struct {
	DB *store.DB
	// Blobs is the store the files are copied from as stored (the raw
	// backend, not the decrypting one: encrypted files stay encrypted).
	Blobs Opener
	// CheckpointFile is the audit checkpoint file; "" or a missing file
	// means none.
	CheckpointFile string
	// AllowMissing lists a referenced file the store lacks in the
	// manifest (Missing) instead of failing.
	AllowMissing bool
	// Spool is the directory for temporary copies ("" = the system's).
	Spool string
	Log   *slog.Logger
}

// Opener is the part of a blob store a backup reads through: any raw
// backend (disk, S3) has it.
type Opener interface {
	Open(ctx context.Context, key string) (io.ReadCloser, error)
}

// Write writes a backup of src to w as a tar stream and returns its
// manifest (also the stream's last part). The rows are one snapshot;
// the files are those the snapshot references, copied after it (stored
// files are written once and never changed, so a later copy is the same).
func Write(ctx context.Context, src Source, w io.Writer) (Manifest, error) {
	pw := &partWriter{tw: tar.NewWriter(w), now: time.Now().UTC(), spool: src.Spool}
	m := Manifest{Format: FormatVersion, Taken: pw.now, Engine: src.DB.Dialect.String()}
	keys, err := writeSnapshot(ctx, src, pw, &m)
	if err != nil {
		return m, err
	}
	if err := writeBlobs(ctx, src, pw, &m, keys); err != nil {
		return m, err
	}
	if err := writeCheckpoints(src, pw, &m); err != nil {
		return m, err
	}
	raw, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return m, err
	}
	p, err := pw.add(manifestName, int64(len(raw)), bytes.NewReader(raw))
	if err != nil {
		return m, err
	}
	sum := []byte(p.SHA256 + "\n")
	if _, err := pw.add(manifestSumName, int64(len(sum)), bytes.NewReader(sum)); err != nil {
		return m, err
	}
	return m, pw.tw.Close()
}

// beginSnapshot opens the read transaction every table is read in.
func beginSnapshot(ctx context.Context, db *store.DB) (*sql.Tx, error) {
	opts := &sql.TxOptions{ReadOnly: true}
	if db.Dialect == store.Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := db.Reader().BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("begin snapshot: %w", err)
	}
	return tx, nil
}

// writeSnapshot writes every table from one snapshot and returns the
// blob keys it references (key → column).
func writeSnapshot(ctx context.Context, src Source, pw *partWriter, m *Manifest) (map[string]string, error) {
	tx, err := beginSnapshot(ctx, src.DB)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	// The first read fixes SQLite's snapshot: the version, the audit head,
	// the rows and the keys below all come from the same moment.
	if m.SchemaVersion, err = store.VersionIn(ctx, tx); err != nil {
		return nil, err
	}
	if m.AuditSeq, err = audit.LastSeq(ctx, tx); err != nil {
		return nil, err
	}
	names, err := tables(ctx, tx, src.DB.Dialect)
	if err != nil {
		return nil, err
	}
	for _, t := range names {
		tab, err := writeTable(ctx, tx, pw, t)
		if err != nil {
			return nil, err
		}
		m.Tables = append(m.Tables, tab)
	}
	return referencedKeys(ctx, tx)
}

// writeTable writes one table's rows in parts of about chunkSize bytes.
func writeTable(ctx context.Context, tx *sql.Tx, pw *partWriter, table string) (Table, error) {
	rows, err := tx.QueryContext(ctx, "SELECT * FROM "+quote(table))
	if err != nil {
		return Table{}, fmt.Errorf("read %s: %w", table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return Table{}, err
	}
	tab := Table{Table: table, Columns: cols}
	var buf bytes.Buffer
	flush := func() error {
		name := fmt.Sprintf("%s%s.%04d.jsonl", tablePrefix, table, len(tab.Parts)+1)
		p, err := pw.add(name, int64(buf.Len()), &buf)
		tab.Parts = append(tab.Parts, p)
		buf.Reset()
		return err
	}
	vals, ptrs := make([]any, len(cols)), make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return tab, fmt.Errorf("read %s: %w", table, err)
		}
		if err := appendRow(&buf, vals); err != nil {
			return tab, fmt.Errorf("%s row %d: %w", table, tab.Rows+1, err)
		}
		tab.Rows++
		if buf.Len() >= chunkSize {
			if err := flush(); err != nil {
				return tab, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return tab, fmt.Errorf("read %s: %w", table, err)
	}
	if buf.Len() > 0 || len(tab.Parts) == 0 {
		err = flush()
	}
	return tab, err
}

// appendRow writes one row as a JSON array and a newline.
func appendRow(buf *bytes.Buffer, vals []any) error {
	out := make([]any, len(vals))
	for i, v := range vals {
		e, err := encodeValue(v)
		if err != nil {
			return err
		}
		out[i] = e
	}
	raw, err := json.Marshal(out)
	if err != nil {
		return err
	}
	buf.Write(raw)
	return buf.WriteByte('\n')
}
