package casework_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// forwardProcedure serves one LeiKa service, so responsibilities apply.
const forwardProcedure = `id: abgabetest
version: 1
title: {de: "Abgabetest"}
leika: ["99123456001000"]
assurance: low
guest: true
deadline: P3M
retention: P10Y
pages:
  - id: p
    title: {de: Angaben}
    fields:
      - {id: name, type: short_text, label: {de: Name}, required: true}
`

// forwardFx: A (Landkreis Meißen), B (Landkreis Bautzen), the city of
// Meißen (responsible through the LeiKa group), a Bavarian office and
// one with no responsibility for the service.
type forwardFx struct {
	*fx
	city, bavaria, unrelated int64
}

func newForwardFx(t *testing.T, db *store.DB) forwardFx {
	t.Helper()
	f := forwardFx{fx: newFx(t, db)}
	if _, err := procedure.Import(ctx(), db, []byte(forwardProcedure), "abgabetest.yaml"); err != nil {
		t.Fatal(err)
	}
	f.city = mustAuthority(t, db, f.tenant, "stadt-meissen", "Stadtverwaltung Meißen")
	f.bavaria = mustAuthority(t, db, f.tenant, "lra-passau-sn", "Landratsamt Passau")
	f.unrelated = mustAuthority(t, db, f.tenant, "lasub", "Landesamt für Schule")
	for _, r := range [][4]string{
		{"140000000000", "1", "Sachsen", "000000000000"},
		{"146270000000", "3", "Meißen", "140000000000"},
		{"146270230230", "5", "Meißen, Stadt", "146270000000"},
		{"146250000000", "3", "Bautzen", "140000000000"},
		{"090000000000", "1", "Bayern", "000000000000"},
	} {
		if _, err := db.ExecContext(ctx(), `INSERT INTO region (ars, level, name, name_folded, parent_ars) VALUES ($1, $2, $3, $3, $4)`,
			r[0], r[1], r[2], r[3]); err != nil {
			t.Fatal(err)
		}
	}
	f.responsible(t, f.tenant, "99123456001000", "146270000000", f.authA)
	f.responsible(t, f.tenant, "99123456001000", "146250000000", f.authB)
	f.responsible(t, f.tenant, "99123456", "146270230230", f.city) // the LeiKa group
	f.responsible(t, f.tenant, "99123456001000", "090000000000", f.bavaria)
	f.responsible(t, f.tenant, "99999999001000", "140000000000", f.unrelated) // another service
	f.responsible(t, f.other, "99123456001000", "140000000000", f.authO)      // another tenant
	return f
}

func (f forwardFx) responsible(t *testing.T, tenantID tenant.ID, key, ars string, authority int64) {
	t.Helper()
	if _, err := f.db.ExecContext(ctx(), `INSERT INTO responsibility (tenant_id, service_key, region_ars, audience, authority_id, updated_at)
		VALUES ($1, $2, $3, '', $4, $5)`, tenantID, key, ars, authority, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
}

// forwardCase submits an application of the forward procedure to authorityID.
func (f forwardFx) forwardCase(t *testing.T, authorityID int64) casework.Case {
	t.Helper()
	f.seq++
	answers, _ := json.Marshal(map[string]any{"name": "Frieda Fern"})
	var id int64
	if err := f.db.Writer().QueryRowContext(ctx(), `INSERT INTO application (tenant_id, procedure_id, procedure_version, status,
		answers, created_at, updated_at, submitted_at, reference, authority_id, clearing)
		VALUES ($1, 'abgabetest', 1, 'submitted', $2, $3, $3, $3, $4, $5, $6) RETURNING id`,
		f.tenant, string(answers), received, fmt.Sprintf("SN-2026-%06d", f.seq), nullable(authorityID), authorityID == 0).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if err := f.s.OnSubmitted(ctx(), id); err != nil {
		t.Fatal(err)
	}
	return f.caseOf(t, id)
}

func candidateIDs(cs []casework.ForwardCandidate) []int64 {
	var out []int64
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

// TestForwardCandidates: only authorities responsible for the case's
// service, nearest first by the region tree; the search narrows them.
func TestForwardCandidates(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newForwardFx(t, db)
		c := f.forwardCase(t, f.authA)
		got := must(f.s.ForwardCandidates(ctx(), f.headA, c.ID))(t)
		if want := []int64{f.city, f.authB, f.bavaria}; !slices.Equal(candidateIDs(got), want) {
			t.Fatalf("candidates %v (%+v), want city, Bautzen, Bavaria %v", candidateIDs(got), got, want)
		}
		if steps := []int{got[0].Steps, got[1].Steps, got[2].Steps}; !slices.Equal(steps, []int{1, 2, 3}) {
			t.Errorf("steps %v, want 1 2 3", steps)
		}
		if s := casework.FilterCandidates(got, "bAUTzen"); len(s) != 1 || s[0].ID != f.authB {
			t.Errorf("search bautzen: %v", candidateIDs(s))
		}
		if s := casework.FilterCandidates(got, "landratsamt passau"); len(s) != 1 || s[0].ID != f.bavaria {
			t.Errorf("search two words: %v", candidateIDs(s))
		}
		if _, err := f.s.ForwardCandidates(ctx(), f.workerB, c.ID); !fault.Is(err, fault.NotFound) {
			t.Errorf("B lists targets of A's case: %v", err)
		}
	})
}

// TestForwardRefusesUnresponsible is the regression test of the forward
// list that offered every authority of the tenant: casework refuses a
// target not responsible for the case's service, and the case stays.
func TestForwardRefusesUnresponsible(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newForwardFx(t, db)
		c := f.forwardCase(t, f.authA)
		for name, to := range map[string]int64{"other service": f.unrelated, "other tenant": f.authO,
			"itself": f.authA, "unknown": 999999} {
			_, err := f.s.Forward(ctx(), f.headA, c.ID, to, "zuständig")
			var fe *fault.Error
			if !errors.As(err, &fe) || fe.Code != fault.Invalid || len(fe.Fields) != 1 || fe.Fields[0].Field != "authority" {
				t.Fatalf("%s: forward error %v, want Invalid on the field authority", name, err)
			}
		}
		if got := must(f.s.Get(ctx(), f.headA, c.ID))(t); got.AuthorityID != f.authA {
			t.Fatalf("the refused forward moved the case to %d", got.AuthorityID)
		}
		got := must(f.s.Forward(ctx(), f.headA, c.ID, f.authB, "Wohnort im Landkreis Bautzen"))(t)
		if got.AuthorityID != f.authB {
			t.Fatalf("forwarded to %d, want Bautzen", got.AuthorityID)
		}
	})
}

// TestForwardCandidatesFromClearing: the clearing office is responsible
// for nothing, so nearness is unknown and the list goes by name.
func TestForwardCandidatesFromClearing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newForwardFx(t, db)
		c := f.forwardCase(t, 0)
		got := must(f.s.ForwardCandidates(ctx(), f.admin, c.ID))(t)
		if want := []int64{f.authB, f.authA, f.bavaria, f.city}; !slices.Equal(candidateIDs(got), want) {
			t.Fatalf("candidates %v, want by name %v", candidateIDs(got), want)
		}
		for _, x := range got {
			if x.Steps != -1 {
				t.Errorf("%s: steps %d from the clearing office, want -1", x.Name, x.Steps)
			}
		}
	})
}
