package backup

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/amtsweg/amtsweg/internal/store"
)

// migrationTable is goose's record of applied migrations: not data, the
// restore's migrations write it.
const migrationTable = "goose_db_version"

// seeded are the tables a fresh migration already fills with one row
// (00001 audit_head, 00010 region's root and catalog_version, 00090
// event_head): an empty installation may hold that row, and the restore
// replaces it with the backup's. TestFreshDatabaseIsEmpty fails when a new
// migration seeds another table.
var seeded = map[string]bool{"audit_head": true, "region": true, "catalog_version": true, "event_head": true,
	// Not by a migration but by the first start of serve: the keyring's
	// record that the store held no plaintext file then (blob/keyring).
	// An installation started once and never used is still empty.
	"blob_keyring": true}

// quote quotes an identifier read from the database's catalog.
func quote(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// tables lists the base tables of the database (the current schema on
// PostgreSQL) except the migration record, sorted by name.
func tables(ctx context.Context, q store.Querier, d store.Dialect) ([]string, error) {
	query := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`
	if d == store.Postgres {
		query = `SELECT table_name FROM information_schema.tables
			WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	names, err := store.Collect(rows, nil, func(r store.Row) (string, error) {
		var n string
		return n, r.Scan(&n)
	})
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	out := names[:0]
	for _, n := range names {
		if n != migrationTable {
			out = append(out, n)
		}
	}
	return out, nil
}

// notEmpty names the first table that holds rows beyond what a fresh
// migration puts there, or "" for an empty installation.
func notEmpty(ctx context.Context, q store.Querier, d store.Dialect) (string, error) {
	names, err := tables(ctx, q, d)
	if err != nil {
		return "", err
	}
	for _, t := range names {
		var n int64
		if err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+quote(t)).Scan(&n); err != nil {
			return "", fmt.Errorf("count %s: %w", t, err)
		}
		if n > 1 || (n == 1 && !seeded[t]) {
			return fmt.Sprintf("table %s has %d rows", t, n), nil
		}
	}
	return "", nil
}

// foreignKeys lists PostgreSQL's foreign-key constraints of the current
// schema as (table, constraint).
func foreignKeys(ctx context.Context, tx *store.Tx) ([][2]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT rel.relname, con.conname FROM pg_constraint con
		JOIN pg_class rel ON rel.oid = con.conrelid
		WHERE con.contype = 'f' AND con.connamespace = current_schema()::regnamespace AND NOT con.condeferrable
		ORDER BY 1, 2`)
	if err != nil {
		return nil, fmt.Errorf("list foreign keys: %w", err)
	}
	return store.Collect(rows, nil, func(r store.Row) ([2]string, error) {
		var fk [2]string
		return fk, r.Scan(&fk[0], &fk[1])
	})
}

// deferForeignKeys makes the load's foreign keys checked at its end, so
// rows load in any order (self-references such as authority.parent_id and
// region.parent_ars included): SQLite defers them for the transaction;
// PostgreSQL's constraints are made deferrable inside the transaction
// and made immediate again by checkForeignKeys. Both are undone by a
// rollback.
func deferForeignKeys(ctx context.Context, tx *store.Tx, d store.Dialect) ([][2]string, error) {
	if d == store.SQLite {
		_, err := tx.ExecContext(ctx, "PRAGMA defer_foreign_keys = ON")
		return nil, err
	}
	fks, err := foreignKeys(ctx, tx)
	if err != nil {
		return nil, err
	}
	for _, fk := range fks {
		q := fmt.Sprintf("ALTER TABLE %s ALTER CONSTRAINT %s DEFERRABLE INITIALLY DEFERRED", quote(fk[0]), quote(fk[1]))
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return nil, fmt.Errorf("defer %s: %w", fk[1], err)
		}
	}
	return fks, nil
}

// checkForeignKeys checks the deferred constraints now (a violation is
// named here, not at commit) and makes PostgreSQL's not deferrable again.
func checkForeignKeys(ctx context.Context, tx *store.Tx, d store.Dialect, fks [][2]string) error {
	if d == store.SQLite {
		return sqliteForeignKeyCheck(ctx, tx)
	}
	if _, err := tx.ExecContext(ctx, "SET CONSTRAINTS ALL IMMEDIATE"); err != nil {
		return fmt.Errorf("foreign keys: %w", err)
	}
	for _, fk := range fks {
		q := fmt.Sprintf("ALTER TABLE %s ALTER CONSTRAINT %s NOT DEFERRABLE", quote(fk[0]), quote(fk[1]))
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("restore %s: %w", fk[1], err)
		}
	}
	return nil
}

// sqliteForeignKeyCheck names the first row whose reference is missing.
func sqliteForeignKeyCheck(ctx context.Context, tx *store.Tx) error {
	var table, parent string
	var rowid any
	var fkid int64
	err := tx.QueryRowContext(ctx, "PRAGMA foreign_key_check").Scan(&table, &rowid, &parent, &fkid)
	if err == nil {
		return fmt.Errorf("foreign keys: a row of %s (rowid %v) references a missing row of %s", table, rowid, parent)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	return fmt.Errorf("foreign keys: %w", err)
}

// resetIdentities sets PostgreSQL's identity counters past the loaded
// ids, so the next insert does not collide; SQLite takes MAX(rowid)+1 by
// itself.
func resetIdentities(ctx context.Context, tx *store.Tx, d store.Dialect) error {
	if d != store.Postgres {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND is_identity = 'YES'`)
	if err != nil {
		return fmt.Errorf("list identity columns: %w", err)
	}
	ids, err := store.Collect(rows, nil, func(r store.Row) ([2]string, error) {
		var c [2]string
		return c, r.Scan(&c[0], &c[1])
	})
	if err != nil {
		return err
	}
	for _, c := range ids {
		q := fmt.Sprintf("SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT MAX(%s) FROM %s), 0) + 1, false)",
			quote(c[1]), quote(c[0]))
		if _, err := tx.ExecContext(ctx, q, quote(c[0]), c[1]); err != nil {
			return fmt.Errorf("identity of %s.%s: %w", c[0], c[1], err)
		}
	}
	return nil
}
