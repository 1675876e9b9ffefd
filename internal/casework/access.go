package casework

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Staff is a staff member acting in the back office: the principal every
// staff-side function takes. What a staff member may see and do follows
// from it by construction — there is no function that takes a free filter
// over all cases.
//
//   - case worker (Sachbearbeitung) at authority A: sees A's unassigned
//     cases and A's cases assigned to them; works the cases assigned to them.
//   - head of unit (Leitung) at A: sees and works all of A's cases, assigns
//     and reassigns them.
//   - tenant admin: acts as head of unit of the tenant's clearing office.
//   - authority admin: no case access from that role.
type Staff struct {
	AccountID int64
	TenantID  tenant.ID
	Name      string
	roles     map[int64][]account.Role
	// system names a non-human actor (a Fachverfahren's API client) for
	// the audit log; "" for staff accounts.
	system string
}

// NewStaff builds the principal from roles the caller has already loaded
// (e.g. the web session). Prefer LoadStaff.
func NewStaff(tenantID tenant.ID, accountID int64, name string, roles []account.StaffRole) Staff {
	s := Staff{AccountID: accountID, TenantID: tenantID, Name: name, roles: map[int64][]account.Role{}}
	for _, r := range roles {
		s.roles[r.AuthorityID] = append(s.roles[r.AuthorityID], r.Role)
	}
	return s
}

// LoadStaff loads the active staff account accountID of tenantID with its
// roles; anyone else is fault.Forbidden.
func LoadStaff(ctx context.Context, q store.Querier, tenantID tenant.ID, accountID int64) (Staff, error) {
	c, err := account.ContactOf(ctx, q, tenantID, accountID)
	if fault.Is(err, fault.NotFound) || (err == nil && (c.Kind != account.KindStaff || !c.Active)) {
		return Staff{}, fault.New(fault.Forbidden, "not an active staff member of this tenant")
	}
	if err != nil {
		return Staff{}, fmt.Errorf("casework: load staff: %w", err)
	}
	name := c.Name
	roles, err := account.StaffRoles(ctx, q, accountID)
	if err != nil {
		return Staff{}, err
	}
	s := NewStaff(tenantID, accountID, name, roles)
	if s.has(0, account.RoleTenantAdmin) {
		if id, err := clearingOf(ctx, q, tenantID); err == nil {
			s.roles[id] = append(s.roles[id], account.RoleHeadOfUnit)
		}
	}
	return s, nil
}

func (s Staff) has(authorityID int64, r account.Role) bool {
	return slices.Contains(s.roles[authorityID], r)
}

// IsHead reports whether s is head of unit at authorityID.
func (s Staff) IsHead(authorityID int64) bool { return s.has(authorityID, account.RoleHeadOfUnit) }

// IsCaseWorker reports whether s is a case worker at authorityID.
func (s Staff) IsCaseWorker(authorityID int64) bool {
	return s.has(authorityID, account.RoleCaseWorker)
}

// Authorities lists the authorities whose cases s may see, ascending.
func (s Staff) Authorities() []int64 {
	var out []int64
	for id := range s.roles {
		if s.IsHead(id) || s.IsCaseWorker(id) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// actor is how s appears in events and the audit log.
func (s Staff) actor() string {
	if s.system != "" {
		return s.system
	}
	return "staff:" + strconv.FormatInt(s.AccountID, 10)
}

// NewSystem builds the principal of a specialised system (Fachverfahren)
// acting through the API: it has no staff account, and the audit log and
// case history name it by actor (e.g. "apiclient:7").
func NewSystem(tenantID tenant.ID, actor, name string, roles []account.StaffRole) Staff {
	s := NewStaff(tenantID, 0, name, roles)
	s.system = actor
	return s
}

// sees reports whether s may see c.
func (s Staff) sees(c Case) bool {
	if c.TenantID != s.TenantID {
		return false
	}
	if s.IsHead(c.AuthorityID) {
		return true
	}
	return s.IsCaseWorker(c.AuthorityID) && (c.AssigneeID == 0 || c.AssigneeID == s.AccountID)
}

// works reports whether s may work c: its head of unit, or the case worker
// it is assigned to.
func (s Staff) works(c Case) bool {
	return c.TenantID == s.TenantID && (s.IsHead(c.AuthorityID) ||
		(s.IsCaseWorker(c.AuthorityID) && c.AssigneeID == s.AccountID))
}

// scope returns the SQL condition on case_record c that limits a query to
// what s may see, with its arguments numbered from next.
func (s Staff) scope(next int) (string, []any) {
	return s.scopeWith(next, "(c.assignee_id IS NULL OR c.assignee_id = $%[1]d)")
}

// pageScope is scope for a page of the inbox read in its order's index
// (Posteingangsseite): the same cases, but a case worker's "unassigned or
// mine" is one expression that no index on the assignee answers, so the
// engine walks the order's index and stops after the page instead of
// collecting all the worker's cases from case_record_mine and sorting them
// (SQLite's choice at 200,000 cases: docs/benchmarks.md, "Volume"). The
// counts keep scope, whose two assignee ranges suit them, and so does
// PostgreSQL, whose estimate of the COALESCE (0.5 %) makes it sort.
func (s Staff) pageScope(next int) (string, []any) {
	return s.scopeWith(next, "COALESCE(c.assignee_id, $%[1]d) = $%[1]d")
}

// scopeWith is scope with mine, the case worker's condition on the
// assignee, formatted with the account's argument number.
func (s Staff) scopeWith(next int, mine string) (string, []any) {
	var heads, workers []string
	for _, id := range s.Authorities() {
		if s.IsHead(id) {
			heads = append(heads, strconv.FormatInt(id, 10))
		} else {
			workers = append(workers, strconv.FormatInt(id, 10))
		}
	}
	var parts []string
	if len(heads) > 0 {
		parts = append(parts, "c.authority_id IN ("+strings.Join(heads, ",")+")")
	}
	if len(workers) > 0 {
		parts = append(parts, "(c.authority_id IN ("+strings.Join(workers, ",")+") AND "+fmt.Sprintf(mine, next+1)+")")
	}
	if len(parts) == 0 {
		return "1 = 0", nil
	}
	args := []any{s.TenantID}
	if len(workers) > 0 {
		args = append(args, s.AccountID)
	}
	return fmt.Sprintf("c.tenant_id = $%d AND (%s)", next, strings.Join(parts, " OR ")), args
}

// Applicant is the applicant acting on their own case through the
// mailbox or the portal. The caller has checked that the logged-in person
// (or the guest with the resume secret) owns the application, e.g. with
// apply.Service.Get; casework then trusts ApplicationID.
type Applicant struct {
	TenantID      tenant.ID
	ApplicationID int64
}
