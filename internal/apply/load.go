package apply

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/bearer"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
)

const appColumns = `id, tenant_id, procedure_id, procedure_version, service_key, COALESCE(account_id, 0),
	COALESCE(org_id, 0), status, answers, current_page, resume_expires_at, created_at, updated_at,
	submitted_at, COALESCE(reference, ''), COALESCE(authority_id, 0), clearing`

func scanApp(row interface{ Scan(...any) error }) (Application, error) {
	var a Application
	var answers []byte
	var resume, submitted sql.NullTime
	err := row.Scan(&a.ID, &a.TenantID, &a.ProcedureID, &a.Version, &a.ServiceKey, &a.AccountID, &a.OrgID,
		&a.Status, &answers, &a.Page, &resume, &a.CreatedAt, &a.UpdatedAt, &submitted, &a.Reference,
		&a.AuthorityID, &a.Clearing)
	if err != nil {
		return a, err
	}
	if err := decodeAnswers(answers, &a.Answers); err != nil {
		return a, fmt.Errorf("apply: decode answers of %d: %w", a.ID, err)
	}
	if a.Answers == nil {
		a.Answers = map[string]any{}
	}
	a.ResumeExpiresAt, a.SubmittedAt = utc(resume), utc(submitted)
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	return a, nil
}

func utc(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

// loadApp reads application id if owner may act on it: it owns the
// application (owns) and its login reaches the procedure's assurance
// level (levelSuffices). lock is "" or the row lock of a transaction,
// tx.ForUpdate() (SQLite's IMMEDIATE transactions serialise anyway).
func (s *Service) loadApp(ctx context.Context, q store.Querier, id int64, owner Owner, lock string) (Application, error) {
	a, err := loadOwned(ctx, q, id, owner, lock)
	if err != nil {
		return a, err
	}
	if err := s.levelSuffices(ctx, a, owner); err != nil {
		return Application{}, err
	}
	return a, nil
}

// loadOwned reads application id if owner owns it.
func loadOwned(ctx context.Context, q store.Querier, id int64, owner Owner, lock string) (Application, error) {
	query := `SELECT ` + appColumns + `, COALESCE(resume_hash, '') FROM application WHERE id = $1` + lock
	var hash string
	a, err := scanApp(scanExtra{q.QueryRowContext(ctx, query, id), &hash})
	if errors.Is(err, sql.ErrNoRows) {
		return a, notFound(id)
	}
	if err != nil {
		return a, fmt.Errorf("apply: read application %d: %w", id, err)
	}
	if !owns(a, hash, owner, time.Now()) {
		return Application{}, notFound(id)
	}
	return a, nil
}

// scanExtra appends one destination to a row's Scan.
type scanExtra struct {
	row   *sql.Row
	extra any
}

func (s scanExtra) Scan(dest ...any) error { return s.row.Scan(append(dest, s.extra)...) }

// owns decides whether owner may act on a: a guest by a valid, unexpired
// resume secret on the application's own tenant; an account as itself (no organisation) or for the
// application's organisation.
func owns(a Application, resumeHash string, o Owner, at time.Time) bool {
	switch {
	case a.Guest():
		return o.Guest() && o.TenantID == a.TenantID && o.Secret != "" && resumeHash != "" &&
			bearer.Hash(o.Secret) == resumeHash && at.Before(a.ResumeExpiresAt)
	case o.Guest():
		return false
	case a.OrgID != 0:
		return o.OrgID == a.OrgID
	}
	return o.OrgID == 0 && o.AccountID == a.AccountID
}

func notFound(id int64) error { return fault.New(fault.NotFound, "application %d not found", id) }

// editable loads and locks a draft of owner with its compiled procedure.
func (s *Service) editable(ctx context.Context, tx *store.Tx, id int64, owner Owner) (Application, *procedure.Procedure, error) {
	a, err := s.loadApp(ctx, tx, id, owner, tx.ForUpdate())
	if err != nil {
		return a, nil, err
	}
	if a.Status != Draft {
		return a, nil, fault.New(fault.Conflict, "application %d has been submitted and can no longer be changed", id)
	}
	_, p, err := s.versionIn(ctx, tx, a.TenantID, a.ProcedureID, a.Version)
	return a, p, err
}

// sharedVersion returns a published nationwide procedure version (0: the
// latest) and its compiled form; compiled versions are cached, they never
// change. Callers use version (overlay.go), which adds the tenant's overlay.
func (s *Service) sharedVersion(ctx context.Context, q store.Querier, id string, version int) (procedure.Version, *procedure.Procedure, error) {
	if version != 0 {
		if c, ok := s.procs.Load(procKey(id, version)); ok {
			e := c.(*procEntry)
			return e.v, e.p, nil
		}
	}
	var v procedure.Version
	var err error
	if version == 0 {
		v, err = procedure.Latest(ctx, q, id)
	} else {
		v, err = procedure.Get(ctx, q, id, version)
	}
	if err != nil {
		return v, nil, err
	}
	if c, ok := s.procs.Load(procKey(id, v.Version)); ok {
		return v, c.(*procEntry).p, nil
	}
	p, err := v.Procedure()
	if err != nil {
		return v, nil, fmt.Errorf("apply: compile procedure %s/%d: %w", id, v.Version, err)
	}
	s.procs.Store(procKey(id, v.Version), &procEntry{v, p})
	return v, p, nil
}

type procEntry struct {
	v procedure.Version
	p *procedure.Procedure
}

func procKey(id string, version int) string { return fmt.Sprintf("%s/%d", id, version) }

// decodeAnswers decodes stored answers with numbers as json.Number, so a
// number keeps every digit (procedure's normalized form).
func decodeAnswers(b []byte, out *map[string]any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	return dec.Decode(out)
}
