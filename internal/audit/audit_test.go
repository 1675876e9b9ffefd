package audit_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

func appendN(t *testing.T, db *store.DB, n int) {
	t.Helper()
	ctx := context.Background()
	for i := 0; i < n; i++ {
		err := db.Tx(ctx, func(tx *store.Tx) error {
			return audit.Append(ctx, tx, audit.Entry{
				Actor: "user:1", Action: "case.view", ObjectType: "case", ObjectID: string(rune('a' + i)),
				Details: map[string]any{"i": i, "ä": "ß"},
			})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func verify(t *testing.T, db *store.DB) []audit.Problem {
	t.Helper()
	_, problems, err := audit.Verify(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return problems
}

func TestVerifyDetectsTampering(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		cases := []struct {
			name   string
			tamper string
			want   string // the problem must name this row and reason
		}{
			{"intact", "", ""},
			{"changed", "UPDATE audit_log SET actor = 'user:2' WHERE seq = 3", "row 3: content does not match"},
			{"deleted", "DELETE FROM audit_log WHERE seq = 3", "row 4: follows row 2: rows 3 are missing"},
			{"deleted at end", "DELETE FROM audit_log WHERE seq = 5", "row 5: chain head expects row 5"},
			{"inserted", `INSERT INTO audit_log (seq, at, actor, action, object_type, object_id, details, prev_hash, hash)
				SELECT 99, at, actor, action, object_type, object_id, details, prev_hash, hash FROM audit_log WHERE seq = 2`, "row 99"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				db := storetest.Open(t, db.Dialect)
				appendN(t, db, 5)
				if c.tamper != "" {
					if _, err := db.ExecContext(context.Background(), c.tamper); err != nil {
						t.Fatal(err)
					}
				}
				problems := verify(t, db)
				if c.want == "" {
					if len(problems) != 0 {
						t.Fatalf("intact chain reported %v", problems)
					}
					return
				}
				for _, p := range problems {
					if strings.HasPrefix(p.String(), c.want) {
						return
					}
				}
				t.Fatalf("want a problem starting %q, got %v", c.want, problems)
			})
		}
	})
}

func TestAppendRolledBackLeavesNoTrace(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		appendN(t, db, 2)
		err := db.Tx(ctx, func(tx *store.Tx) error {
			if err := audit.Append(ctx, tx, audit.Entry{Actor: "x", Action: "y", ObjectType: "z", ObjectID: "1"}); err != nil {
				return err
			}
			return sql.ErrNoRows // any error rolls back
		})
		if err == nil {
			t.Fatal("want error")
		}
		appendN(t, db, 1)
		n, problems, err := audit.Verify(ctx, db)
		if err != nil || len(problems) != 0 || n != 3 {
			t.Fatalf("n=%d problems=%v err=%v", n, problems, err)
		}
	})
}

func TestConcurrentAppendersKeepOneChain(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const workers, each = 8, 10
		errs := make(chan error, workers)
		for w := 0; w < workers; w++ {
			go func() {
				for i := 0; i < each; i++ {
					err := db.Tx(ctx, func(tx *store.Tx) error {
						return audit.Append(ctx, tx, audit.Entry{Actor: "w", Action: "a", ObjectType: "o", ObjectID: "1"})
					})
					if err != nil {
						errs <- err
						return
					}
				}
				errs <- nil
			}()
		}
		for w := 0; w < workers; w++ {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		n, problems, err := audit.Verify(ctx, db)
		if err != nil || len(problems) != 0 || n != workers*each {
			t.Fatalf("n=%d problems=%v err=%v", n, problems, err)
		}
	})
}
