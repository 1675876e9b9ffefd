package casework_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// TestEventActorNames: the history names staff by their account's name
// and API clients by theirs, only within the case's tenant; a deleted
// account and a foreign tenant's client have no name.
func TestEventActorNames(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		c := f.inStatus(t, casework.InReview) // create (system), assign (headA), review (workerA)
		client := f.apiClient(t, f.tenant, "Meldewesen-Fachverfahren")
		sys := casework.NewSystem(f.tenant, fmt.Sprintf("apiclient:%d", client), "Fachverfahren",
			[]account.StaffRole{{AuthorityID: f.authA, Role: account.RoleHeadOfUnit}})
		must(f.s.RequestInfo(ctx(), sys, c.ID, casework.RequestInput{Subject: "Nachweis", Body: "Bitte senden.",
			Due: f.clock.Now().AddDate(0, 0, 7)}))(t)
		foreign := f.apiClient(t, f.other, "Fremdes Fachverfahren")
		if _, err := db.ExecContext(ctx(), `INSERT INTO case_event (case_id, at, actor, action, from_status, to_status, details)
			VALUES ($1, $2, $3, 'note', 'waiting', 'waiting', '{}'), ($1, $2, $4, 'note', 'waiting', 'waiting', '{}')`,
			c.ID, time.Now().UTC(), fmt.Sprintf("apiclient:%d", foreign), fmt.Sprintf("staff:%d", f.workerO.AccountID)); err != nil {
			t.Fatal(err)
		}
		names := func() map[string]string {
			out := map[string]string{}
			for _, e := range must(f.s.Events(ctx(), f.headA, c.ID))(t) {
				out[e.Actor] = e.ActorName
			}
			return out
		}
		staffA, staffH := fmt.Sprintf("staff:%d", f.workerA.AccountID), fmt.Sprintf("staff:%d", f.headA.AccountID)
		got := names()
		for actor, want := range map[string]string{staffA: "Anna Arbeit", staffH: "Hella Haupt",
			fmt.Sprintf("apiclient:%d", client): "Meldewesen-Fachverfahren", fmt.Sprintf("apiclient:%d", foreign): "",
			fmt.Sprintf("staff:%d", f.workerO.AccountID): "", "system": ""} {
			if n, ok := got[actor]; !ok || n != want {
				t.Errorf("actor %s named %q (present %v), want %q", actor, n, ok, want)
			}
		}
		if _, err := db.ExecContext(ctx(), `UPDATE account SET state = 'deleted', name = '' WHERE id = $1`, f.workerA.AccountID); err != nil {
			t.Fatal(err)
		}
		if n := names()[staffA]; n != "" {
			t.Errorf("deleted account still named %q", n)
		}
		kind, id := casework.Event{Actor: staffA}.ActorKind()
		if kind != casework.ActorStaff || id != f.workerA.AccountID {
			t.Errorf("ActorKind(%s) = %s %d", staffA, kind, id)
		}
		for _, a := range []string{"applicant", "system", "staff:x", "other:5"} {
			if kind, _ := (casework.Event{Actor: a}).ActorKind(); kind != casework.ActorApplicant && kind != casework.ActorSystem {
				t.Errorf("ActorKind(%s) = %s", a, kind)
			}
		}
	})
}

// apiClient inserts an API client of tenantID and returns its id.
func (f *fx) apiClient(t *testing.T, tenantID tenant.ID, name string) int64 {
	t.Helper()
	f.seq++
	var id int64
	if err := f.db.Writer().QueryRowContext(ctx(), `INSERT INTO api_client (tenant_id, name, client_id, secret_hash, scopes,
		rate_per_min, created_at) VALUES ($1, $2, $3, 'x', 'submissions:read', 60, $4) RETURNING id`,
		tenantID, name, fmt.Sprintf("client-%d", f.seq), time.Now().UTC()).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
