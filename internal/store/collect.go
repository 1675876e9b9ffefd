package store

import (
	"context"
	"database/sql"
)

// Collect reads every row of a query with scan and closes rows; it returns
// the query's error, the first scan error or rows.Err(). It takes the two
// results of QueryContext as they come:
//
//	rows, err := q.QueryContext(ctx, query, args...)
//	return store.Collect(rows, err, scanThing)
func Collect[T any](rows *sql.Rows, err error, scan func(*sql.Rows) (T, error)) ([]T, error) {
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
func All[T any](ctx context.Context, q Querier, scan func(*sql.Rows) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	return Collect(rows, err, scan)
}
