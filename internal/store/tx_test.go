package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// scratch creates two linked tables private to this test.
func scratch(t *testing.T, db *store.DB) {
	t.Helper()
	err := db.Tx(context.Background(), func(tx *store.Tx) error {
		if _, err := tx.ExecContext(context.Background(), `CREATE TABLE scratch_parent (id BIGINT PRIMARY KEY, name TEXT UNIQUE)`); err != nil {
			return err
		}
		_, err := tx.ExecContext(context.Background(), `CREATE TABLE scratch_child (id BIGINT PRIMARY KEY,
			parent_id BIGINT NOT NULL REFERENCES scratch_parent (id))`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func exec(db *store.DB, query string, args ...any) error {
	return db.Tx(context.Background(), func(tx *store.Tx) error {
		_, err := tx.ExecContext(context.Background(), query, args...)
		return err
	})
}

// TestTxConflict: unique, primary-key and foreign-key violations come out
// of DB.Tx as fault.Conflict on both engines, with a message that names no
// value; other errors keep their class.
func TestTxConflict(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		scratch(t, db)
		if err := exec(db, `INSERT INTO scratch_parent (id, name) VALUES (1, 'Erika')`); err != nil {
			t.Fatal(err)
		}
		for name, query := range map[string]string{
			"unique":      `INSERT INTO scratch_parent (id, name) VALUES (2, 'Erika')`,
			"primary key": `INSERT INTO scratch_parent (id, name) VALUES (1, 'Max')`,
			"foreign key": `INSERT INTO scratch_child (id, parent_id) VALUES (1, 99)`,
		} {
			err := exec(db, query)
			if !fault.Is(err, fault.Conflict) {
				t.Errorf("%s: %v, want a conflict", name, err)
				continue
			}
			var fe *fault.Error
			if errors.As(err, &fe) && fe.Message != "the change conflicts with data stored meanwhile" {
				t.Errorf("%s: message %q", name, fe.Message)
			}
		}
		if _, err := db.ExecContext(context.Background(), `INSERT INTO scratch_parent (id, name) VALUES (3, 'Erika')`); !fault.Is(err, fault.Conflict) {
			t.Errorf("DB.ExecContext: %v, want a conflict", err)
		}
		if err := exec(db, `INSERT INTO no_such_table VALUES (1)`); fault.Is(err, fault.Conflict) || err == nil {
			t.Errorf("syntax error became %v", err)
		}
		if err := store.Conflict(fault.New(fault.Invalid, "x")); !fault.Is(err, fault.Invalid) {
			t.Errorf("classified error lost its code: %v", err)
		}
	})
}

// TestTxForUpdate: the row lock exists on PostgreSQL only, and the query
// it ends runs on both engines.
func TestTxForUpdate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		err := db.Tx(context.Background(), func(tx *store.Tx) error {
			want := ""
			if db.Dialect == store.Postgres {
				want = " FOR UPDATE"
			}
			if tx.Dialect() != db.Dialect || tx.ForUpdate() != want {
				t.Errorf("Dialect() = %v, ForUpdate() = %q", tx.Dialect(), tx.ForUpdate())
			}
			rows, err := tx.QueryContext(context.Background(), "SELECT id FROM tenant"+tx.ForUpdate())
			if err != nil {
				return err
			}
			return rows.Close()
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// TestCollect: every row is scanned in order, a scan error stops it, and a
// query error passes through.
func TestCollect(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		scratch(t, db)
		for i, n := range []string{"a", "b", "c"} {
			if err := exec(db, `INSERT INTO scratch_parent (id, name) VALUES ($1, $2)`, i+1, n); err != nil {
				t.Fatal(err)
			}
		}
		scanName := func(r store.Row) (string, error) {
			var s string
			err := r.Scan(&s)
			return s, err
		}
		got, err := store.All(context.Background(), db, scanName, `SELECT name FROM scratch_parent ORDER BY id`)
		if err != nil || len(got) != 3 || got[0] != "a" || got[2] != "c" {
			t.Errorf("All = %v, %v", got, err)
		}
		bad := func(store.Row) (string, error) { return "", errors.New("boom") }
		if _, err := store.All(context.Background(), db, bad, `SELECT name FROM scratch_parent`); err == nil {
			t.Error("scan error lost")
		}
		if _, err := store.All(context.Background(), db, scanName, `SELECT nothing FROM nowhere`); err == nil {
			t.Error("query error lost")
		}
	})
}

// TestFailedCommitIsUnknown: when the context ends after the statements
// but before the COMMIT is through, Tx says the commit's outcome is
// unknown, so callers keep what a committed row may refer to (issue 16:
// under overload a cancelled upload's file was deleted although its row
// had been committed). An error of fn is not such an error.
func TestFailedCommitIsUnknown(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		scratch(t, db)
		ctx, cancel := context.WithCancel(context.Background())
		err := db.Tx(ctx, func(tx *store.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO scratch_parent (id, name) VALUES (1, 'a')`)
			cancel() // the client went away just before the commit
			return err
		})
		if !errors.Is(err, store.ErrCommitUnknown) {
			t.Fatalf("commit after the context ended: %v, want ErrCommitUnknown", err)
		}
		refused := errors.New("refused")
		if err := db.Tx(context.Background(), func(*store.Tx) error { return refused }); !errors.Is(err, refused) || errors.Is(err, store.ErrCommitUnknown) {
			t.Fatalf("an error of fn: %v", err)
		}
	})
}
