package mailbox

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// Post is a message staff write to the applicant.
type Post struct {
	Subject string
	Body    string
	Files   []Upload
}

// PostToApplicant sends a message from the authority to the applicant of
// case caseID: staff must see the case (else NotFound) and work it (the
// assigned case worker or the head of unit; else Forbidden). The files
// are checked like the form's uploads. In one transaction the message and
// its files are stored, filed in the case file (message_out), the
// applicant's "new message" e-mail is queued and the audit entry written.
// Requests for documents are not posted here: they are casework's
// RequestInfo, which the mailbox shows from casework's table.
func (s *Service) PostToApplicant(ctx context.Context, staff casework.Staff, caseID int64, in Post) (Message, error) {
	c, err := s.cases.Get(ctx, staff, caseID)
	if err != nil {
		return Message{}, err
	}
	if !works(staff, c) {
		return Message{}, fault.New(fault.Forbidden, "only the assigned case worker or the head of unit may write to the applicant")
	}
	if err := checkText(in.Subject, in.Body, true, false); err != nil {
		return Message{}, err
	}
	m := Message{TenantID: c.TenantID, ApplicationID: c.ApplicationID, CaseID: c.ID, Direction: ToApplicant,
		Subject: strings.TrimSpace(in.Subject), Body: in.Body, SenderID: staff.AccountID, SenderName: staff.Name, CreatedAt: s.now()}
	files, err := s.storeUploads(ctx, c.TenantID, in.Files)
	if err != nil {
		return Message{}, err
	}
	text, err := s.akte.PutText(ctx, c.TenantID, akte.MessageOut, "Nachricht: "+m.Subject, "Nachricht-"+m.CreatedAt.Format("20060102-150405")+".txt",
		messageText(m, staff.Name))
	if err != nil {
		s.dropFiles(ctx, files, err)
		return Message{}, err
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := insertMessage(ctx, tx, &m, files); err != nil {
			return err
		}
		if err := fileMessage(ctx, tx, m, text, staff.Name); err != nil {
			return err
		}
		if err := s.notify(ctx, tx, m.TenantID, m.ApplicationID); err != nil {
			return err
		}
		if err := appendEvent(ctx, tx, m); err != nil {
			return err
		}
		return s.audit(ctx, tx, m.TenantID, "staff:"+strconv.FormatInt(staff.AccountID, 10), "mailbox.post", "case", c.ID,
			map[string]any{"message": m.ID, "reference": c.Reference, "attachments": len(files)})
	})
	if err != nil {
		s.dropFiles(ctx, files, err)
		s.apps.DiscardFile(ctx, text.BlobKey, err)
		return Message{}, fmt.Errorf("mailbox: post: %w", err)
	}
	return m, nil
}

// works reports whether staff may act on c: its head of unit, or the case
// worker it is assigned to (casework's rule for working a case).
func works(staff casework.Staff, c casework.Case) bool {
	return c.TenantID == staff.TenantID && (staff.IsHead(c.AuthorityID) ||
		(staff.IsCaseWorker(c.AuthorityID) && c.AssigneeID == staff.AccountID))
}
