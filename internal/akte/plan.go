package akte

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// PlanUnit is one unit of a tenant's filing plan (Aktenplaneinheit of the
// Aktenplan): its Kennzeichen, title, parent unit and the defaults of the
// files filed under it.
type PlanUnit struct {
	Code      string // Kennzeichen, e.g. "32.10.05"
	Title     string // Inhaltsangabe
	Parent    string // Kennzeichen of the parent unit; "" at the top
	Retention string // Aufbewahrungsfrist default (ISO 8601 period); "" for none
	Disposal  string // Aussonderungsart default: A, B, V or ""
}

// planHeader is the CSV header of a filing plan, in German as the
// records managers who keep one write it.
var planHeader = []string{"kennzeichen", "titel", "uebergeordnet", "aufbewahrung", "aussonderungsart"}

// ParsePlanCSV reads a filing plan from CSV (header kennzeichen, titel,
// uebergeordnet, aufbewahrung, aussonderungsart; comma or semicolon
// separated) and checks it whole: every problem is named with its line,
// and a plan with any problem is returned as a fault.Invalid error.
func ParsePlanCSV(r io.Reader) ([]PlanUnit, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	text := strings.TrimPrefix(string(b), "\ufeff")
	cr := csv.NewReader(strings.NewReader(text))
	if first, _, _ := strings.Cut(text, "\n"); strings.Count(first, ";") > strings.Count(first, ",") {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = len(planHeader)
	head, err := cr.Read()
	if err != nil || !sameHeader(head) {
		return nil, fault.New(fault.Invalid, "line 1: the header must be %s", strings.Join(planHeader, ";"))
	}
	var units []PlanUnit
	var problems []string
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		u := PlanUnit{Code: strings.TrimSpace(rec[0]), Title: strings.TrimSpace(rec[1]), Parent: strings.TrimSpace(rec[2]),
			Retention: strings.TrimSpace(rec[3]), Disposal: strings.ToUpper(strings.TrimSpace(rec[4]))}
		for _, p := range u.check() {
			problems = append(problems, fmt.Sprintf("line %d (%s): %s", line, u.Code, p))
		}
		units = append(units, u)
	}
	problems = append(problems, checkTree(units)...)
	if len(problems) > 0 {
		return nil, fault.New(fault.Invalid, "the filing plan has %d problems, nothing was imported:\n  %s", len(problems),
			strings.Join(problems, "\n  "))
	}
	return units, nil
}

func sameHeader(h []string) bool {
	for i, want := range planHeader {
		if strings.ToLower(strings.TrimSpace(h[i])) != want {
			return false
		}
	}
	return true
}

func (u PlanUnit) check() []string {
	var p []string
	if u.Code == "" {
		p = append(p, "kennzeichen is empty")
	}
	if u.Title == "" {
		p = append(p, "titel is empty")
	}
	if u.Retention != "" {
		if _, err := ParsePeriod(u.Retention); err != nil {
			p = append(p, "aufbewahrung: "+err.Error())
		}
	}
	if !validDisposal(u.Disposal) {
		p = append(p, fmt.Sprintf("aussonderungsart %q must be A, B, V or empty", u.Disposal))
	}
	return p
}

func validDisposal(d string) bool { return d == "" || d == "A" || d == "B" || d == "V" }

// checkTree finds duplicate Kennzeichen and parents the plan lacks.
func checkTree(units []PlanUnit) []string {
	seen := map[string]bool{}
	var p []string
	for _, u := range units {
		if seen[u.Code] && u.Code != "" {
			p = append(p, fmt.Sprintf("%s: kennzeichen appears twice", u.Code))
		}
		seen[u.Code] = true
	}
	for _, u := range units {
		if u.Parent != "" && !seen[u.Parent] {
			p = append(p, fmt.Sprintf("%s: parent %q is not in the plan", u.Code, u.Parent))
		}
	}
	return p
}

// ReplacePlan makes units the filing plan of tenantID in one transaction,
// audited ("akte.plan_import"); files keep the Kennzeichen they were filed
// under.
func ReplacePlan(ctx context.Context, db *store.DB, actor string, tenantID tenant.ID, units []PlanUnit) error {
	return db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM akte_plan_unit WHERE tenant_id = $1`, tenantID); err != nil {
			return fmt.Errorf("akte: clear plan: %w", err)
		}
		for _, u := range units {
			if _, err := tx.ExecContext(ctx, `INSERT INTO akte_plan_unit (tenant_id, code, title, parent, retention, disposal)
				VALUES ($1, $2, $3, $4, $5, $6)`, tenantID, u.Code, u.Title, u.Parent, u.Retention, u.Disposal); err != nil {
				return fmt.Errorf("akte: plan unit %s: %w", u.Code, err)
			}
		}
		return audit.Append(ctx, tx, audit.Entry{TenantID: int64(tenantID), Actor: actor, Action: "akte.plan_import",
			ObjectType: "tenant", ObjectID: tenantID.String(), Details: map[string]any{"units": len(units)}})
	})
}

// Plan returns the filing plan of tenantID ordered by Kennzeichen.
func Plan(ctx context.Context, q store.Querier, tenantID tenant.ID) ([]PlanUnit, error) {
	rows, err := q.QueryContext(ctx, `SELECT code, title, parent, retention, disposal FROM akte_plan_unit
		WHERE tenant_id = $1 ORDER BY code`, tenantID)
	return store.Collect(rows, err, func(row store.Row) (PlanUnit, error) {
		var u PlanUnit
		err := row.Scan(&u.Code, &u.Title, &u.Parent, &u.Retention, &u.Disposal)
		return u, err
	})
}

// Unit returns the unit code of tenantID's filing plan, or fault.NotFound.
func Unit(ctx context.Context, q store.Querier, tenantID tenant.ID, code string) (PlanUnit, error) {
	u := PlanUnit{Code: code}
	err := q.QueryRowContext(ctx, `SELECT title, parent, retention, disposal FROM akte_plan_unit
		WHERE tenant_id = $1 AND code = $2`, tenantID, code).Scan(&u.Title, &u.Parent, &u.Retention, &u.Disposal)
	if errors.Is(err, sql.ErrNoRows) {
		return PlanUnit{}, fault.New(fault.NotFound, "the filing plan has no unit %q", code)
	}
	return u, err
}

// withPlanDefaults fills f's empty Retention and Disposal from its plan
// unit, and an empty Retention then with P10Y. A unit the plan does not
// know is kept as the procedure names it (the offer lists such files).
func withPlanDefaults(ctx context.Context, q store.Querier, f File) (File, error) {
	if f.PlanUnit != "" && (f.Retention == "" || f.Disposal == "") {
		u, err := Unit(ctx, q, f.TenantID, f.PlanUnit)
		if err != nil && !fault.Is(err, fault.NotFound) {
			return f, err
		}
		f.Retention = cmp.Or(f.Retention, u.Retention)
		f.Disposal = cmp.Or(f.Disposal, u.Disposal)
	}
	f.Retention = cmp.Or(f.Retention, "P10Y")
	if !validDisposal(f.Disposal) {
		return f, fault.New(fault.Invalid, "Aussonderungsart %q of %s must be A, B or V", f.Disposal, f.ProcedureID)
	}
	return f, nil
}
