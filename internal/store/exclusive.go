package store

import (
	"context"
	"fmt"
)

// Exclusive runs fn while holding the installation-wide lock name: on
// PostgreSQL a session advisory lock on a connection of its own, so
// processes sharing the database run fn one after another (for start-up
// work such as seeding demo data into an empty database); on SQLite, which
// one process uses, it just runs fn.
func (db *DB) Exclusive(ctx context.Context, name string, fn func() error) error {
	if db.Dialect != Postgres {
		return fn()
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("lock %s: %w", name, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(hashtext($1))", "amtsweg:"+name); err != nil {
		return fmt.Errorf("lock %s: %w", name, err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock(hashtext($1))", "amtsweg:"+name)
	return fn()
}
