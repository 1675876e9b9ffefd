package casework

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Request is a request (Nachforderung) of documents or information from
// the applicant. It lives in the table case_request, which is the
// mailbox's source for it: the mailbox lists an application's requests
// with ApplicantRequests and answers with Service.Answer. No message
// interface in between — one table, one owner.
type Request struct {
	ID            int64
	CaseID        int64
	ApplicationID int64
	Reference     string
	Subject       string
	Body          string
	Due           time.Time
	Open          bool
	CreatedBy     int64
	CreatedAt     time.Time
	AnsweredAt    time.Time
	Answer        string
}

// RequestInput is what a case worker asks for.
type RequestInput struct {
	Subject string
	Body    string
	Due     time.Time // the date the applicant should answer by
}

func (in RequestInput) validate(now time.Time) error {
	var fe []fault.FieldError
	if strings.TrimSpace(in.Subject) == "" {
		fe = append(fe, fault.FieldError{Field: "subject", Key: "field.required", Text: "please give a subject"})
	}
	if strings.TrimSpace(in.Body) == "" {
		fe = append(fe, fault.FieldError{Field: "body", Key: "field.required", Text: "please say what is needed"})
	}
	if !in.Due.After(now) {
		fe = append(fe, fault.FieldError{Field: "due", Key: "date.future", Text: "the due date must be in the future"})
	}
	var long *fault.Error
	if errors.As(checkLengths(freeText{"subject", in.Subject, MaxSubject}, freeText{"body", in.Body, MaxRequestBody}), &long) {
		fe = append(fe, long.Fields...)
	}
	if len(fe) > 0 {
		return fault.Fields("invalid request", fe...)
	}
	return nil
}

// RequestInfo asks the applicant for documents or information with a due
// date: the request is stored (the mailbox shows it), filed in the case
// file, the applicant gets a "new message" e-mail when they have an
// account, and the case waits for the applicant.
func (s *Service) RequestInfo(ctx context.Context, staff Staff, caseID int64, in RequestInput) (Request, error) {
	now := s.now()
	if err := in.validate(now); err != nil {
		return Request{}, err
	}
	doc, err := s.akte.PutText(ctx, staff.TenantID, akte.Request, "Nachforderung: "+in.Subject, "Nachforderung-"+now.Format("20060102-150405")+".txt",
		fmt.Sprintf("Nachforderung vom %s\nBetreff: %s\nBitte antworten Sie bis zum %s.\n\n%s\n", germanDate(now), in.Subject, germanDate(in.Due), in.Body))
	if err != nil {
		return Request{}, err
	}
	var r Request
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		c, err := s.lockForWork(ctx, tx, staff, caseID)
		if err != nil {
			return err
		}
		t, err := transition(ActRequest, c.Status, staff.whoIs(c)...)
		if err != nil {
			return err
		}
		r = Request{CaseID: c.ID, ApplicationID: c.ApplicationID, Reference: c.Reference, Subject: in.Subject,
			Body: in.Body, Due: in.Due.UTC(), Open: true, CreatedBy: staff.AccountID, CreatedAt: now}
		if err := tx.QueryRowContext(ctx, `INSERT INTO case_request (case_id, tenant_id, application_id, subject, body, due_at,
			status, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8) RETURNING id`,
			c.ID, c.TenantID, c.ApplicationID, r.Subject, r.Body, r.Due, r.CreatedBy, now).Scan(&r.ID); err != nil {
			return fmt.Errorf("casework: store request: %w", err)
		}
		doc.CaseID, doc.Author, doc.Ref, doc.FiledAt = c.ID, staff.Name, "request:"+strconv.FormatInt(r.ID, 10), now
		if _, err := akte.FileTx(ctx, tx, doc); err != nil {
			return err
		}
		if _, err := s.setStatus(ctx, tx, c, t.To); err != nil {
			return err
		}
		if err := s.notify(ctx, tx, c, mail.MailboxMessage); err != nil {
			return err
		}
		return s.step(ctx, tx, c, staff.actor(), string(ActRequest), t.To, map[string]any{"request": r.ID, "due": r.Due.Format(time.DateOnly)})
	})
	return r, err
}

// notify queues an e-mail of kind to the applicant's account, if any.
func (s *Service) notify(ctx context.Context, tx *store.Tx, c Case, kind mail.Kind) error {
	if s.mail == nil {
		return nil
	}
	to := applicantEmail(ctx, tx, c.TenantID, c.ApplicantAccountID)
	if s.to != nil {
		var err error
		if to, err = s.to.Addressee(ctx, tx, c.TenantID, c.ApplicationID); err != nil {
			return err
		}
	}
	if to.To == "" {
		return nil
	}
	base, err := tenant.LinkBase(ctx, tx, s.cfg.BaseURL(), c.TenantID)
	if err != nil {
		return err
	}
	d := to.MailboxNotice(base)
	d.Portal = s.portal(to)
	_, err = s.mail.EnqueueTx(ctx, tx, mail.Message{To: to.To, Kind: kind, Lang: to.Lang, Data: d})
	return err
}

// AnswerInput is the applicant's answer to a request: a text and the
// files the mailbox has already stored as blobs.
type AnswerInput struct {
	Text  string
	Files []AnswerFile
}

// AnswerFile is one file of an answer, already stored in the blob store.
type AnswerFile struct {
	Name      string
	MediaType string
	Size      int64
	SHA256    string
	BlobKey   string
}

