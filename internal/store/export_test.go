package store

import (
	"context"
	"io"
	"io/fs"
	"log/slog"
	"testing/fstest"
)

// MigrationFiles lists the embedded migration files' names for the tests.
func MigrationFiles() ([]string, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	for i := range names {
		names[i] = names[i][len("migrations/"):]
	}
	return names, err
}

// MigrateWith migrates db with the embedded migrations plus extra (file
// name to SQL), as if extra had been added to the source tree.
func (db *DB) MigrateWith(ctx context.Context, extra map[string]string) error {
	fsys, err := renderMigrations(db.Dialect)
	if err != nil {
		return err
	}
	files := fsys.(fstest.MapFS)
	for name, src := range extra {
		files[name] = &fstest.MapFile{Data: []byte(src)}
	}
	return db.migrate(ctx, slog.New(slog.NewTextHandler(io.Discard, nil)), files)
}
