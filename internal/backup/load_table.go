package backup

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"

	"github.com/amtsweg/amtsweg/internal/store"
)

// tableLoad is the insert statement of one table being loaded.
type tableLoad struct {
	stmt  *sql.Stmt
	types []string // the target's column types (PostgreSQL), for conversions
	row   int64
}

// tablePart loads one part of table tab's rows.
func (l *loader) tablePart(ctx context.Context, tx *store.Tx, tab *Table, name string, r io.Reader) error {
	tl, err := l.startTable(ctx, tx, tab)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), chunkSize+1<<20)
	for sc.Scan() {
		tl.row++
		vals, err := decodeRow(sc.Bytes(), len(tab.Columns))
		if err == nil {
			convert(vals, tl.types)
			_, err = tl.stmt.ExecContext(ctx, vals...)
		}
		if err != nil {
			return fmt.Errorf("table %s row %d (%s): %w", tab.Table, tl.row, name, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("table %s (%s): %w", tab.Table, name, err)
	}
	return nil
}

// startTable prepares table tab's insert on its first part, after
// removing the row a fresh migration seeded.
func (l *loader) startTable(ctx context.Context, tx *store.Tx, tab *Table) (*tableLoad, error) {
	if tl := l.started[tab.Table]; tl != nil {
		return tl, nil
	}
	types, err := columnTypes(ctx, tx, tab)
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM "+quote(tab.Table)); err != nil {
		return nil, fmt.Errorf("table %s: %w", tab.Table, err)
	}
	cols := make([]string, len(tab.Columns))
	marks := make([]string, len(tab.Columns))
	for i, c := range tab.Columns {
		cols[i], marks[i] = quote(c), fmt.Sprintf("$%d", i+1)
	}
	q := fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", quote(tab.Table), strings.Join(cols, ", "), strings.Join(marks, ", "))
	stmt, err := tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("table %s: %w", tab.Table, err)
	}
	tl := &tableLoad{stmt: stmt, types: types}
	l.started[tab.Table] = tl
	return tl, nil
}

func (l *loader) closeTables() {
	for _, tl := range l.started {
		tl.stmt.Close()
	}
}

// columnTypes checks that the target has every column of the backup's
// table and returns their types on PostgreSQL (nil on SQLite, which
// takes every value as it comes).
func columnTypes(ctx context.Context, tx *store.Tx, tab *Table) ([]string, error) {
	have := map[string]string{}
	q := `SELECT name, type FROM pragma_table_info($1)`
	if tx.Dialect() == store.Postgres {
		q = `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`
	}
	rows, err := tx.QueryContext(ctx, q, tab.Table)
	err = store.ForEach(rows, err, func(r store.Row) error {
		var n, t string
		err := r.Scan(&n, &t)
		have[n] = t
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("columns of %s: %w", tab.Table, err)
	}
	if len(have) == 0 {
		return nil, fmt.Errorf("table %s of the backup is not in the target's schema", tab.Table)
	}
	types := make([]string, len(tab.Columns))
	for i, c := range tab.Columns {
		t, ok := have[c]
		if !ok {
			return nil, fmt.Errorf("column %s.%s of the backup is not in the target's schema", tab.Table, c)
		}
		types[i] = t
	}
	if tx.Dialect() != store.Postgres {
		return nil, nil
	}
	return types, nil
}

// convert adapts values from the other engine to PostgreSQL's column
// types: SQLite keeps booleans as integers and may hand bytes as text.
func convert(vals []any, types []string) {
	for i, t := range types {
		switch v := vals[i].(type) {
		case int64:
			if t == "boolean" {
				vals[i] = v != 0
			}
		case string:
			if t == "bytea" {
				vals[i] = []byte(v)
			}
		}
	}
}
