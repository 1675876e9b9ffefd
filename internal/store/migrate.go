package store

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"testing/fstest"
	"text/template"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrate applies all pending migrations. The files are text/templates over
// Types, so one numbered file serves both engines.
func (db *DB) Migrate(ctx context.Context, log *slog.Logger) error {
	fsys, err := renderMigrations(db.Dialect)
	if err != nil {
		return err
	}
	return db.migrate(ctx, log, fsys)
}

// migrate applies the pending migrations of fsys strictly in sequence: a
// file numbered below the highest version a database already has is an
// error, never applied late (goose's default, stated here because the
// numbering rule in migrate_test.go relies on it).
func (db *DB) migrate(ctx context.Context, log *slog.Logger, fsys fs.FS) error {
	dialect := goose.DialectSQLite3
	if db.Dialect == Postgres {
		dialect = goose.DialectPostgres
	}
	opts := []goose.ProviderOption{goose.WithAllowOutofOrder(false)}
	if db.Dialect == Postgres {
		// Processes starting together on one database migrate one after
		// another (a PostgreSQL advisory lock held for the run).
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return fmt.Errorf("migrations: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, db.write, fsys, opts...)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		db.resetAfterFailedRebuild()
		return fmt.Errorf("migrate: %w", err)
	}
	for _, r := range results {
		log.Info("migration applied", "version", r.Source.Version, "file", r.Source.Path, "duration", r.Duration)
	}
	return nil
}

// resetAfterFailedRebuild: a SQLite migration that rebuilds tables runs
// outside goose's transaction with foreign keys off (00160); when it
// fails halfway, its own transaction is still open on the single writer
// connection. Roll it back and turn foreign keys on again, so the
// connection is as Open left it. Both statements fail harmlessly when
// there is nothing to undo.
func (db *DB) resetAfterFailedRebuild() {
	if db.Dialect != SQLite {
		return
	}
	ctx := context.Background()
	db.write.ExecContext(ctx, "ROLLBACK")
	db.write.ExecContext(ctx, "PRAGMA foreign_keys = ON")
}

// renderMigrations fills the dialect's types into every migration file.
func renderMigrations(d Dialect) (fs.FS, error) {
	out := fstest.MapFS{}
	entries, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	for _, name := range entries {
		src, err := migrationFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		t, err := template.New(name).Option("missingkey=error").Parse(string(src))
		if err != nil {
			return nil, fmt.Errorf("migration %s: %w", name, err)
		}
		var buf bytes.Buffer
		if err := t.Execute(&buf, d.Types()); err != nil {
			return nil, fmt.Errorf("migration %s: %w", name, err)
		}
		out[name[len("migrations/"):]] = &fstest.MapFile{Data: buf.Bytes()}
	}
	return out, nil
}
