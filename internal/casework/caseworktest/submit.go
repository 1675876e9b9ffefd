package caseworktest

import (
	"context"
	"fmt"
	"testing"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// NoFinder finds no authority: applications go to the clearing office.
type NoFinder struct{}

// Find reports NotFound.
func (NoFinder) Find(context.Context, tenant.ID, string, string, catalog.Audience) (catalog.Authority, error) {
	return catalog.Authority{}, fault.New(fault.NotFound, "none")
}

// Procedure is a small guest procedure (Onlinedienst) without a service:
// one page "p" with a required short text "name".
type Procedure struct {
	ID               string
	TitleDE, TitleEN string
	Deadline         string // ISO 8601 duration; "" means P3M
	// Assurance is the level an account needs ("" means low, which
	// guests may also apply at; a higher level admits accounts only).
	Assurance string
}

// ImportProcedure imports p into db.
func ImportProcedure(t testing.TB, db *store.DB, p Procedure) {
	t.Helper()
	if p.Deadline == "" {
		p.Deadline = "P3M"
	}
	assurance, guest := p.Assurance, p.Assurance == ""
	if guest {
		assurance = "low"
	}
	_, err := procedure.Import(bg(), db, []byte(fmt.Sprintf(procedureYAML, p.ID, p.TitleDE, p.TitleEN, assurance, guest, p.Deadline)), p.ID+".yaml")
	check(t, err)
}

const procedureYAML = `id: %s
version: 1
title: {de: %q, en: %q}
assurance: %s
guest: %t
deadline: %s
retention: P10Y
pages:
  - id: p
    title: {de: Angaben, en: Details}
    fields:
      - {id: name, type: short_text, label: {de: Name, en: Name}, required: true}
`

// Submission is an application Submit files: Owner's (a guest when it has
// no account) in TenantID for Procedure, with Name in its "name" field.
type Submission struct {
	TenantID  tenant.ID
	Procedure string
	Owner     apply.Owner
	Name      string
	Staff     casework.Staff // reads the case back
}

// Submitted is a submitted and routed application.
type Submitted struct {
	Application apply.Application // as its owner sees it
	Owner       apply.Owner       // a guest's with the resume secret
	Case        casework.Case     // as Submission.Staff sees it
}

// Submit starts, fills and submits the application and routes it as the
// subscriber of events.Accepted would; the procedure names no service, so
// the case is at the tenant's clearing office.
func (w *World) Submit(t testing.TB, s Submission) Submitted {
	t.Helper()
	owner := s.Owner
	if owner.Guest() {
		owner.TenantID = s.TenantID // a guest on its tenant's host
	}
	a, secret, err := w.Apps.Start(bg(), apply.StartInput{TenantID: s.TenantID, ProcedureID: s.Procedure, Owner: owner})
	check(t, err)
	if owner.Guest() {
		owner.Secret = secret
	}
	_, err = w.Apps.SavePage(bg(), a.ID, owner, "p", map[string]any{"name": s.Name})
	check(t, err)
	_, err = w.Apps.Submit(bg(), a.ID, owner, fmt.Sprintf("key-%d", a.ID))
	check(t, err)
	check(t, w.Cases.OnSubmitted(bg(), a.ID))
	a, err = w.Apps.Get(bg(), a.ID, owner)
	check(t, err)
	var caseID int64
	check(t, w.DB.QueryRowContext(bg(), `SELECT id FROM case_record WHERE application_id = $1`, a.ID).Scan(&caseID))
	c, err := w.Cases.Get(bg(), s.Staff, caseID)
	check(t, err)
	return Submitted{Application: a, Owner: owner, Case: c}
}
