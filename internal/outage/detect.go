// Package outage notices when the database is unreachable (Datenbankausfall)
// and keeps that state for the process: DatabaseDown tells a database
// outage apart from every other error, Monitor holds the current state for
// /readyz, the pages' notice and the maintenance page, and Calm keeps the
// background loops' logs short while the outage lasts.
//
// Crisis mode (Krisenbetrieb, docs/crisis.md) builds on it: what can be
// served from memory is served, what needs the database answers with a
// maintenance page that keeps what the user typed, and everything resumes
// by itself when the database answers again.
package outage

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
)

// DatabaseDown reports whether err means the database cannot be reached
// or cannot take work right now: the connection was refused, reset or
// cut, the server is shutting down or starting, it has no connection
// slot left, or a query timed out (which includes waiting for a pool
// connection past the request's deadline). Everything else — a broken
// rule, a missing row, a constraint, a syntax error, a request the
// client cancelled — is not an outage and keeps its own answer.
func DatabaseDown(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgCodeDown(pgErr.Code)
	}
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	switch {
	case errors.As(err, &connectErr), errors.As(err, &netErr):
		return true
	case errors.Is(err, context.DeadlineExceeded), pgconn.Timeout(err):
		return true
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, io.ErrUnexpectedEOF):
		return true
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return true
	}
	return sqliteDown(err)
}

// pgCodeDown: SQLSTATE class 08 (connection exception), 57P01–57P03
// (administrator or crash shutdown, cannot connect now) and 53300 (too
// many connections).
func pgCodeDown(code string) bool {
	if len(code) == 5 && code[:2] == "08" {
		return true
	}
	switch code {
	case "57P01", "57P02", "57P03", "53300":
		return true
	}
	return false
}

// SQLite's primary result codes that mean "not now" rather than "wrong":
// busy or locked past the busy timeout, an I/O error, a file it cannot
// open, a full disk.
const (
	sqliteBusy     = 5
	sqliteLocked   = 6
	sqliteIOErr    = 10
	sqliteFull     = 13
	sqliteCantOpen = 14
)

// sqliteDown classifies modernc.org/sqlite's errors by their result code
// (through the Code method, so this package needs no SQLite import).
func sqliteDown(err error) bool {
	var coded interface{ Code() int }
	if !errors.As(err, &coded) {
		return false
	}
	switch coded.Code() & 0xff {
	case sqliteBusy, sqliteLocked, sqliteIOErr, sqliteFull, sqliteCantOpen:
		return true
	}
	return false
}
