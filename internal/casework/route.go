package casework

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// OnSubmitted turns the submitted application into a case (Vorgang) for
// the authority apply routed it to, or for the tenant's clearing office
// (Clearingstelle) when none was found. It is what the subscriber of
// apply's events.Accepted does (OnAccepted) and is idempotent:
// one case per application, however often the job runs. In the same
// transaction it opens the case's file with the application's attachments,
// records the event and audit entry and files the receipt PDF when apply
// has rendered it. The case never waits for the PDF: when it is not there
// yet, apply's receipt job publishes events.ReceiptStored and
// OnReceiptStored files it (FileReceipt), and a receipt stored while the case was being
// created is filed right after.
func (s *Service) OnSubmitted(ctx context.Context, applicationID int64) error {
	a, err := loadSubmission(ctx, s.db, applicationID)
	if fault.Is(err, fault.NotFound) {
		return jobs.Permanent(err)
	}
	if err != nil {
		return err
	}
	v, err := procedure.Get(ctx, s.db, a.ProcedureID, a.Version)
	if err != nil {
		return err
	}
	if v, _, err = procedure.EffectiveVersion(ctx, s.db, a.TenantID, v); err != nil { // tenant's deadline (overlay)
		return err
	}
	receipt, err := s.renderedReceipt(ctx, a)
	if err != nil {
		return err
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error { return s.createCase(ctx, tx, a, v.Definition, receipt) })
	if errors.Is(err, errCaseExists) {
		return nil
	}
	if err != nil || receipt != nil {
		return err
	}
	// The receipt job may have stored the PDF after a was read and looked
	// for the case before it was committed: file it now (idempotent).
	return s.FileReceipt(ctx, applicationID)
}

// FileReceipt files the receipt PDF of a submitted application in its
// case's e-Akte once both exist; it does nothing while either is missing
// and keeps one document however often it runs. OnReceiptStored calls it
// when apply's receipt job stored a PDF that routing went ahead without.
func (s *Service) FileReceipt(ctx context.Context, applicationID int64) error {
	a, err := loadSubmission(ctx, s.db, applicationID)
	if err != nil || a.ReceiptBlob == "" {
		return err
	}
	var caseID int64
	err = s.db.QueryRowContext(ctx, `SELECT id FROM case_record WHERE application_id = $1 AND tenant_id = $2`,
		a.ID, a.TenantID).Scan(&caseID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // routing files it with the new case
	}
	if err != nil {
		return fmt.Errorf("casework: case of application %d: %w", a.ID, err)
	}
	c, err := loadTenantCase(ctx, s.db, a.TenantID, caseID)
	if err != nil {
		return err
	}
	doc, err := s.renderedReceipt(ctx, a)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error { return fileReceiptTx(ctx, tx, c, a.ReceiptBlob, *doc) })
}

var errCaseExists = errors.New("casework: case exists")

// createCase creates the case with its file; receipt is the rendered
// receipt PDF (nil: not rendered yet, FileReceipt files it later).
func (s *Service) createCase(ctx context.Context, tx *store.Tx, a submission, def procedure.Definition, receipt *hashed) error {
	authorityID, clearing := a.AuthorityID, a.AuthorityID == 0
	if clearing {
		var err error
		if authorityID, err = s.ensureClearing(ctx, tx, a.TenantID); err != nil {
			return err
		}
	}
	auth, err := catalog.GetAuthority(ctx, tx, a.TenantID, authorityID)
	if err != nil {
		return err
	}
	c := Case{TenantID: a.TenantID, ApplicationID: a.ID, Reference: a.Reference, ProcedureID: a.ProcedureID,
		Version: a.Version, ProcedureTitle: def.Title.DE, AuthorityID: authorityID, Clearing: clearing,
		Status: Received, ApplicantName: applicantName(ctx, tx, a), ApplicantAccountID: a.AccountID,
		ReceivedAt: a.SubmittedAt, ApprovalFiction: def.ApprovalFiction}
	if def.Deadline != "" {
		if c.Deadline, err = akte.AddPeriod(a.SubmittedAt, def.Deadline); err != nil {
			return err
		}
	}
	if c.ID, err = s.insertCase(ctx, tx, c); err != nil {
		return err
	}
	// An empty retention takes the filing-plan unit's, else P10Y (akte.OpenTx).
	retention := def.Retention
	if err := akte.OpenTx(ctx, tx, akte.File{CaseID: c.ID, TenantID: c.TenantID, Reference: c.Reference,
		Title: c.ProcedureTitle, ProcedureID: c.ProcedureID, AuthorityName: auth.Name, Retention: retention,
		OpenedAt: c.ReceivedAt, PlanUnit: def.Filing.Unit, Disposal: def.Filing.Disposal}); err != nil {
		return err
	}
	if err := s.fileAttachments(ctx, tx, c); err != nil {
		return err
	}
	if receipt != nil {
		if err := fileReceiptTx(ctx, tx, c, a.ReceiptBlob, *receipt); err != nil {
			return err
		}
	}
	if err := s.notifyReceived(ctx, tx, c); err != nil {
		return err
	}
	c.Status = ""
	return s.step(ctx, tx, c, "system", "create", Received, map[string]any{"authority": authorityID, "clearing": clearing})
}

