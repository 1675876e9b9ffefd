// Package store opens the database — embedded SQLite or PostgreSQL —,
// applies the embedded migrations and names the few dialect differences.
// It holds no business SQL: each capability package owns its queries.
//
// All SQL uses PostgreSQL-style $1 placeholders; modernc.org/sqlite binds
// $NNN by number, so the same text runs on both engines.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// Querier is what both *sql.DB and *sql.Tx offer; read helpers take it so
// they run inside or outside a transaction.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// DB is an open database. On SQLite, writes go through a single connection
// (SQLite allows one writer; queuing in Go is fairer than busy-waiting) and
// reads through a pool; on PostgreSQL both are the same pool.
type DB struct {
	Dialect Dialect
	read    *sql.DB
	write   *sql.DB
	// URL is the connection string without password, for logs.
	URL string
}

// Open opens the database named by dsn: "postgres://..." or
// "postgresql://..." for PostgreSQL, anything else is a SQLite file path
// (created with its directory if missing). It does not migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return openPostgres(ctx, dsn)
	}
	return openSQLite(ctx, dsn)
}

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	db, err := sql.Open("pgx", withConnectTimeout(dsn))
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(20)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect postgres: %w", err)
	}
	return &DB{Dialect: Postgres, read: db, write: db, URL: redact(dsn)}, nil
}

// sqliteParams: WAL so readers never block the writer, foreign keys on,
// a busy timeout for the rare cross-process contention, and IMMEDIATE
// transactions so a writer takes the lock up front instead of failing on
// upgrade.
const sqliteParams = "_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=synchronous(FULL)&_time_format=sqlite"

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path != ":memory:" {
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return nil, fmt.Errorf("create database directory: %w", err)
		}
	}
	write, err := sql.Open("sqlite", "file:"+path+"?"+sqliteParams+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	read, err := sql.Open("sqlite", "file:"+path+"?"+sqliteParams+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	read.SetMaxOpenConns(8)
	db := &DB{Dialect: SQLite, read: read, write: write, URL: path}
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Ping checks that the database answers a query.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	if err := db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}

// Close closes both pools.
func (db *DB) Close() error {
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// QueryContext runs a read query.
func (db *DB) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return db.read.QueryContext(ctx, q, args...)
}

// QueryRowContext runs a read query returning one row.
func (db *DB) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return db.read.QueryRowContext(ctx, q, args...)
}

// ExecContext runs a single write statement outside an explicit
// transaction; a unique or foreign-key violation is a fault.Conflict, as
// in Tx.
func (db *DB) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	res, err := db.write.ExecContext(ctx, q, args...)
	return res, Conflict(err)
}

// ErrCommitUnknown marks an error of the COMMIT itself: the transaction
// may have been committed or not (the context or the connection ended while
// the COMMIT was on its way, and the server may have finished it). A caller
// must then not undo side effects outside the database that a committed row
// may refer to, such as a stored file.
var ErrCommitUnknown = errors.New("the commit's outcome is unknown")

// Tx runs fn in a write transaction and commits when fn returns nil. Each
// workflow step is one Tx that also writes its audit entry and its jobs, so
// a committed change always has its follow-up. A unique or foreign-key
// violation, from fn or from the commit, comes back as a fault.Conflict
// (see Conflict), so a race between two requests is an answer, not a 500.
// A failed COMMIT wraps ErrCommitUnknown.
func (db *DB) Tx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	tx := &Tx{Tx: sqlTx, dialect: db.Dialect}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		tx.Rollback()
		return Conflict(err)
	}
	if err := tx.Commit(); err != nil {
		return Conflict(fmt.Errorf("commit: %w: %w", ErrCommitUnknown, err))
	}
	return nil
}

// Writer returns the pool that writes; the job queue needs it for its own
// transactions.
func (db *DB) Writer() *sql.DB { return db.write }

// Reader returns the read pool (the same as Writer on PostgreSQL).
func (db *DB) Reader() *sql.DB { return db.read }

// defaultConnectTimeout bounds a new connection's dial and start-up when
// the URL names none: without it a database host that stopped answering
// (not refusing) holds every request until the kernel gives up, minutes
// later, instead of showing the maintenance page (crisis mode).
const defaultConnectTimeout = "5"

// withConnectTimeout adds connect_timeout to a postgres:// URL without one.
func withConnectTimeout(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.Query().Has("connect_timeout") {
		return dsn
	}
	q := u.Query()
	q.Set("connect_timeout", defaultConnectTimeout)
	u.RawQuery = q.Encode()
	return u.String()
}

func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres"
	}
	return u.Redacted()
}

// LimitConnections caps the pool at n connections (on SQLite the readers'
// pool; its writer has one). Tests set 1 to prove that a transaction never
// needs a second connection: code that queries the pool while it holds a
// transaction deadlocks once every connection is held that way, which
// collapsed the deadline-day load (docs/benchmarks.md).
func (db *DB) LimitConnections(n int) {
	db.read.SetMaxOpenConns(n)
	db.read.SetMaxIdleConns(n)
}
