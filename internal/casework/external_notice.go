package casework

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// MaxExternalNotice is the largest notice PDF SendExternalNotice takes.
const MaxExternalNotice = 20 << 20

// SendExternalNotice decides case caseID with a notice PDF produced
// outside amtsweg, typically by the authority's specialised system
// (Fachverfahren) over the API. Like SendNotice, the PDF is sealed with the
// authority's key, stored, shown in the applicant's mailbox and filed, and
// the case is decided with outcome in one transaction with its event,
// e-mail and audit entry. The four-eyes rule does not apply: the
// specialised system is responsible for its own approval process.
func (s *Service) SendExternalNotice(ctx context.Context, staff Staff, caseID int64, outcome Outcome, title string, pdfBytes []byte) (Notice, error) {
	title = strings.TrimSpace(title)
	switch {
	case !outcome.Valid():
		return Notice{}, fault.Fields("invalid outcome", fault.FieldError{Field: "outcome", Key: "field.invalid", Text: "approved, rejected or partly_approved"})
	case title == "" || len(title) > 200:
		return Notice{}, fault.Fields("invalid title", fault.FieldError{Field: "title", Key: "field.required", Text: "a title of 1 to 200 characters is required"})
	case !bytes.HasPrefix(pdfBytes, []byte("%PDF-")) || len(pdfBytes) > MaxExternalNotice:
		return Notice{}, fault.Fields("not a PDF", fault.FieldError{Field: "file", Key: "field.pdf", Text: "a PDF of at most 20 MB is required"})
	}
	c, err := s.Get(ctx, staff, caseID)
	if err != nil {
		return Notice{}, err
	}
	if _, err := transition(ActDecide, c.Status, staff.whoIs(c)...); err != nil {
		return Notice{}, err
	}
	key, err := s.signingKey(ctx, c.TenantID, c.AuthorityID)
	if err != nil {
		return Notice{}, err
	}
	sum := sha256.Sum256(pdfBytes)
	sig := ed25519.Sign(key, sum[:])
	doc, err := s.akte.PutBytes(ctx, c.TenantID, akte.Notice, title, "Bescheid-"+c.Reference+".pdf", "application/pdf", pdfBytes)
	if err != nil {
		return Notice{}, err
	}
	var n Notice
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		n, err = s.commitExternal(ctx, tx, staff, caseID, outcome, title, doc, sig)
		return err
	})
	if err != nil {
		if !errors.Is(err, store.ErrCommitUnknown) { // else the notice may be committed: the orphan sweep decides
			if derr := s.blobs.Delete(ctx, doc.BlobKey); derr != nil {
				s.log.Warn("notice blob left behind", "case", caseID, "err", derr)
			}
		}
		return Notice{}, err
	}
	return n, nil
}

func (s *Service) commitExternal(ctx context.Context, tx *store.Tx, staff Staff, caseID int64, outcome Outcome, title string, doc akte.Document, sig []byte) (Notice, error) {
	c, err := s.lockForWork(ctx, tx, staff, caseID)
	if err != nil {
		return Notice{}, err
	}
	if _, err := transition(ActDecide, c.Status, staff.whoIs(c)...); err != nil {
		return Notice{}, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM case_notice WHERE case_id = $1 AND tenant_id = $2 AND status <> 'sent'`,
		c.ID, c.TenantID); err != nil {
		return Notice{}, err
	}
	if err := sameNoticeIssued(ctx, tx, c.TenantID, doc.SHA256); err != nil {
		return Notice{}, err
	}
	now := s.now()
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO case_notice (case_id, tenant_id, application_id, authority_id, outcome,
		title, body, remedy, status, four_eyes, author_id, blob_key, sha256, size, signature, created_at, updated_at, sent_at)
		VALUES ($1, $2, $3, $4, $5, $6, '', '', 'sent', $7, $8, $9, $10, $11, $12, $13, $13, $13) RETURNING id`,
		c.ID, c.TenantID, c.ApplicationID, c.AuthorityID, outcome, title, false, staff.AccountID,
		doc.BlobKey, doc.SHA256, doc.Size, sig, now).Scan(&id); err != nil {
		return Notice{}, fmt.Errorf("casework: external notice: %w", err)
	}
	doc.CaseID, doc.Author, doc.Ref, doc.FiledAt = c.ID, staff.Name, fmt.Sprintf("notice:%d", id), now
	if _, err := akte.FileTx(ctx, tx, doc); err != nil {
		return Notice{}, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE case_record SET status = $1, outcome = $2, decided_at = $3, updated_at = $3
		WHERE id = $4 AND tenant_id = $5`, Decided, outcome, now, c.ID, c.TenantID); err != nil {
		return Notice{}, fmt.Errorf("casework: decide case: %w", err)
	}
	if err := s.notify(ctx, tx, c, mail.NoticeAvailable); err != nil {
		return Notice{}, err
	}
	if err := s.step(ctx, tx, c, staff.actor(), string(ActDecide), Decided, map[string]any{"notice": id,
		"outcome": string(outcome), "sha256": doc.SHA256, "external": true}); err != nil {
		return Notice{}, err
	}
	return loadNotice(ctx, tx, c.TenantID, id)
}

// sameNoticeIssued refuses a PDF whose exact bytes this tenant already
// issued as a notice: a notice belongs to one case, and checking a PDF by
// its bytes must name one case. Another tenant's notices do not count.
func sameNoticeIssued(ctx context.Context, tx *store.Tx, tenantID tenant.ID, sha256Hex string) error {
	var ref string
	err := tx.QueryRowContext(ctx, `SELECT c.reference FROM case_notice n JOIN case_record c ON c.id = n.case_id
		WHERE n.tenant_id = $1 AND n.sha256 = $2`, tenantID, sha256Hex).Scan(&ref)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("casework: external notice: %w", err)
	}
	return fault.New(fault.Conflict, "this PDF was already issued as the notice of %s; a notice belongs to one case", ref)
}
