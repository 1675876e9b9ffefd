package store

import (
	"context"
	"io/fs"
	"strconv"
	"strings"

	"github.com/pressly/goose/v3"
)

// MigrateTo applies the pending migrations up to and including version, so
// a migration test can fill a database as it was before its migration.
func MigrateTo(db *DB, ctx context.Context, version int64) error {
	fsys, err := renderMigrations(db.Dialect)
	if err != nil {
		return err
	}
	dialect := goose.DialectSQLite3
	if db.Dialect == Postgres {
		dialect = goose.DialectPostgres
	}
	p, err := goose.NewProvider(dialect, db.write, fsys)
	if err != nil {
		return err
	}
	_, err = p.UpTo(ctx, version)
	return err
}

// VersionBefore returns the number of the embedded migration right before
// version (0 if none), so a migration test starts from the schema its
// migration really meets, whatever was merged before it.
func VersionBefore(version int64) int64 {
	names, _ := fs.Glob(migrationFiles, "migrations/*.sql")
	var last int64
	for _, n := range names {
		num, _, _ := strings.Cut(strings.TrimPrefix(n, "migrations/"), "_")
		v, err := strconv.ParseInt(num, 10, 64)
		if err == nil && v < version && v > last {
			last = v
		}
	}
	return last
}
