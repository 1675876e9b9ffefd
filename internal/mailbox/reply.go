package mailbox

import (
	"context"
	"fmt"
	"strings"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// ReplyInput is the applicant's reply: to an open request (RequestID) or,
// with RequestID 0, a free message to the authority.
type ReplyInput struct {
	RequestID int64
	Subject   string // free messages only; "" becomes a generic subject
	Body      string
	Files     []Upload
}

// Reply sends the applicant's reply. The files are checked like the
// form's uploads. An answer to a request goes to casework.Service.Answer,
// which records it, files text and files in the case file and wakes the
// case (waiting → in review) in one transaction; it is then shown with
// the request (no copy here). A free message needs a case that is not
// withdrawn; it is stored and filed (message_in) in one transaction with
// its audit entry. Someone else's application or request is NotFound; an
// answered request is Conflict.
func (s *Service) Reply(ctx context.Context, r Reader, applicationID int64, in ReplyInput) error {
	a, err := s.access(ctx, r, applicationID)
	if err != nil {
		return err
	}
	if err := checkText(in.Subject, in.Body, false, in.RequestID != 0 && len(in.Files) > 0); err != nil {
		return err
	}
	files, err := s.storeUploads(ctx, a.TenantID, in.Files)
	if err != nil {
		return err
	}
	if in.RequestID != 0 {
		err = s.answer(ctx, a, in, files)
	} else {
		err = s.free(ctx, r, a, in, files)
	}
	if err != nil {
		s.dropFiles(ctx, files, err)
	}
	return err
}

// answer hands the reply to casework as the answer to a request.
func (s *Service) answer(ctx context.Context, a apply.Application, in ReplyInput, files []apply.StoredFile) error {
	ans := casework.AnswerInput{Text: in.Body}
	for _, f := range files {
		ans.Files = append(ans.Files, casework.AnswerFile{Name: f.Name, MediaType: f.MediaType, Size: f.Size,
			SHA256: f.SHA256, BlobKey: f.BlobKey})
	}
	return s.cases.Answer(ctx, applicantOf(a), in.RequestID, ans)
}

// free stores and files a free message from the applicant.
func (s *Service) free(ctx context.Context, r Reader, a apply.Application, in ReplyInput, files []apply.StoredFile) error {
	v, err := casework.ApplicantStatus(ctx, s.db, applicantOf(a))
	if fault.Is(err, fault.NotFound) || (err == nil && v.Progress == casework.ProgressWithdrawn) {
		return fault.New(fault.Conflict, "messages can be sent once the authority has the case, and not after a withdrawal")
	}
	if err != nil {
		return err
	}
	subject := strings.TrimSpace(in.Subject)
	if subject == "" {
		subject = "Nachricht zum Antrag " + a.Reference
	}
	m := Message{TenantID: a.TenantID, ApplicationID: a.ID, CaseID: v.CaseID, Direction: FromApplicant, Subject: subject,
		Body: in.Body, SenderID: r.AccountID, CreatedAt: s.now()}
	text, err := s.akte.PutText(ctx, a.TenantID, akte.MessageIn, "Nachricht: "+subject, "Nachricht-"+m.CreatedAt.Format("20060102-150405")+".txt",
		messageText(m, "Antragsteller"))
	if err != nil {
		return err
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := insertMessage(ctx, tx, &m, files); err != nil {
			return err
		}
		if err := fileMessage(ctx, tx, m, text, "Antragsteller"); err != nil {
			return err
		}
		if err := casework.ApplicantMessageTx(ctx, tx, a.TenantID, v.CaseID, m.CreatedAt); err != nil {
			return err // the inbox marks the case unread
		}
		if err := appendEvent(ctx, tx, m); err != nil {
			return err
		}
		return s.audit(ctx, tx, a.TenantID, r.actor(a.ID), "mailbox.reply", "case", v.CaseID,
			map[string]any{"message": m.ID, "reference": a.Reference, "attachments": len(files)})
	})
	if err != nil {
		s.apps.DiscardFile(ctx, text.BlobKey, err)
		return fmt.Errorf("mailbox: reply: %w", err)
	}
	return nil
}
