// Package storetest opens real databases for tests: SQLite always, and
// PostgreSQL whenever AMTSWEG_TEST_POSTGRES_URL is set. Each call gets a
// fresh, migrated database (a new file, or a new PostgreSQL schema dropped
// after the test), so runs never see each other's state.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/amtsweg/amtsweg/internal/store"
)

// EnvPostgres names the variable with the PostgreSQL URL for tests.
const EnvPostgres = "AMTSWEG_TEST_POSTGRES_URL"

// EnvPool names the variable that caps the connection pool of every test
// database (Open, and the app started by browsertest) at that many
// connections. AMTSWEG_TEST_POOL=1 makes a transaction that reads or
// writes through the pool instead of through itself hang at once instead
// of under load, where it deadlocked the deadline-day run
// (docs/benchmarks.md); run with a short -timeout and read the goroutine
// dump.
const EnvPool = "AMTSWEG_TEST_POOL"

// Limit caps db's pool as AMTSWEG_TEST_POOL says (see EnvPool); unset,
// it leaves the pool alone. A value that is not a positive number fails
// the test.
func Limit(t testing.TB, db *store.DB) {
	t.Helper()
	v := os.Getenv(EnvPool)
	if v == "" {
		return
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("%s=%q: want a positive number of connections", EnvPool, v)
	}
	db.LimitConnections(n)
}

// Each runs fn as a subtest once per available engine, each with a fresh
// migrated database.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, d := range Dialects() {
		t.Run(d.String(), func(t *testing.T) { fn(t, Open(t, d)) })
	}
}

// Dialects lists the engines tests run on here.
func Dialects() []store.Dialect {
	if os.Getenv(EnvPostgres) != "" {
		return []store.Dialect{store.SQLite, store.Postgres}
	}
	return []store.Dialect{store.SQLite}
}

// Open returns a fresh migrated database of dialect d, closed and removed
// when the test ends.
func Open(t testing.TB, d store.Dialect) *store.DB {
	t.Helper()
	dsn := DSN(t, d)
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open %s: %v", d, err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background(), slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatalf("migrate %s: %v", d, err)
	}
	Limit(t, db)
	return db
}

// DSN returns a connection string for a fresh, empty database of dialect d
// (a new SQLite file or a new PostgreSQL schema) that is removed when the
// test ends. Tests that start the whole program use it.
func DSN(t testing.TB, d store.Dialect) string {
	t.Helper()
	if d == store.SQLite {
		return filepath.Join(t.TempDir(), "amtsweg.db")
	}
	base := os.Getenv(EnvPostgres)
	if base == "" {
		t.Fatalf("%s is not set", EnvPostgres)
	}
	schema := "t_" + randomHex(8)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("postgres unreachable or not usable at %s: %v", base, err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer a.Close()
		a.Exec("DROP SCHEMA " + schema + " CASCADE")
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", EnvPostgres, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
