package casework

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// NoticeStatus is where a notice is before it reaches the applicant.
type NoticeStatus string

// The statuses of a notice.
const (
	NoticeDraft    NoticeStatus = "draft"    // Entwurf: editable
	NoticeApproved NoticeStatus = "approved" // mitgezeichnet by a second person (four-eyes)
	NoticeSent     NoticeStatus = "sent"     // versandt: sealed, filed and in the applicant's mailbox
)

// Notice is a notice (Bescheid) of a case.
type Notice struct {
	ID            int64
	CaseID        int64
	ApplicationID int64
	AuthorityID   int64
	Reference     string
	Outcome       Outcome
	NoticeText
	Status     NoticeStatus
	FourEyes   bool  // a second person must approve before sending
	AuthorID   int64 // who drafted it
	ApproverID int64 // who approved it (four-eyes); 0 for none
	// SHA256, Size and Signature describe the sealed PDF once sent.
	SHA256    string
	Size      int64
	Signature []byte
	BlobKey   string
	CreatedAt time.Time
	UpdatedAt time.Time
	SentAt    time.Time
}

const noticeColumns = `n.id, n.case_id, n.application_id, n.authority_id, c.reference, n.outcome, n.title, n.body, n.remedy,
	n.status, n.four_eyes, n.author_id, COALESCE(n.approver_id, 0), COALESCE(n.sha256, ''), COALESCE(n.size, 0),
	n.signature, COALESCE(n.blob_key, ''), n.created_at, n.updated_at, n.sent_at`

const noticeFrom = ` FROM case_notice n JOIN case_record c ON c.id = n.case_id`

func scanNotice(row interface{ Scan(...any) error }) (Notice, error) {
	var n Notice
	var sent sql.NullTime
	err := row.Scan(&n.ID, &n.CaseID, &n.ApplicationID, &n.AuthorityID, &n.Reference, &n.Outcome, &n.Title, &n.Body,
		&n.Remedy, &n.Status, &n.FourEyes, &n.AuthorID, &n.ApproverID, &n.SHA256, &n.Size, &n.Signature, &n.BlobKey,
		&n.CreatedAt, &n.UpdatedAt, &sent)
	n.CreatedAt, n.UpdatedAt, n.SentAt = n.CreatedAt.UTC(), n.UpdatedAt.UTC(), timeOf(sent)
	return n, err
}

// loadNotice reads notice id of tenantID; another tenant's id is
// fault.NotFound, decided by the database.
func loadNotice(ctx context.Context, q store.Querier, tenantID tenant.ID, id int64) (Notice, error) {
	n, err := scanNotice(q.QueryRowContext(ctx, `SELECT `+noticeColumns+noticeFrom+` WHERE n.id = $1 AND n.tenant_id = $2`,
		id, tenantID))
	if errors.Is(err, sql.ErrNoRows) {
		return n, fault.New(fault.NotFound, "notice %d not found", id)
	}
	return n, err
}

// DraftNotice drafts the notice of a case for outcome from the procedure's
// template, filled with the application's and the case's data. A case has
// at most one unsent notice: drafting again replaces it. The assigned case
// worker or a head of unit may draft.
func (s *Service) DraftNotice(ctx context.Context, staff Staff, caseID int64, outcome Outcome) (Notice, error) {
	if !outcome.Valid() {
		return Notice{}, fault.Fields("choose a decision", fault.FieldError{Field: "outcome", Key: "field.required", Text: "approved, rejected or partly approved"})
	}
	var n Notice
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		c, err := s.lockForWork(ctx, tx, staff, caseID)
		if err != nil {
			return err
		}
		if _, err := transition(ActDecide, c.Status, staff.whoIs(c)...); err != nil {
			return err
		}
		text, err := s.renderTemplate(ctx, tx, c, outcome)
		if err != nil {
			return err
		}
		fourEyes, err := needsFourEyes(ctx, tx, c, outcome)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM case_notice WHERE case_id = $1 AND tenant_id = $2 AND status <> 'sent'`,
			c.ID, c.TenantID); err != nil {
			return err
		}
		now := s.now()
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO case_notice (case_id, tenant_id, application_id, authority_id, outcome,
			title, body, remedy, status, four_eyes, author_id, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'draft', $9, $10, $11, $11) RETURNING id`,
			c.ID, c.TenantID, c.ApplicationID, c.AuthorityID, outcome, text.Title, text.Body, text.Remedy, fourEyes,
			staff.AccountID, now).Scan(&id); err != nil {
			return fmt.Errorf("casework: draft notice: %w", err)
		}
		if err := s.step(ctx, tx, c, staff.actor(), "notice_draft", c.Status, map[string]any{"notice": id, "outcome": string(outcome)}); err != nil {
			return err
		}
		n, err = loadNotice(ctx, tx, c.TenantID, id)
		return err
	})
	return n, err
}

func (s *Service) renderTemplate(ctx context.Context, tx *store.Tx, c Case, o Outcome) (NoticeText, error) {
	a, err := loadSubmission(ctx, tx, c.ApplicationID)
	if err != nil {
		return NoticeText{}, err
	}
	auth, err := catalog.GetAuthority(ctx, tx, c.TenantID, c.AuthorityID)
	if err != nil {
		return NoticeText{}, err
	}
	tpl, err := templateOf(ctx, tx, c) // shared template plus the tenant's overlay (overlay.go)
	if err != nil {
		return NoticeText{}, err
	}
	return tpl.Render(o, TemplateData{Reference: c.Reference, ApplicantName: c.ApplicantName,
		ProcedureTitle: c.ProcedureTitle, Outcome: o.Label(), Answers: a.Answers, ReceivedAt: c.ReceivedAt,
		Today: s.now(), Deadline: c.Deadline, Authority: AuthorityData{Name: auth.Name, Street: auth.Address.Street,
			Postcode: auth.Address.Postcode, City: auth.Address.City, Email: auth.Email, Phone: auth.Phone}})
}

