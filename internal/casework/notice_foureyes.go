package casework

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// FourEyesScope says which notices need a second person's approval
// (Mitzeichnung) before they are sent.
type FourEyesScope string

// The scopes of a four-eyes rule.
const (
	FourEyesNone       FourEyesScope = "none"       // keine Mitzeichnung
	FourEyesRejections FourEyesScope = "rejections" // Ablehnungen, auch teilweise
	FourEyesAll        FourEyesScope = "all"        // alle Bescheide
)

// FourEyesScopes lists the scopes in the order a form offers them.
var FourEyesScopes = []FourEyesScope{FourEyesNone, FourEyesRejections, FourEyesAll}

// Valid reports whether sc is a known scope.
func (sc FourEyesScope) Valid() bool {
	return sc == FourEyesNone || sc == FourEyesRejections || sc == FourEyesAll
}

// Covers reports whether a notice with outcome o needs approval under sc:
// a partial approval rejects in part, so "rejections" covers it.
func (sc FourEyesScope) Covers(o Outcome) bool {
	switch sc {
	case FourEyesAll:
		return true
	case FourEyesRejections:
		return o == Rejected || o == PartlyApproved
	}
	return false
}

// FourEyesRule is a tenant's four-eyes rule for a procedure's notices,
// for one authority or (AuthorityID 0) for every authority of the tenant;
// an authority's own rule wins over the tenant-wide one.
type FourEyesRule struct {
	ProcedureID string
	AuthorityID int64 // 0: every authority
	Scope       FourEyesScope
}

// defaultFourEyes is the scope without a rule: all notices of Elterngeld
// and BAföG (large sums), none of the others.
func defaultFourEyes(procedureID string) FourEyesScope {
	if procedureID == "elterngeld" || procedureID == "bafoeg-erstantrag" {
		return FourEyesAll
	}
	return FourEyesNone
}

// FourEyes returns the scope that holds for notices of procedureID issued
// by authorityID in tenantID: the authority's rule, else the tenant-wide
// rule, else the package default.
func FourEyes(ctx context.Context, q store.Querier, tenantID tenant.ID, procedureID string, authorityID int64) (FourEyesScope, error) {
	var sc FourEyesScope
	err := q.QueryRowContext(ctx, `SELECT scope FROM case_four_eyes WHERE tenant_id = $1 AND procedure_id = $2
		AND (authority_id = $3 OR authority_id IS NULL) ORDER BY authority_id IS NULL LIMIT 1`,
		tenantID, procedureID, authorityID).Scan(&sc)
	if errors.Is(err, sql.ErrNoRows) {
		return defaultFourEyes(procedureID), nil
	}
	if err != nil {
		return sc, fmt.Errorf("casework: four-eyes rule: %w", err)
	}
	return sc, nil
}

// needsFourEyes reports whether the case's notice with outcome o needs a
// second person's approval.
func needsFourEyes(ctx context.Context, q store.Querier, c Case, o Outcome) (bool, error) {
	sc, err := FourEyes(ctx, q, c.TenantID, c.ProcedureID, c.AuthorityID)
	return sc.Covers(o), err
}

// SetFourEyes turns the four-eyes rule for all of a procedure's notices
// on or off for every authority of the tenant; actor is audited. Tenant
// admins only (the caller checks).
func (s *Service) SetFourEyes(ctx context.Context, actor string, tenantID tenant.ID, procedureID string, on bool) error {
	sc := FourEyesNone
	if on {
		sc = FourEyesAll
	}
	return s.SetFourEyesRule(ctx, actor, tenantID, FourEyesRule{ProcedureID: procedureID, Scope: sc})
}

// SetFourEyesRule stores a four-eyes rule, replacing the rule for the same
// procedure and authority; actor is audited. Notices drafted before keep
// their requirement. Tenant admins only (the caller checks).
func (s *Service) SetFourEyesRule(ctx context.Context, actor string, tenantID tenant.ID, r FourEyesRule) error {
	return s.db.Tx(ctx, func(tx *store.Tx) error { return SetFourEyesRuleTx(ctx, tx, s.now(), actor, tenantID, r) })
}

// checkFourEyesRule refuses a rule without procedure or with an unknown
// scope.
func checkFourEyesRule(r FourEyesRule) error {
	var bad []fault.FieldError
	if strings.TrimSpace(r.ProcedureID) == "" {
		bad = append(bad, fault.FieldError{Field: "procedure", Key: "field.required", Text: "choose a procedure"})
	}
	if !r.Scope.Valid() {
		bad = append(bad, fault.FieldError{Field: "scope", Key: "field.required", Text: "none, rejections or all"})
	}
	if len(bad) > 0 {
		return fault.Fields("incomplete four-eyes rule", bad...)
	}
	return nil
}

// SetFourEyesRuleTx stores a checked rule in tx (SetFourEyesRule; the
// demo seeds its default with it): the authority must be the tenant's.
func SetFourEyesRuleTx(ctx context.Context, tx *store.Tx, now time.Time, actor string, tenantID tenant.ID, r FourEyesRule) error {
	r.ProcedureID = strings.TrimSpace(r.ProcedureID)
	if err := checkFourEyesRule(r); err != nil {
		return err
	}
	if r.AuthorityID != 0 {
		if _, err := catalog.GetAuthority(ctx, tx, tenantID, r.AuthorityID); err != nil {
			return err
		}
	}
	if err := replaceFourEyesRule(ctx, tx, tenantID, r); err != nil {
		return err
	}
	return audit.Append(ctx, tx, audit.Entry{At: now, TenantID: int64(tenantID), Actor: actor,
		Action: "case.four_eyes_set", ObjectType: "procedure", ObjectID: r.ProcedureID,
		Details: map[string]any{"scope": string(r.Scope), "authority": r.AuthorityID}})
}

func replaceFourEyesRule(ctx context.Context, tx *store.Tx, tenantID tenant.ID, r FourEyesRule) error {
	authority := sql.NullInt64{Int64: r.AuthorityID, Valid: r.AuthorityID != 0}
	if _, err := tx.ExecContext(ctx, `DELETE FROM case_four_eyes WHERE tenant_id = $1 AND procedure_id = $2
		AND COALESCE(authority_id, 0) = $3`, tenantID, r.ProcedureID, r.AuthorityID); err != nil {
		return fmt.Errorf("casework: four-eyes rule: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO case_four_eyes (tenant_id, procedure_id, authority_id, scope)
		VALUES ($1, $2, $3, $4)`, tenantID, r.ProcedureID, authority, r.Scope); err != nil {
		return fmt.Errorf("casework: four-eyes rule: %w", err)
	}
	return nil
}

// FourEyesRules lists the tenant's stored four-eyes rules by procedure,
// the tenant-wide rule before the authorities' own.
func FourEyesRules(ctx context.Context, q store.Querier, tenantID tenant.ID) ([]FourEyesRule, error) {
	rows, err := q.QueryContext(ctx, `SELECT procedure_id, COALESCE(authority_id, 0), scope FROM case_four_eyes
		WHERE tenant_id = $1 ORDER BY procedure_id, COALESCE(authority_id, 0)`, tenantID)
	if err != nil {
		return nil, fmt.Errorf("casework: four-eyes rules: %w", err)
	}
	return store.Collect(rows, nil, func(row store.Row) (FourEyesRule, error) {
		var r FourEyesRule
		return r, row.Scan(&r.ProcedureID, &r.AuthorityID, &r.Scope)
	})
}
