package store

import (
	"context"
	"database/sql"
)

// Row is what a scan function reads: a *sql.Row, or the current row of a
// *sql.Rows. It is an alias, so the scan functions the capabilities
// declare with interface{ Scan(...any) error } serve both QueryRowContext
// and Collect unchanged.
type Row = interface{ Scan(dest ...any) error }

// Collect reads every row of a query with scan and closes rows; it returns
// the query's error, the first scan error or rows.Err(). It takes the two
// results of QueryContext as they come (err nil when the caller checked
// the query's error itself):
//
//	rows, err := q.QueryContext(ctx, query, args...)
//	return store.Collect(rows, err, scanThing)
func Collect[T any](rows *sql.Rows, err error, scan func(Row) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// All runs query on q and collects its rows with scan (see Collect).
func All[T any](ctx context.Context, q Querier, scan func(Row) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	return Collect(rows, err, scan)
}

// ForEach calls fn for every row of a query and closes rows, for results
// that are not a slice (a map, an index, a running total); it returns the
// query's error, the first error of fn or rows.Err().
func ForEach(rows *sql.Rows, err error, fn func(Row) error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Column scans a one-column row into a T: the scan function of queries
// that select a single column (SELECT id …, SELECT DISTINCT name …).
func Column[T any](row Row) (T, error) {
	var v T
	err := row.Scan(&v)
	return v, err
}