// notifyReceived queues the "application received" e-mail
// (Eingangsbestätigung) with the link to the receipt page, for applicants
// with an account: the page asks them to log in. Guests get theirs, without
// any link to the application, from the submit page (apply.ConfirmGuest).
func (s *Service) notifyReceived(ctx context.Context, tx *store.Tx, c Case) error {
	to := applicantEmail(ctx, tx, c.TenantID, c.ApplicantAccountID)
	if s.mail == nil || to.To == "" {
		return nil
	}
	base, err := tenant.LinkBase(ctx, tx, s.cfg.BaseURL(), c.TenantID)
	if err != nil {
		return err
	}
	_, err = s.mail.EnqueueTx(ctx, tx, mail.Message{To: to.To, Kind: mail.ApplicationReceived, Lang: to.Lang,
		Data: mail.Data{Link: receiptURL(base, c.ApplicationID), Portal: s.portal(to)}})
	return err
}

func (s *Service) insertCase(ctx context.Context, tx *store.Tx, c Case) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO case_record (tenant_id, application_id, reference, procedure_id,
		procedure_version, procedure_title, authority_id, clearing, status, applicant_name, applicant_folded,
		applicant_account_id, received_at, deadline_at, approval_fiction, updated_at, warn_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
		ON CONFLICT (application_id) DO NOTHING RETURNING id`,
		c.TenantID, c.ApplicationID, c.Reference, c.ProcedureID, c.Version, c.ProcedureTitle, c.AuthorityID,
		c.Clearing, c.Status, c.ApplicantName, fold(c.ApplicantName), nullID(c.ApplicantAccountID), c.ReceivedAt,
		nullTime(c.Deadline), c.ApprovalFiction, s.now(), nullTime(warnAt(c.ReceivedAt, c.Deadline))).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, errCaseExists
	}
	if err != nil {
		return 0, fmt.Errorf("casework: insert case: %w", err)
	}
	return id, nil
}

// fileAttachments files the application's attachments; the blobs stay
// where apply stored them.
func (s *Service) fileAttachments(ctx context.Context, tx *store.Tx, c Case) error {
	atts, err := loadAttachments(ctx, tx, c.ApplicationID)
	if err != nil {
		return err
	}
	for _, t := range atts {
		kind, title, author := akte.Attachment, "Anlage "+t.FieldPath, "Antragsteller"
		if t.FieldPath == apply.SenderForm { // the sending portal's rendering of the form
			kind, title, author = akte.Receipt, "Antragsformular des einreichenden Onlinedienstes "+c.Reference, "Onlinedienst"
		}
		if _, err := akte.FileTx(ctx, tx, akte.Document{CaseID: c.ID, Kind: kind,
			Title: title, FileName: t.Name, MediaType: t.MediaType, Size: t.Size, SHA256: t.SHA256,
			BlobKey: t.BlobKey, Author: author, Ref: "attachment:" + strconv.FormatInt(t.ID, 10),
			FiledAt: c.ReceivedAt}); err != nil {
			return err
		}
	}
	return nil
}

// FileReceiptJob files the receipt PDF of a case's application once apply
// has rendered it. Routing no longer enqueues it (FileReceipt is called
// when the PDF is stored); the worker stays for jobs enqueued before.
type FileReceiptJob struct {
	CaseID int64 `json:"case_id"`
}

// Kind names the job.
func (FileReceiptJob) Kind() string { return "casework.file_receipt" }

func (s *Service) fileReceipt(ctx context.Context, j FileReceiptJob) error {
	c, err := loadCase(ctx, s.db, j.CaseID)
	if fault.Is(err, fault.NotFound) {
		return jobs.Permanent(err)
	}
	if err != nil {
		return err
	}
	a, err := loadSubmission(ctx, s.db, c.ApplicationID)
	if err != nil {
		return err
	}
	if a.ReceiptBlob == "" {
		return fmt.Errorf("casework: receipt of case %d not rendered yet", c.ID)
	}
	rc, err := s.blobs.Open(ctx, a.ReceiptBlob)
	if err != nil {
		return err
	}
	doc, err := hashReader(rc)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error { return fileReceiptTx(ctx, tx, c, a.ReceiptBlob, doc) })
}

// fileReceiptTx files the receipt PDF (Eingangsbestätigung) in the case's
// e-Akte; filing it twice keeps one document (akte.FileTx's Ref).
func fileReceiptTx(ctx context.Context, tx *store.Tx, c Case, blobKey string, doc hashed) error {
	_, err := akte.FileTx(ctx, tx, akte.Document{CaseID: c.ID, Kind: akte.Receipt,
		Title: "Antrag und Eingangsbestätigung " + c.Reference, FileName: "Eingangsbestaetigung-" + c.Reference + ".pdf",
		MediaType: "application/pdf", Size: doc.Size, SHA256: doc.SHA256, BlobKey: blobKey,
		Author: "System", Ref: "receipt", FiledAt: c.ReceivedAt})
	return err
}

// renderedReceipt hashes the application's receipt PDF when apply has
// stored it already (it renders it before routing), so the case is
// created with the receipt filed; nil when it is not there yet.
func (s *Service) renderedReceipt(ctx context.Context, a submission) (*hashed, error) {
	if a.ReceiptBlob == "" {
		return nil, nil
	}
	rc, err := s.blobs.Open(ctx, a.ReceiptBlob)
	if err != nil {
		return nil, err
	}
	doc, err := hashReader(rc)
	return &doc, err
}
