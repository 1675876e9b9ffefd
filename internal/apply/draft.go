package apply

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/bearer"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// StartInput describes a new draft.
type StartInput struct {
	TenantID    tenant.ID
	ProcedureID string
	// Version is the procedure version; 0 takes the latest published one.
	Version int
	// ServiceKey is the LeiKa key applied for; "" takes the procedure's
	// first one. It must be one the procedure serves.
	ServiceKey string
	Owner      Owner
}

// Start creates a draft (Entwurf). For a guest (Owner.AccountID 0) the
// procedure must allow guests, and the returned secret is the only way
// back to the draft: hand it out as the resume link, it is stored hashed.
// For accounts the secret is "", and the login must reach the procedure's
// assurance level (LevelError).
func (s *Service) Start(ctx context.Context, in StartInput) (Application, string, error) {
	v, p, err := s.version(ctx, in.TenantID, in.ProcedureID, in.Version)
	if err != nil {
		return Application{}, "", err
	}
	key, err := serviceKeyFor(p.Def, in.ServiceKey)
	if err != nil {
		return Application{}, "", err
	}
	if in.Owner.Guest() && !p.Def.Guest {
		return Application{}, "", fault.New(fault.Unauthorized, "procedure %s needs a login; guests cannot apply", p.Def.ID)
	}
	a := Application{TenantID: in.TenantID, ProcedureID: v.ProcedureID, Version: v.Version}
	if err := s.levelSuffices(ctx, a, in.Owner); err != nil {
		return Application{}, "", err
	}
	now := now()
	a = Application{TenantID: in.TenantID, ProcedureID: v.ProcedureID, Version: v.Version, ServiceKey: key,
		AccountID: in.Owner.AccountID, OrgID: in.Owner.OrgID, Status: Draft, Answers: map[string]any{},
		Page: p.Def.Pages[0].ID, CreatedAt: now, UpdatedAt: now}
	var secret, hash any
	if in.Owner.Guest() {
		sec, h := bearer.New()
		secret, hash, a.ResumeExpiresAt = sec, h, now.Add(s.cfg.ResumeTTL)
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO application (tenant_id, procedure_id, procedure_version,
			service_key, account_id, org_id, status, answers, current_page, resume_hash, resume_expires_at,
			created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'draft', '{}', $7, $8, $9, $10, $10) RETURNING id`,
			a.TenantID, a.ProcedureID, a.Version, a.ServiceKey, nullID(a.AccountID), nullID(a.OrgID), a.Page,
			hash, nullTime(a.ResumeExpiresAt), now).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("apply: insert draft: %w", err)
		}
		return s.audit(ctx, tx, a, "application.start", map[string]any{"procedure": fmt.Sprintf("%s/%d", a.ProcedureID, a.Version)})
	})
	if err != nil {
		return Application{}, "", err
	}
	sec, _ := secret.(string)
	return a, sec, nil
}

// serviceKeyFor checks that want is a service def serves; "" takes the first.
func serviceKeyFor(def procedure.Definition, want string) (string, error) {
	if want == "" {
		if len(def.LeiKa) == 0 {
			return "", nil
		}
		return def.LeiKa[0], nil
	}
	for _, k := range def.LeiKa {
		if k == want {
			return k, nil
		}
	}
	return "", fault.Fields("invalid service", fault.FieldError{Field: "service_key", Key: "apply.service_key",
		Text: fmt.Sprintf("procedure %s does not serve service %s", def.ID, want)})
}

// Get returns the application with id if owner may see it, with its
// attachments; anything else is fault.NotFound.
func (s *Service) Get(ctx context.Context, id int64, owner Owner) (Application, error) {
	a, err := s.loadApp(ctx, s.db, id, owner, "")
	if err != nil {
		return a, err
	}
	a.Attachments, err = listAttachments(ctx, s.db, id)
	return a, err
}

// SaveResult is the outcome of SavePage.
type SaveResult struct {
	Application Application
	// Errors are the field errors of the saved page, in form order; the
	// answers were stored anyway.
	Errors []fault.FieldError
}

// Valid reports whether the saved page has no errors.
func (r SaveResult) Valid() bool { return len(r.Errors) == 0 }

// SavePage stores the answers of one page of a draft and makes it the
// current page. The page's fields take the given values (a field missing
// from answers is cleared); other pages keep theirs. The answers are
// stored even when invalid, so nothing entered is lost; the page's field
// errors are returned in SaveResult. File fields are ignored here: files
// come and go with Upload and RemoveUpload. A submitted application is
// fault.Conflict, an unknown page fault.NotFound.
func (s *Service) SavePage(ctx context.Context, id int64, owner Owner, page string, answers map[string]any) (SaveResult, error) {
	var res SaveResult
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		a, p, err := s.editable(ctx, tx, id, owner)
		if err != nil {
			return err
		}
		pg, err := p.Page(page)
		if err != nil {
			return err
		}
		mergePage(a.Answers, pg.Fields, answers)
		if a.Attachments, err = listAttachments(ctx, tx, id); err != nil {
			return err
		}
		r, err := p.Validate(ctx, withFiles(p.Def, a.Answers, a.Attachments), procedure.Options{Page: page, Places: s.placesIn(tx)})
		if err != nil {
			return err
		}
		raw, err := json.Marshal(a.Answers)
		if err != nil {
			return fault.Wrap(err, fault.Invalid, "answers cannot be stored as JSON")
		}
		a.Page, a.UpdatedAt = page, now()
		if _, err := tx.ExecContext(ctx, `UPDATE application SET answers = $1, current_page = $2, updated_at = $3 WHERE id = $4`,
			string(raw), page, a.UpdatedAt, id); err != nil {
			return fmt.Errorf("apply: save draft: %w", err)
		}
		res = SaveResult{Application: a, Errors: r.Errors}
		return s.audit(ctx, tx, a, "application.save", map[string]any{"page": page, "errors": len(r.Errors)})
	})
	return res, err
}

// mergePage replaces the stored answers of the page's non-file fields.
func mergePage(stored map[string]any, fields []procedure.Field, given map[string]any) {
	for _, f := range fields {
		if f.Type == procedure.FileUpload || f.Type == procedure.Label {
			continue
		}
		if v, ok := given[f.ID]; ok && v != nil {
			stored[f.ID] = v
		} else {
			delete(stored, f.ID)
		}
	}
}

// Drafts returns the drafts and submitted applications an account owner
// reaches (its own, or its organisation's when OrgID is set), newest first,
// without attachments.
func (s *Service) Drafts(ctx context.Context, tenantID tenant.ID, owner Owner) ([]Application, error) {
	if owner.Guest() {
		return nil, fault.New(fault.Unauthorized, "guests reach their draft through the resume link")
	}
	where, arg := "account_id = $2 AND org_id IS NULL", owner.AccountID
	if owner.OrgID != 0 {
		where, arg = "org_id = $2", owner.OrgID
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+appColumns+` FROM application
		WHERE tenant_id = $1 AND `+where+` ORDER BY updated_at DESC, id DESC`, tenantID, arg)
	if err != nil {
		return nil, fmt.Errorf("apply: list drafts: %w", err)
	}
	return store.Collect(rows, nil, scanApp)
}

// now is the current time as stored: UTC, microseconds.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// audit appends the entry of one step on a; the actor is the account id
// or "guest:<application id>"; details never hold personal data.
func (s *Service) audit(ctx context.Context, tx *store.Tx, a Application, action string, details map[string]any) error {
	return audit.Append(ctx, tx, auditEntry(a, action, details))
}

// auditEntry is the audit entry of an applicant's action on a.
func auditEntry(a Application, action string, details map[string]any) audit.Entry {
	actor := fmt.Sprintf("account:%d", a.AccountID)
	if a.Guest() {
		actor = fmt.Sprintf("guest:%d", a.ID)
	}
	return audit.Entry{TenantID: int64(a.TenantID), Actor: actor, Action: action,
		ObjectType: "application", ObjectID: fmt.Sprint(a.ID), Details: details}
}
