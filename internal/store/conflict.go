package store

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// Conflict translates a unique or foreign-key violation into a
// fault.Conflict and returns every other error unchanged. It is the one
// place that knows the engines' codes: SQLSTATE 23505/23503 on PostgreSQL,
// the extended SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY/FOREIGNKEY codes on
// SQLite. The message names no value, so no personal data reaches a page
// or a log line through it; the cause (with the constraint) stays for the
// log. Errors that already carry a fault code keep it.
func Conflict(err error) error {
	if err == nil || !violation(err) {
		return err
	}
	var f *fault.Error
	if errors.As(err, &f) {
		return err
	}
	return fault.Wrap(err, fault.Conflict, "the change conflicts with data stored meanwhile")
}

// IsViolation reports whether err is a unique or foreign-key violation.
func IsViolation(err error) bool { return violation(err) }

func violation(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505" || pg.Code == "23503"
	}
	var lite *sqlite.Error
	if errors.As(err, &lite) {
		switch lite.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY, sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return true
		}
	}
	return false
}
