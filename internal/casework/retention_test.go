package casework_test

import (
	"testing"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

func TestRetention(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		due := f.inStatus(t, casework.Closed)
		held := f.inStatus(t, casework.Closed)
		open := f.inStatus(t, casework.InReview)
		wantCode(t, f.s.SetLegalHold(ctx(), f.workerA, held.ID, true, "Klageverfahren"), fault.Forbidden)
		if err := f.s.SetLegalHold(ctx(), f.headA, held.ID, true, "Klageverfahren anhängig"); err != nil {
			t.Fatal(err)
		}
		docs := must(akte.Documents(ctx(), db, due.ID))(t)
		file := must(akte.Get(ctx(), db, due.TenantID, due.ID))(t)
		if want := must(akte.AddPeriod(file.ClosedAt, "P10Y"))(t); !file.DeleteAfter.Equal(want) {
			t.Fatalf("delete after %v, want %v", file.DeleteAfter, want)
		}

		f.clock.Set(file.DeleteAfter.AddDate(0, 0, -1))
		rep := must(f.akte.RunRetention(ctx(), false))(t)
		if len(rep.Deleted) != 0 {
			t.Fatalf("deleted before the retention ran out: %+v", rep)
		}

		f.clock.Set(file.DeleteAfter.AddDate(0, 0, 1))
		rep = must(f.akte.RunRetention(ctx(), true))(t)
		if !rep.DryRun || len(rep.Deleted) != 1 || rep.Deleted[0].CaseID != due.ID || rep.Held != 1 {
			t.Fatalf("dry run %+v", rep)
		}
		must(f.s.Get(ctx(), f.headA, due.ID))(t) // the dry run changed nothing
		if r, err := f.blobs.Open(ctx(), docs[0].BlobKey); err != nil {
			t.Fatalf("dry run deleted a blob: %v", err)
		} else {
			r.Close()
		}

		rep = must(f.akte.RunRetention(ctx(), false))(t)
		if len(rep.Deleted) != 1 || rep.Deleted[0].CaseID != due.ID {
			t.Fatalf("run %+v", rep)
		}
		f.drain(t) // the case's and the application's owners purge them (events.FileDeleted)
		_, err := f.s.Get(ctx(), f.headA, due.ID)
		wantCode(t, err, fault.NotFound)
		for _, d := range docs {
			if _, err := f.blobs.Open(ctx(), d.BlobKey); !fault.Is(err, fault.NotFound) {
				t.Fatalf("blob of %q survived: %v", d.Title, err)
			}
		}
		for _, q := range []string{
			`SELECT COUNT(*) FROM akte_document WHERE case_id = $1`,
			`SELECT COUNT(*) FROM case_event WHERE case_id = $1`,
			`SELECT COUNT(*) FROM case_notice WHERE case_id = $1`,
		} {
			var n int
			if db.QueryRowContext(ctx(), q, due.ID).Scan(&n); n != 0 {
				t.Fatalf("%s: %d rows left", q, n)
			}
		}
		var apps, audits int
		db.QueryRowContext(ctx(), `SELECT COUNT(*) FROM application WHERE id = $1`, due.ApplicationID).Scan(&apps)
		db.QueryRowContext(ctx(), `SELECT COUNT(*) FROM audit_log WHERE action = 'akte.retention_delete' AND object_id = $1`,
			itoa(due.ID)).Scan(&audits)
		if apps != 0 || audits != 1 {
			t.Fatalf("application rows %d, retention audit entries %d", apps, audits)
		}
		must(f.s.Get(ctx(), f.headA, held.ID))(t) // legal hold
		must(f.s.Get(ctx(), f.headA, open.ID))(t) // still open: no retention yet
	})
}
