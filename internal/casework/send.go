package casework

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/store"
)

// SendNotice sends a notice: the PDF is rendered (letterhead, reference,
// date, decision, reasons, instructions on legal remedies), sealed with
// the authority's key and stored; then, in one transaction, the notice is
// marked sent with its hash and signature (the mailbox shows it from then
// on), filed in the case file, the case is decided with the notice's
// outcome, the applicant gets a "notice available" e-mail when they have
// an account, and the event and audit entry are written. A four-eyes
// notice must have been approved; a notice changed while it was being
// sent is fault.Conflict. A notice with placeholders left is refused
// (fault.Invalid naming them), and so is one whose case has open
// document requests, unless opts acknowledges them.
func (s *Service) SendNotice(ctx context.Context, staff Staff, noticeID int64, opts ...SendOptions) (Notice, error) {
	var o SendOptions
	for _, x := range opts {
		o = x
	}
	n, c, err := s.checkSendable(ctx, staff, noticeID, o)
	if err != nil {
		return Notice{}, err
	}
	key, err := s.signingKey(ctx, c.TenantID, c.AuthorityID)
	if err != nil {
		return Notice{}, err
	}
	now := s.now()
	pdfBytes, err := s.renderNotice(ctx, c, n, now)
	if err != nil {
		return Notice{}, err
	}
	sum := sha256.Sum256(pdfBytes)
	sig := ed25519.Sign(key, sum[:])
	doc, err := s.akte.PutBytes(ctx, c.TenantID, akte.Notice, n.Title, "Bescheid-"+c.Reference+".pdf", "application/pdf", pdfBytes)
	if err != nil {
		return Notice{}, err
	}
	var out Notice
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		out, err = s.commitSend(ctx, tx, staff, n, doc, sig, now, o)
		return err
	})
	if err != nil {
		if !errors.Is(err, store.ErrCommitUnknown) { // else the notice may be committed: the orphan sweep decides
			if derr := s.blobs.Delete(ctx, doc.BlobKey); derr != nil {
				s.log.Warn("notice blob left behind", "notice", noticeID, "err", derr)
			}
		}
		return Notice{}, err
	}
	return out, nil
}

// SendOptions are the case worker's confirmations when sending a notice.
type SendOptions struct {
	// OpenRequestsAcknowledged confirms sending although document
	// requests of the case are still open (they are not cancelled).
	OpenRequestsAcknowledged bool
}

// checkSendable checks, before any work, that staff may send the notice.
func (s *Service) checkSendable(ctx context.Context, staff Staff, noticeID int64, o SendOptions) (Notice, Case, error) {
	n, err := loadNotice(ctx, s.db, staff.TenantID, noticeID)
	if err != nil {
		return n, Case{}, err
	}
	c, err := s.Get(ctx, staff, n.CaseID)
	if err != nil {
		return n, c, fault.New(fault.NotFound, "notice %d not found", noticeID)
	}
	if err := sendable(staff, c, n); err != nil {
		return n, c, err
	}
	return n, c, checkOpenRequests(ctx, s.db, c, o)
}

func sendable(staff Staff, c Case, n Notice) error {
	if !staff.works(c) {
		return fault.New(fault.Forbidden, "only the assigned case worker or the head of unit may send the notice")
	}
	if n.Status == NoticeSent {
		return fault.New(fault.Conflict, "the notice was sent already")
	}
	if err := checkComplete(n.NoticeText); err != nil { // what the case worker must do comes first
		return err
	}
	if n.FourEyes && n.Status != NoticeApproved {
		return fault.New(fault.Conflict, "a second person must approve this notice before it is sent (four-eyes principle)")
	}
	_, err := transition(ActDecide, c.Status, staff.whoIs(c)...)
	return err
}

func (s *Service) commitSend(ctx context.Context, tx *store.Tx, staff Staff, before Notice, doc akte.Document, sig []byte,
	now time.Time, o SendOptions) (Notice, error) {
	n, c, err := s.noticeForStaff(ctx, tx, staff, before.ID)
	if err != nil {
		return n, err
	}
	if !n.UpdatedAt.Equal(before.UpdatedAt) {
		return n, fault.New(fault.Conflict, "the notice was changed meanwhile; please check it and send again")
	}
	if err := sendable(staff, c, n); err != nil {
		return n, err
	}
	if err := checkOpenRequests(ctx, tx, c, o); err != nil {
		return n, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE case_notice SET status = 'sent', blob_key = $1, sha256 = $2, size = $3,
		signature = $4, sent_at = $5, updated_at = $5 WHERE id = $6 AND tenant_id = $7`, doc.BlobKey, doc.SHA256, doc.Size, sig, now,
		n.ID, c.TenantID); err != nil {
		return n, fmt.Errorf("casework: mark notice sent: %w", err)
	}
	doc.CaseID, doc.Author, doc.Ref, doc.FiledAt = c.ID, staff.Name, "notice:"+strconv.FormatInt(n.ID, 10), now
	if _, err := akte.FileTx(ctx, tx, doc); err != nil {
		return n, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE case_record SET status = $1, outcome = $2, decided_at = $3, updated_at = $3
		WHERE id = $4 AND tenant_id = $5`, Decided, n.Outcome, now, c.ID, c.TenantID); err != nil {
		return n, fmt.Errorf("casework: decide case: %w", err)
	}
	if err := s.notify(ctx, tx, c, mail.NoticeAvailable); err != nil {
		return n, err
	}
	details := map[string]any{"notice": n.ID, "outcome": string(n.Outcome), "sha256": doc.SHA256, "approver": n.ApproverID}
	if o.OpenRequestsAcknowledged {
		details["open_requests_acknowledged"] = true // who sent despite open requests stays on record
	}
	if err := s.step(ctx, tx, c, staff.actor(), string(ActDecide), Decided, details); err != nil {
		return n, err
	}
	return loadNotice(ctx, tx, c.TenantID, n.ID)
}

// PreviewNotice renders an unsent notice as PDF for review (not sealed,
// not stored).
func (s *Service) PreviewNotice(ctx context.Context, staff Staff, noticeID int64) ([]byte, error) {
	n, err := loadNotice(ctx, s.db, staff.TenantID, noticeID)
	if err != nil {
		return nil, err
	}
	c, err := s.Get(ctx, staff, n.CaseID)
	if err != nil {
		return nil, fault.New(fault.NotFound, "notice %d not found", noticeID)
	}
	if err := s.auditRead(ctx, staff, c, "case.notice_preview", map[string]any{"notice": n.ID}); err != nil {
		return nil, err
	}
	return s.renderNotice(ctx, c, n, s.now())
}

// OpenNotice returns the sealed PDF of a sent notice of the applicant's
// application (the mailbox's download).
func (s *Service) OpenNotice(ctx context.Context, who Applicant, noticeID int64) (Notice, io.ReadCloser, error) {
	n, err := loadNotice(ctx, s.db, who.TenantID, noticeID)
	if err != nil || n.ApplicationID != who.ApplicationID || n.Status != NoticeSent {
		return Notice{}, nil, fault.New(fault.NotFound, "notice %d not found", noticeID)
	}
	r, err := s.blobs.Open(ctx, n.BlobKey)
	return n, r, err
}