// Answer records the applicant's answer to request requestID of their
// application: the answer text and files are filed in the case file, the
// request is closed and, when no other request is open, the case wakes up
// (waiting → in review). Answering twice is fault.Conflict.
func (s *Service) Answer(ctx context.Context, who Applicant, requestID int64, in AnswerInput) error {
	if strings.TrimSpace(in.Text) == "" && len(in.Files) == 0 {
		return fault.Fields("the answer is empty", fault.FieldError{Field: "text", Key: "field.required", Text: "please write an answer or attach a file"})
	}
	now := s.now()
	text, err := s.akte.PutText(ctx, who.TenantID, akte.MessageIn, "Antwort auf Nachforderung", fmt.Sprintf("Antwort-%d.txt", requestID),
		fmt.Sprintf("Antwort des Antragstellers vom %s\n\n%s\n", germanDateTime(now), in.Text))
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		r, c, err := s.openRequest(ctx, tx, who, requestID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE case_request SET status = 'answered', answered_at = $1, answer = $2 WHERE id = $3`,
			now, in.Text, r.ID); err != nil {
			return fmt.Errorf("casework: answer: %w", err)
		}
		if err := s.fileAnswer(ctx, tx, c, r, text, in.Files, now); err != nil {
			return err
		}
		if err := markUnreadTx(ctx, tx, c, now); err != nil {
			return err
		}
		return s.wake(ctx, tx, c, r)
	})
}

func (s *Service) openRequest(ctx context.Context, tx *store.Tx, who Applicant, requestID int64) (Request, Case, error) {
	r, err := scanRequest(tx.QueryRowContext(ctx, `SELECT `+requestColumns+` FROM case_request r JOIN case_record c ON c.id = r.case_id
		WHERE r.id = $1 AND r.application_id = $2 AND r.tenant_id = $3`, requestID, who.ApplicationID, who.TenantID))
	if errors.Is(err, sql.ErrNoRows) {
		return r, Case{}, fault.New(fault.NotFound, "request %d not found", requestID)
	}
	if err != nil {
		return r, Case{}, err
	}
	if !r.Open {
		return r, Case{}, fault.New(fault.Conflict, "this request was answered already")
	}
	c, err := lockTenantCase(ctx, tx, who.TenantID, r.CaseID)
	return r, c, err
}

func (s *Service) fileAnswer(ctx context.Context, tx *store.Tx, c Case, r Request, text akte.Document, files []AnswerFile, now time.Time) error {
	ref := "answer:" + strconv.FormatInt(r.ID, 10)
	text.CaseID, text.Author, text.Ref, text.FiledAt = c.ID, "Antragsteller", ref, now
	if _, err := akte.FileTx(ctx, tx, text); err != nil {
		return err
	}
	for i, f := range files {
		if _, err := akte.FileTx(ctx, tx, akte.Document{CaseID: c.ID, Kind: akte.MessageIn, Title: "Nachgereicht: " + f.Name,
			FileName: f.Name, MediaType: f.MediaType, Size: f.Size, SHA256: f.SHA256, BlobKey: f.BlobKey,
			Author: "Antragsteller", Ref: fmt.Sprintf("%s:%d", ref, i+1), FiledAt: now}); err != nil {
			return err
		}
	}
	return nil
}

// wake moves a waiting case back to review when no request is open.
func (s *Service) wake(ctx context.Context, tx *store.Tx, c Case, r Request) error {
	var open int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM case_request WHERE case_id = $1 AND tenant_id = $2 AND status = 'open'`,
		c.ID, c.TenantID).Scan(&open); err != nil {
		return err
	}
	to := c.Status
	if open == 0 && c.Status == Waiting {
		t, err := transition(ActAnswer, c.Status, ByApplicant)
		if err != nil {
			return err
		}
		if _, err := s.setStatus(ctx, tx, c, t.To); err != nil {
			return err
		}
		to = t.To
	}
	return s.step(ctx, tx, c, "applicant", string(ActAnswer), to, map[string]any{"request": r.ID})
}

const requestColumns = `r.id, r.case_id, r.application_id, c.reference, r.subject, r.body, r.due_at, r.status,
	r.created_by, r.created_at, r.answered_at, r.answer`

func scanRequest(row interface{ Scan(...any) error }) (Request, error) {
	var r Request
	var status string
	var answered sql.NullTime
	err := row.Scan(&r.ID, &r.CaseID, &r.ApplicationID, &r.Reference, &r.Subject, &r.Body, &r.Due, &status,
		&r.CreatedBy, &r.CreatedAt, &answered, &r.Answer)
	r.Open, r.Due, r.CreatedAt, r.AnsweredAt = status == "open", r.Due.UTC(), r.CreatedAt.UTC(), timeOf(answered)
	return r, err
}

// ApplicantRequests lists the requests of an application, newest first:
// the mailbox's view (the caller has checked the application's owner).
func ApplicantRequests(ctx context.Context, q store.Querier, who Applicant) ([]Request, error) {
	return queryRequests(ctx, q, `SELECT `+requestColumns+` FROM case_request r JOIN case_record c ON c.id = r.case_id
		WHERE r.application_id = $1 AND r.tenant_id = $2 ORDER BY r.id DESC`, who.ApplicationID, who.TenantID)
}

// Requests lists the requests of a case staff may see, oldest first.
func (s *Service) Requests(ctx context.Context, staff Staff, caseID int64) ([]Request, error) {
	if _, err := s.Get(ctx, staff, caseID); err != nil {
		return nil, err
	}
	return queryRequests(ctx, s.db, `SELECT `+requestColumns+` FROM case_request r JOIN case_record c ON c.id = r.case_id
		WHERE r.case_id = $1 AND r.tenant_id = $2 ORDER BY r.id`, caseID, staff.TenantID)
}

func queryRequests(ctx context.Context, q store.Querier, query string, args ...any) ([]Request, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("casework: requests: %w", err)
	}
	return store.Collect(rows, nil, scanRequest)
}
