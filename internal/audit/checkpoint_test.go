package audit

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

func anchored(t *testing.T, db *store.DB, n int) Anchor {
	t.Helper()
	ctx := context.Background()
	for i := 0; i < n; i++ {
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			return Append(ctx, tx, Entry{Actor: "user:1", Action: "case.view", ObjectType: "case",
				ObjectID: string(rune('a' + i)), Details: map[string]any{"i": i}})
		}); err != nil {
			t.Fatal(err)
		}
	}
	a := Anchor{Key: []byte(strings.Repeat("k", 32)), File: filepath.Join(t.TempDir(), "checkpoints.jsonl")}
	if _, err := a.Take(ctx, db, time.Now()); err != nil {
		t.Fatal(err)
	}
	return a
}

func exec(t *testing.T, db *store.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// rewrite changes row from and recomputes every later hash and the head,
// as someone with write access to the database can: the chain alone then
// verifies as intact.
func rewrite(t *testing.T, db *store.DB, from int64) {
	t.Helper()
	ctx := context.Background()
	exec(t, db, "UPDATE audit_log SET actor = 'user:666' WHERE seq = $1", from)
	rows, err := db.QueryContext(ctx, `SELECT seq, at, COALESCE(tenant_id, 0), actor, action, object_type, object_id, details
		FROM audit_log ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	var all []Entry
	var details []string
	for rows.Next() {
		var e Entry
		var d string
		if err := rows.Scan(&e.Seq, &e.At, &e.TenantID, &e.Actor, &e.Action, &e.ObjectType, &e.ObjectID, &d); err != nil {
			t.Fatal(err)
		}
		all, details = append(all, e), append(details, d)
	}
	rows.Close()
	prev := ""
	for i, e := range all {
		e.PrevHash = prev
		e.Hash = hashOf(e, details[i])
		exec(t, db, "UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE seq = $3", e.PrevHash, e.Hash, e.Seq)
		prev = e.Hash
	}
	exec(t, db, "UPDATE audit_head SET last_hash = $1 WHERE id = 1", prev)
}

// truncate deletes the rows after keep and moves the head back to it.
func truncate(t *testing.T, db *store.DB, keep int64) {
	t.Helper()
	exec(t, db, "DELETE FROM audit_log WHERE seq > $1", keep)
	exec(t, db, "UPDATE audit_head SET last_seq = $1, last_hash = (SELECT hash FROM audit_log WHERE seq = $1) WHERE id = 1", keep)
}

// TestCheckpointsDetectTruncationAndRewrite: deleting the last rows with
// the head moved back, or rewriting a row with every later hash
// recomputed, verifies as intact by the chain alone (the finding); the
// signed checkpoint — in the file and in the table — exposes both, and a
// checkpoint not signed with the key is reported too.
func TestCheckpointsDetectTruncationAndRewrite(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cases := []struct {
			name   string
			tamper func(t *testing.T, db *store.DB, a Anchor)
			want   string
		}{
			{"intact", func(*testing.T, *store.DB, Anchor) {}, ""},
			{"truncated", func(t *testing.T, db *store.DB, _ Anchor) { truncate(t, db, 3) }, "row 5: checkpoint of"},
			{"truncated, table checkpoints deleted too", func(t *testing.T, db *store.DB, _ Anchor) {
				truncate(t, db, 2)
				exec(t, db, "DELETE FROM audit_checkpoint")
			}, "the log ends at row 2 (rows deleted at the end: truncated)"},
			{"rewritten", func(t *testing.T, db *store.DB, _ Anchor) { rewrite(t, db, 2) }, "rows up to it were rewritten"},
			{"forged checkpoint", func(t *testing.T, db *store.DB, a Anchor) {
				os.Remove(a.File)
				rewrite(t, db, 4)
				other := Anchor{Key: []byte(strings.Repeat("x", 32))}
				var h string
				db.QueryRowContext(ctx, "SELECT hash FROM audit_log WHERE seq = 5").Scan(&h)
				at := time.Now().UTC().Truncate(time.Microsecond)
				exec(t, db, "UPDATE audit_checkpoint SET hash = $1, at = $2, mac = $3 WHERE seq = 5", h, at, other.mac(5, h, at))
			}, "not signed with this installation's audit key"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				db := storetest.Open(t, db.Dialect)
				a := anchored(t, db, 5)
				c.tamper(t, db, a)
				if _, chain, err := Verify(ctx, db); err != nil || len(chain) != 0 {
					t.Fatalf("the chain alone should not see it: %v %v", chain, err)
				}
				n, latest, problems, err := a.VerifyAnchored(ctx, db)
				if err != nil {
					t.Fatal(err)
				}
				got := ""
				for _, p := range problems {
					got += p.String() + "\n"
				}
				if c.want == "" {
					if got != "" || n != 5 || latest.Seq != 5 {
						t.Fatalf("intact: n=%d latest=%d problems:\n%s", n, latest.Seq, got)
					}
					return
				}
				if !strings.Contains(got, c.want) {
					t.Fatalf("want %q in:\n%s", c.want, got)
				}
			})
		}
	})
}

// TestCheckpointTakenOncePerHead: an unchanged head is not signed again;
// a moved head is, and both land in the file.
func TestCheckpointTakenOncePerHead(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := anchored(t, db, 2)
		if _, err := a.Take(ctx, db, time.Now()); err != nil {
			t.Fatal(err)
		}
		cps, _, err := a.fileCheckpoints()
		if err != nil || len(cps) != 1 || cps[0].Seq != 2 || !a.valid(cps[0]) {
			t.Fatalf("%+v %v", cps, err)
		}
		db.Tx(ctx, func(tx *store.Tx) error {
			return Append(ctx, tx, Entry{Actor: "a", Action: "b", ObjectType: "c", ObjectID: "d"})
		})
		if c, err := a.Take(ctx, db, time.Now()); err != nil || c.Seq != 3 {
			t.Fatalf("%+v %v", c, err)
		}
		if cps, _, _ = a.fileCheckpoints(); len(cps) != 2 {
			t.Fatalf("%d checkpoints in the file", len(cps))
		}
	})
}
