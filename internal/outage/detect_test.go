package outage_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/outage"
)

// closedPort returns a loopback address nobody listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// TestDatabaseDownRealErrors classifies errors the drivers really return:
// a refused PostgreSQL connection (through database/sql, wrapped by a
// capability's fault) is an outage; no row, a cancelled request and a
// rule's fault are not.
func TestDatabaseDownRealErrors(t *testing.T) {
	t.Parallel()
	db, err := sql.Open("pgx", "postgres://postgres@"+closedPort(t)+"/x?sslmode=disable&connect_timeout=2")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	refused := db.PingContext(context.Background())
	if refused == nil {
		t.Fatal("ping of a closed port succeeded")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"connection refused", refused, true},
		{"refused, wrapped in a fault", fault.Wrap(fmt.Errorf("load draft: %w", refused), fault.Internal, "x"), true},
		{"timeout", context.DeadlineExceeded, true},
		{"admin shutdown", &pgconn.PgError{Code: "57P01"}, true},
		{"connection failure class 08", &pgconn.PgError{Code: "08006"}, true},
		{"too many connections", &pgconn.PgError{Code: "53300"}, true},
		{"unique violation", &pgconn.PgError{Code: "23505"}, false},
		{"no rows", sql.ErrNoRows, false},
		{"not found", fault.New(fault.NotFound, "no draft"), false},
		{"cancelled by the client", ctx.Err(), false},
		{"nil", nil, false},
		{"plain", errors.New("boom"), false},
	}
	for _, c := range cases {
		if got := outage.DatabaseDown(c.err); got != c.want {
			t.Errorf("%s: DatabaseDown(%v) = %v, want %v", c.name, c.err, got, c.want)
		}
	}
}

// TestDatabaseDownSQLite: SQLite's "database is locked" past the busy
// timeout is an outage, a syntax error is not.
func TestDatabaseDownSQLite(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "x.db")
	holder, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	if _, err := holder.Exec("CREATE TABLE t (x INTEGER)"); err != nil {
		t.Fatal(err)
	}
	tx, err := holder.Begin() // IMMEDIATE: holds the write lock
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	other, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	_, busy := other.Exec("INSERT INTO t VALUES (1)")
	if busy == nil || !outage.DatabaseDown(busy) {
		t.Errorf("locked database: %v, want an outage", busy)
	}
	_, syntax := other.Exec("SELEC 1")
	if syntax == nil || outage.DatabaseDown(syntax) {
		t.Errorf("syntax error: %v, want no outage", syntax)
	}
}

// TestDatabaseDownPoolExhausted: a request that waits for a pool
// connection past its deadline is an outage (pool exhaustion).
func TestDatabaseDownPoolExhausted(t *testing.T) {
	t.Parallel()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(context.Background()) // the only connection
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err = db.QueryRowContext(ctx, "SELECT 1").Scan(new(int))
	if !outage.DatabaseDown(err) {
		t.Errorf("waiting for a connection past the deadline: %v, want an outage", err)
	}
}
