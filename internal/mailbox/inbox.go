package mailbox

import (
	"context"
	"slices"
	"time"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/procedure"
)

// Summary is one application in the mailbox overview.
type Summary struct {
	ApplicationID int64
	Reference     string
	Title         procedure.Text
	Progress      casework.Progress // "" until the application is routed
	Unread        int
	OpenRequests  int
	// Latest is the time of the newest entry, or the submission.
	Latest time.Time
}

// Inbox lists the mailboxes r reaches — an account's (or its
// organisation's) submitted applications, a guest's one application —
// with their unread counts, newest activity first. Nothing is marked read.
func (s *Service) Inbox(ctx context.Context, r Reader) ([]Summary, error) {
	apps, err := s.readable(ctx, r)
	if err != nil {
		return nil, err
	}
	var out []Summary
	for _, a := range apps {
		t, err := s.thread(ctx, a)
		if err != nil {
			return nil, err
		}
		sum := Summary{ApplicationID: a.ID, Reference: t.Reference, Title: t.Title, Unread: t.Unread(),
			OpenRequests: len(t.OpenRequests()), Latest: t.SubmittedAt}
		if t.HasCase {
			sum.Progress = t.Case.Progress
		}
		if len(t.Items) > 0 && t.Items[0].At.After(sum.Latest) {
			sum.Latest = t.Items[0].At
		}
		out = append(out, sum)
	}
	slices.SortStableFunc(out, func(x, y Summary) int { return y.Latest.Compare(x.Latest) })
	return out, nil
}

// readable lists the submitted applications r may read.
func (s *Service) readable(ctx context.Context, r Reader) ([]apply.Application, error) {
	if r.Guest() {
		id, err := s.GuestApplication(ctx, r.TenantID, r.Secret)
		if err != nil {
			return nil, err
		}
		a, err := s.apps.SubmittedApp(ctx, r.TenantID, id)
		return []apply.Application{a}, err
	}
	return s.apps.Submitted(ctx, r.TenantID, apply.AccountOwner(r.AccountID, r.OrgID))
}
