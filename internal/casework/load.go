package casework

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// caseColumns select a Case from case_record c joined with account a (the
// assignee), with the earliest due date of its open requests.
const caseColumns = `c.id, c.tenant_id, c.application_id, c.reference, c.procedure_id, c.procedure_version,
	c.procedure_title, c.authority_id, c.clearing, c.status, c.outcome, COALESCE(c.assignee_id, 0),
	COALESCE(a.name, ''), c.applicant_name, COALESCE(c.applicant_account_id, 0), c.received_at, c.deadline_at,
	c.approval_fiction, c.decided_at, c.closed_at, c.updated_at,
	(SELECT MIN(r.due_at) FROM case_request r WHERE r.case_id = c.id AND r.status = 'open')`

const caseFrom = ` FROM case_record c LEFT JOIN account a ON a.id = c.assignee_id`

func scanCase(row interface{ Scan(...any) error }) (Case, error) {
	var c Case
	var deadline, decided, closed sql.NullTime
	var due any
	err := row.Scan(&c.ID, &c.TenantID, &c.ApplicationID, &c.Reference, &c.ProcedureID, &c.Version,
		&c.ProcedureTitle, &c.AuthorityID, &c.Clearing, &c.Status, &c.Outcome, &c.AssigneeID,
		&c.AssigneeName, &c.ApplicantName, &c.ApplicantAccountID, &c.ReceivedAt, &deadline,
		&c.ApprovalFiction, &decided, &closed, &c.UpdatedAt, &due)
	if err != nil {
		return c, err
	}
	c.ReceivedAt, c.UpdatedAt = c.ReceivedAt.UTC(), c.UpdatedAt.UTC()
	c.Deadline, c.DecidedAt, c.ClosedAt = timeOf(deadline), timeOf(decided), timeOf(closed)
	c.NextRequestDue, err = anyTime(due)
	return c, err
}

// anyTime reads an aggregate timestamp: SQLite returns MIN() over a
// DATETIME column as text, PostgreSQL as a time.
func anyTime(v any) (time.Time, error) {
	switch x := v.(type) {
	case nil:
		return time.Time{}, nil
	case time.Time:
		return x.UTC(), nil
	case string:
		return parseSQLiteTime(x)
	case []byte:
		return parseSQLiteTime(string(x))
	}
	return time.Time{}, fmt.Errorf("casework: unexpected time value %T", v)
}

func parseSQLiteTime(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("casework: cannot read time %q", s)
}

func timeOf(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func jsonString(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("casework: encode: %w", err)
	}
	return string(b), nil
}

// loadTenantCase reads case id of tenantID without an access check.
// Another tenant's id is fault.NotFound, decided by the database.
func loadTenantCase(ctx context.Context, q store.Querier, tenantID tenant.ID, id int64) (Case, error) {
	return queryTenantCase(ctx, q, tenantID, id, "")
}

// lockTenantCase is loadTenantCase that also locks the case row on
// PostgreSQL until tx ends (SQLite's writer is exclusive anyway).
func lockTenantCase(ctx context.Context, tx *store.Tx, tenantID tenant.ID, id int64) (Case, error) {
	return queryTenantCase(ctx, tx, tenantID, id, tx.Dialect().ForUpdateOf("c"))
}

func queryTenantCase(ctx context.Context, q store.Querier, tenantID tenant.ID, id int64, lock string) (Case, error) {
	query := `SELECT ` + caseColumns + caseFrom + ` WHERE c.id = $1 AND c.tenant_id = $2` + lock
	c, err := scanCase(q.QueryRowContext(ctx, query, id, tenantID))
	if errors.Is(err, sql.ErrNoRows) {
		return Case{}, caseNotFound(id)
	}
	if err != nil {
		return Case{}, fmt.Errorf("casework: load case %d: %w", id, err)
	}
	return c, nil
}

// loadCase reads case id for a background job that knows only the case
// id (FileReceiptJob): it reads the case's tenant first, then loads the
// case within it. Requests of a principal use loadTenantCase.
func loadCase(ctx context.Context, q store.Querier, id int64) (Case, error) {
	var tenantID tenant.ID
	err := q.QueryRowContext(ctx, `SELECT tenant_id FROM case_record WHERE id = $1`, id).Scan(&tenantID)
	if errors.Is(err, sql.ErrNoRows) {
		return Case{}, caseNotFound(id)
	}
	if err != nil {
		return Case{}, fmt.Errorf("casework: tenant of case %d: %w", id, err)
	}
	return loadTenantCase(ctx, q, tenantID, id)
}

func caseNotFound(id int64) error { return fault.New(fault.NotFound, "case %d not found", id) }

// Get returns case id if staff may see it; otherwise fault.NotFound, so
// ids cannot be probed.
func (s *Service) Get(ctx context.Context, staff Staff, id int64) (Case, error) {
	c, err := loadTenantCase(ctx, s.db, staff.TenantID, id)
	if err != nil {
		return Case{}, err
	}
	if !staff.sees(c) {
		return Case{}, caseNotFound(id)
	}
	c.Flags = s.flags(c)
	return c, nil
}

// ByReference returns the case with the reference number if staff may see
// it; otherwise fault.NotFound.
func (s *Service) ByReference(ctx context.Context, staff Staff, reference string) (Case, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT id FROM case_record WHERE tenant_id = $1 AND reference = $2`,
		staff.TenantID, reference).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Case{}, fault.New(fault.NotFound, "no case %q", reference)
	}
	if err != nil {
		return Case{}, err
	}
	return s.Get(ctx, staff, id)
}

// lockForWork loads case id inside tx and checks that staff may work it.
// Invisible cases are fault.NotFound, visible ones staff may not work
// fault.Forbidden.
func (s *Service) lockForWork(ctx context.Context, tx *store.Tx, staff Staff, id int64) (Case, error) {
	c, err := lockTenantCase(ctx, tx, staff.TenantID, id)
	if err != nil {
		return Case{}, err
	}
	if !staff.sees(c) {
		return Case{}, caseNotFound(id)
	}
	if !staff.works(c) {
		return Case{}, fault.New(fault.Forbidden, "only the assigned case worker or the head of unit may do this; claim the case first")
	}
	return c, nil
}

// Events lists the workflow steps of a case staff may see, oldest first.
func (s *Service) Events(ctx context.Context, staff Staff, caseID int64) ([]Event, error) {
	c, err := s.Get(ctx, staff, caseID)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, case_id, at, actor, action, from_status, to_status, details
		FROM case_event WHERE case_id = $1 ORDER BY id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("casework: events: %w", err)
	}
	out, err := store.Collect(rows, nil, scanEvent)
	if err != nil {
		return nil, err
	}
	return out, nameActors(ctx, s.db, c.TenantID, out)
}

func scanEvent(row store.Row) (Event, error) {
	var e Event
	var details string
	if err := row.Scan(&e.ID, &e.CaseID, &e.At, &e.Actor, &e.Action, &e.From, &e.To, &details); err != nil {
		return e, err
	}
	e.At = e.At.UTC()
	if err := json.Unmarshal([]byte(details), &e.Details); err != nil {
		return e, fmt.Errorf("casework: event details: %w", err)
	}
	return e, nil
}