// EditNotice replaces the text of an unsent notice. Editing an approved
// notice withdraws the approval: the second person must approve the new
// text.
func (s *Service) EditNotice(ctx context.Context, staff Staff, noticeID int64, text NoticeText) (Notice, error) {
	if strings.TrimSpace(text.Title) == "" || strings.TrimSpace(text.Body) == "" || strings.TrimSpace(text.Remedy) == "" {
		return Notice{}, fault.New(fault.Invalid, "a notice needs a title, a text and the instructions on legal remedies")
	}
	if err := checkLengths(freeText{"title", text.Title, MaxNoticeTitle}, freeText{"body", text.Body, MaxNoticeText},
		freeText{"remedy", text.Remedy, MaxRemedy}); err != nil {
		return Notice{}, err
	}
	return s.changeNotice(ctx, staff, noticeID, "notice_edit", func(tx *store.Tx, c Case, n Notice) error {
		_, err := tx.ExecContext(ctx, `UPDATE case_notice SET title = $1, body = $2, remedy = $3, status = 'draft',
			approver_id = NULL, updated_at = $4 WHERE id = $5 AND tenant_id = $6`,
			text.Title, text.Body, text.Remedy, s.now(), n.ID, c.TenantID)
		return err
	})
}

// ApproveNotice records the second person's approval (Mitzeichnung) of a
// four-eyes notice: a case worker or head of unit of the case's authority
// who is not its author. A notice with placeholders left cannot be
// approved (fault.Invalid naming them, see Placeholders).
func (s *Service) ApproveNotice(ctx context.Context, staff Staff, noticeID int64) (Notice, error) {
	var out Notice
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		n, c, err := s.noticeForStaff(ctx, tx, staff, noticeID)
		if err != nil {
			return err
		}
		switch {
		case !staff.IsCaseWorker(c.AuthorityID) && !staff.IsHead(c.AuthorityID):
			return fault.New(fault.Forbidden, "only staff of the authority may approve its notices")
		case n.AuthorID == staff.AccountID:
			return fault.New(fault.Forbidden, "the author may not approve their own notice (four-eyes principle)")
		case n.Status != NoticeDraft:
			return fault.New(fault.Conflict, "only a draft can be approved")
		}
		if err := checkComplete(n.NoticeText); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE case_notice SET status = 'approved', approver_id = $1, updated_at = $2
			WHERE id = $3 AND tenant_id = $4`, staff.AccountID, s.now(), n.ID, c.TenantID); err != nil {
			return err
		}
		if err := s.step(ctx, tx, c, staff.actor(), "notice_approve", c.Status, map[string]any{"notice": n.ID}); err != nil {
			return err
		}
		out, err = loadNotice(ctx, tx, c.TenantID, n.ID)
		return err
	})
	return out, err
}

// changeNotice runs fn on an unsent notice the staff member may work.
func (s *Service) changeNotice(ctx context.Context, staff Staff, noticeID int64, action string, fn func(*store.Tx, Case, Notice) error) (Notice, error) {
	var out Notice
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		n, c, err := s.noticeForStaff(ctx, tx, staff, noticeID)
		if err != nil {
			return err
		}
		if !staff.works(c) {
			return fault.New(fault.Forbidden, "only the assigned case worker or the head of unit may do this")
		}
		if n.Status == NoticeSent {
			return fault.New(fault.Conflict, "the notice was sent already")
		}
		if err := fn(tx, c, n); err != nil {
			return err
		}
		if err := s.step(ctx, tx, c, staff.actor(), action, c.Status, map[string]any{"notice": n.ID}); err != nil {
			return err
		}
		out, err = loadNotice(ctx, tx, c.TenantID, n.ID)
		return err
	})
	return out, err
}

// noticeForStaff loads a notice and its case if staff may see the case.
func (s *Service) noticeForStaff(ctx context.Context, tx *store.Tx, staff Staff, noticeID int64) (Notice, Case, error) {
	n, err := loadNotice(ctx, tx, staff.TenantID, noticeID)
	if err != nil {
		return n, Case{}, err
	}
	c, err := lockTenantCase(ctx, tx, staff.TenantID, n.CaseID)
	if err != nil {
		return n, c, err
	}
	if !staff.sees(c) {
		return n, c, fault.New(fault.NotFound, "notice %d not found", noticeID)
	}
	return n, c, nil
}

// Notices lists the notices of a case staff may see, oldest first.
func (s *Service) Notices(ctx context.Context, staff Staff, caseID int64) ([]Notice, error) {
	if _, err := s.Get(ctx, staff, caseID); err != nil {
		return nil, err
	}
	return queryNotices(ctx, s.db, `SELECT `+noticeColumns+noticeFrom+` WHERE n.case_id = $1 AND n.tenant_id = $2 ORDER BY n.id`,
		caseID, staff.TenantID)
}

// ApplicantNotices lists the sent notices of an application, newest
// first: the mailbox's view (the caller has checked the owner). Open the
// PDF with Service.OpenNotice.
func ApplicantNotices(ctx context.Context, q store.Querier, who Applicant) ([]Notice, error) {
	return queryNotices(ctx, q, `SELECT `+noticeColumns+noticeFrom+` WHERE n.application_id = $1 AND n.tenant_id = $2
		AND n.status = 'sent' ORDER BY n.id DESC`, who.ApplicationID, who.TenantID)
}

func queryNotices(ctx context.Context, q store.Querier, query string, args ...any) ([]Notice, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("casework: notices: %w", err)
	}
	return store.Collect(rows, nil, scanNotice)
}
