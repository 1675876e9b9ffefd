package store

import "database/sql"

// Tx is a write transaction that knows its engine, so functions that run
// inside one need no dialect argument beside it. It embeds *sql.Tx: every
// method of a database/sql transaction works on it, and it is a Querier.
type Tx struct {
	*sql.Tx
	dialect Dialect
}

// Dialect names the engine the transaction runs on.
func (tx *Tx) Dialect() Dialect { return tx.dialect }

// ForUpdate returns the row-lock clause of the engine for a SELECT that
// reads rows it is about to change: " FOR UPDATE" on PostgreSQL and "" on
// SQLite, where the write transaction already holds the database lock.
func (tx *Tx) ForUpdate() string { return tx.dialect.ForUpdate() }

// ForUpdate returns " FOR UPDATE" on PostgreSQL and "" on SQLite; see
// Tx.ForUpdate.
func (d Dialect) ForUpdate() string {
	if d == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// ForUpdateOf locks only the rows of the table named by alias in a join
// (" FOR UPDATE OF c" on PostgreSQL, "" on SQLite).
func (d Dialect) ForUpdateOf(alias string) string {
	if d == Postgres {
		return " FOR UPDATE OF " + alias
	}
	return ""
}

// ForUpdateSkipLocked locks the rows it reads and skips those another
// transaction holds (" FOR UPDATE SKIP LOCKED" on PostgreSQL, "" on
// SQLite, where there is only one writer): the job queue's claim.
func (d Dialect) ForUpdateSkipLocked() string {
	if d == Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}
