package casework

import (
	"context"
	"fmt"
	"strings"

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// OpenRequestsKey is the message key of the field error that asks to
// acknowledge open document requests before sending.
const OpenRequestsKey = "notice.open_requests"

// SendCheck is what the confirmation before sending a notice shows
// (Versandbestätigung): the notice, what sending will do, and what speaks
// against it now.
type SendCheck struct {
	Notice Notice
	Case   Case
	// Sealer is the authority in the genitive, whose seal the notice gets
	// ("des Landratsamts Bautzen").
	Sealer string
	// Mail reports whether the applicant gets an e-mail (an active
	// account); guests find the notice through their mailbox link.
	Mail bool
	// OpenRequests are the case's document requests still unanswered;
	// sending needs SendOptions.OpenRequestsAcknowledged then.
	OpenRequests []Request
	// Running are the open requests whose answer-by date has not come yet.
	Running []Request
	// Blocked is why the notice cannot be sent now (placeholders, missing
	// approval, the case's status, rights), nil when it can.
	Blocked error
}

// CheckSend returns what sending the notice would do and what speaks
// against it, without changing anything.
func (s *Service) CheckSend(ctx context.Context, staff Staff, noticeID int64) (SendCheck, error) {
	var out SendCheck
	n, err := loadNotice(ctx, s.db, staff.TenantID, noticeID)
	if err != nil {
		return out, err
	}
	c, err := s.Get(ctx, staff, n.CaseID)
	if err != nil {
		return out, fault.New(fault.NotFound, "notice %d not found", noticeID)
	}
	out.Notice, out.Case, out.Blocked = n, c, sendable(staff, c, n)
	auth, err := catalog.GetAuthority(ctx, s.db, c.TenantID, c.AuthorityID)
	if err != nil {
		return out, err
	}
	out.Sealer = NameAuthority(auth.Name).Genitive
	if out.OpenRequests, err = openRequests(ctx, s.db, c); err != nil {
		return out, err
	}
	now := s.now()
	for _, r := range out.OpenRequests {
		if r.Due.After(now) {
			out.Running = append(out.Running, r)
		}
	}
	if c.ApplicantAccountID != 0 {
		out.Mail = applicantEmail(ctx, s.db, c.TenantID, c.ApplicantAccountID).To != ""
	}
	return out, nil
}

// openRequests lists the case's unanswered document requests.
func openRequests(ctx context.Context, q store.Querier, c Case) ([]Request, error) {
	return queryRequests(ctx, q, `SELECT `+requestColumns+` FROM case_request r JOIN case_record c ON c.id = r.case_id
		WHERE r.case_id = $1 AND r.tenant_id = $2 AND r.status = 'open' ORDER BY r.id`, c.ID, c.TenantID)
}

// checkOpenRequests refuses to send while document requests are open,
// unless o acknowledges them: the field error names the requests.
func checkOpenRequests(ctx context.Context, q store.Querier, c Case, o SendOptions) error {
	if o.OpenRequestsAcknowledged {
		return nil
	}
	open, err := openRequests(ctx, q, c)
	if err != nil || len(open) == 0 {
		return err
	}
	subjects := make([]string, len(open))
	for i, r := range open {
		subjects[i] = r.Subject
	}
	list := strings.Join(subjects, "; ")
	return fault.Fields(fmt.Sprintf("%d document request(s) are still open: %s", len(open), list),
		fault.FieldError{Field: "ack_open_requests", Key: OpenRequestsKey,
			Args: map[string]any{"count": len(open), "subjects": list}, Text: "confirm sending despite open requests"})
}
