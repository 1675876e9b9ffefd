package store

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/pressly/goose/v3"
)

// provider is the goose provider over the dialect's rendered migrations.
func (db *DB) provider() (*goose.Provider, error) {
	fsys, err := renderMigrations(db.Dialect)
	if err != nil {
		return nil, err
	}
	dialect := goose.DialectSQLite3
	if db.Dialect == Postgres {
		dialect = goose.DialectPostgres
	}
	p, err := goose.NewProvider(dialect, db.write, fsys, goose.WithAllowOutofOrder(false))
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return p, nil
}

// SchemaVersion is the highest migration applied to the database (0 for
// a database never migrated). A backup records it, and a restore migrates
// the empty target to it before loading rows (package backup).
func (db *DB) SchemaVersion(ctx context.Context) (int64, error) {
	p, err := db.provider()
	if err != nil {
		return 0, err
	}
	v, err := p.GetDBVersion(ctx)
	if err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	return v, nil
}

// LatestVersion is the highest migration this binary carries.
func LatestVersion() (int64, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return 0, err
	}
	var latest int64
	for _, name := range names {
		v, err := goose.NumericComponent(name)
		if err != nil {
			return 0, fmt.Errorf("migration %s: %w", name, err)
		}
		latest = max(latest, v)
	}
	return latest, nil
}

// MigrateTo applies the pending migrations up to and including version,
// no further: a restore loads a backup's rows into the schema they were
// written from, then Migrate brings them forward.
func (db *DB) MigrateTo(ctx context.Context, log *slog.Logger, version int64) error {
	p, err := db.provider()
	if err != nil {
		return err
	}
	results, err := p.UpTo(ctx, version)
	if err != nil {
		db.resetAfterFailedRebuild()
		return fmt.Errorf("migrate to %d: %w", version, err)
	}
	for _, r := range results {
		log.Info("migration applied", "version", r.Source.Version, "file", r.Source.Path, "duration", r.Duration)
	}
	return nil
}

// VersionIn is SchemaVersion read through q: inside a transaction, the
// version its snapshot sees (package backup reads it with the rows).
func VersionIn(ctx context.Context, q Querier) (int64, error) {
	var v int64
	if err := q.QueryRowContext(ctx, "SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	return v, nil
}
