package akte

import (
	"bytes"
	"context"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// This file is what the records office (Registratur) reads and does
// through the Service, for the command line and the tenant administration
// alike: import and read the filing plan, list the files due for the
// archive and the conversation's state.

// ImportPlan replaces tenantID's filing plan with the one in b: an xdomea
// 0301 message (XML or its zip, recognised by its first bytes) or CSV
// (ParsePlanCSV). name names the input in errors. The plan is checked
// whole before anything changes: with any problem the error (fault.Invalid)
// lists every one with its line or element path and the stored plan stays
// as it was. It returns how many units the plan has.
func (s *Service) ImportPlan(ctx context.Context, actor string, tenantID tenant.ID, name string, b []byte) (int, error) {
	var units []PlanUnit
	var err error
	if head := bytes.TrimLeft(bytes.TrimPrefix(b, []byte("\ufeff")), " \t\r\n"); bytes.HasPrefix(head, []byte("<")) || bytes.HasPrefix(head, []byte("PK")) {
		units, err = ParsePlanXdomea(name, b) // Aktenplan.Aktenplan.0301
	} else {
		units, err = ParsePlanCSV(bytes.NewReader(b))
	}
	if err == nil {
		err = ReplacePlan(ctx, s.db, actor, tenantID, units)
	}
	return len(units), err
}

// PlanRow is one unit of the filing plan as a tree shows it: its depth
// below the top (0 at the top) and how many files are filed under it.
type PlanRow struct {
	PlanUnit
	Depth int
	Files int
}

// PlanTree returns tenantID's filing plan in tree order (each unit after
// its parent, siblings by Kennzeichen) with the number of files filed
// under each unit.
func (s *Service) PlanTree(ctx context.Context, tenantID tenant.ID) ([]PlanRow, error) {
	units, err := Plan(ctx, s.db, tenantID)
	if err != nil {
		return nil, err
	}
	counts, err := s.filesPerUnit(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	children := map[string][]PlanUnit{}
	for _, u := range units {
		children[u.Parent] = append(children[u.Parent], u)
	}
	rows := make([]PlanRow, 0, len(units))
	var walk func(parent string, depth int)
	walk = func(parent string, depth int) {
		for _, u := range children[parent] {
			rows = append(rows, PlanRow{PlanUnit: u, Depth: depth, Files: counts[u.Code]})
			if depth < len(units) { // a plan is checked for cycles only by its parents existing
				walk(u.Code, depth+1)
			}
		}
	}
	walk("", 0)
	return rows, nil
}

func (s *Service) filesPerUnit(ctx context.Context, tenantID tenant.ID) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT plan_unit, COUNT(*) FROM akte_file WHERE tenant_id = $1 AND plan_unit <> ''
		GROUP BY plan_unit`, tenantID)
	out := map[string]int{}
	err = store.ForEach(rows, err, func(row store.Row) error {
		var code string
		var n int
		err := row.Scan(&code, &n)
		out[code] = n
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("akte: files per plan unit: %w", err)
	}
	return out, nil
}

// dueForArchive selects the files of tenant $1 due for the archive at $2
// that were not offered yet: retention over, Aussonderungsart A or B, not
// on legal hold.
const dueForArchive = `SELECT ` + fileColumns + ` FROM akte_file f WHERE tenant_id = $1 AND disposal IN ('A', 'B')
	AND delete_after IS NOT NULL AND delete_after <= $2 AND NOT legal_hold
	AND NOT EXISTS (SELECT 1 FROM akte_disposal d WHERE d.case_id = f.case_id) ORDER BY case_id`

// DueForArchive lists the files of tenantID the next Offer would list.
func (s *Service) DueForArchive(ctx context.Context, tenantID tenant.ID) ([]File, error) {
	return s.files(ctx, dueForArchive, tenantID, s.now())
}

// Conversation lists tenantID's files in the archive conversation with
// the dates of their steps (Disposals). A confirmed file is deleted with
// its row, so the list shows it no longer.
func (s *Service) Conversation(ctx context.Context, tenantID tenant.ID) ([]DisposalState, error) {
	return Disposals(ctx, s.db, tenantID)
}

// ToSend lists the ProzessIDs of tenantID's conversations with files
// waiting for their 0503 (the package function ToSend).
func (s *Service) ToSend(ctx context.Context, tenantID tenant.ID) ([]string, error) {
	return ToSend(ctx, s.db, tenantID)
}

// Parties returns the parties of tenant t's messages: opt as given, with
// the tenant's name as Sender and its slug as SenderKey where opt leaves
// them empty.
func Parties(t tenant.Tenant, opt ExportOptions) ExportOptions {
	if opt.Sender == "" {
		opt.Sender = t.Name
	}
	if opt.SenderKey == "" {
		opt.SenderKey = t.Slug
	}
	return opt
}
