package mailbox

import (
	"context"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/casework"
)

// StaffView is the mailbox of a case as the back office sees it: every
// message both ways with its read time, and when the applicant first saw
// each request and notice (zero: not yet).
type StaffView struct {
	Messages     []Message // oldest first
	RequestsRead map[int64]time.Time
	NoticesRead  map[int64]time.Time
}

// ForCase returns the mailbox of case caseID for staff who may see the
// case (else fault.NotFound).
func (s *Service) ForCase(ctx context.Context, staff casework.Staff, caseID int64) (StaffView, error) {
	c, err := s.cases.Get(ctx, staff, caseID)
	if err != nil {
		return StaffView{}, err
	}
	v := StaffView{RequestsRead: map[int64]time.Time{}, NoticesRead: map[int64]time.Time{}}
	if v.Messages, err = messages(ctx, s.db, c.TenantID, "application_id", c.ApplicationID); err != nil {
		return v, err
	}
	seen, err := seen(ctx, s.db, c.ApplicationID)
	if err != nil {
		return v, err
	}
	reqs, err := casework.ApplicantRequests(ctx, s.db, casework.Applicant{TenantID: c.TenantID, ApplicationID: c.ApplicationID})
	if err != nil {
		return v, err
	}
	for _, r := range reqs {
		v.RequestsRead[r.ID] = seen[seenKey("request", r.ID)].Time
	}
	notices, err := casework.ApplicantNotices(ctx, s.db, casework.Applicant{TenantID: c.TenantID, ApplicationID: c.ApplicationID})
	for _, n := range notices {
		v.NoticesRead[n.ID] = seen[seenKey("notice", n.ID)].Time
	}
	return v, err
}

// OpenFileForStaff returns a message attachment (Attachment.Ref "m<id>")
// of case caseID for staff who may see the case and records the access
// like the case file's documents ("case.message_file_view"); the caller
// closes it.
func (s *Service) OpenFileForStaff(ctx context.Context, staff casework.Staff, caseID int64, ref string) (Attachment, io.ReadCloser, error) {
	c, err := s.cases.Get(ctx, staff, caseID)
	if err != nil {
		return Attachment{}, nil, err
	}
	n, err := strconv.ParseInt(strings.TrimPrefix(ref, "m"), 10, 64)
	if err != nil || !strings.HasPrefix(ref, "m") {
		return Attachment{}, nil, notFound()
	}
	a, rc, err := s.openMessageFile(ctx, c.TenantID, "m.application_id", c.ApplicationID, n)
	if err != nil {
		return a, rc, err
	}
	if err := s.cases.AuditRead(ctx, staff, c, "case.message_file_view", map[string]any{"file": ref, "sha256": a.SHA256}); err != nil {
		rc.Close()
		return Attachment{}, nil, err
	}
	return a, rc, nil
}
