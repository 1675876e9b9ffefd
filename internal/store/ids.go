package store

import "database/sql"

// IDs reads a one-column result of ids (SELECT id …) and closes rows.
func IDs(rows *sql.Rows) ([]int64, error) {
	return Collect(rows, nil, Column[int64])
}
