package mailbox

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// ItemKind is what a thread entry is.
type ItemKind string

// The kinds of thread entries.
const (
	KindMessage ItemKind = "message" // Nachricht (this package)
	KindRequest ItemKind = "request" // Nachforderung (casework)
	KindNotice  ItemKind = "notice"  // Bescheid (casework)
)

// Item is one entry of a thread as the applicant sees it.
type Item struct {
	Kind      ItemKind
	ID        int64 // message, request or notice id
	Direction Direction
	Subject   string
	Body      string
	From      string // the sending staff member, for messages to the applicant
	At        time.Time
	// ReadAt is when the applicant first opened it; zero means it is new
	// (for entries to the applicant).
	ReadAt time.Time
	// Requests: due date, still open, and the answer.
	Due        time.Time
	Open       bool
	AnsweredAt time.Time
	Answer     string
	// Notices: the decision.
	Outcome     casework.Outcome
	Attachments []Attachment // of a message, or of a request's answer
}

// Unread reports whether the item is to the applicant and was not read.
func (i Item) Unread() bool { return i.Direction == ToApplicant && i.ReadAt.IsZero() }

// Thread is the mailbox of one application.
type Thread struct {
	ApplicationID int64
	Reference     string
	Title         procedure.Text
	SubmittedAt   time.Time
	// Case is the applicant's view of the case; HasCase is false until
	// the application is routed.
	Case    casework.ApplicantView
	HasCase bool
	Items   []Item // newest first
	// CanWrite reports whether the applicant may send a free message.
	CanWrite bool
}

// OpenRequests are the requests still waiting for an answer.
func (t Thread) OpenRequests() []Item {
	var out []Item
	for _, i := range t.Items {
		if i.Kind == KindRequest && i.Open {
			out = append(out, i)
		}
	}
	return out
}

// Unread counts the new entries.
func (t Thread) Unread() int {
	n := 0
	for _, i := range t.Items {
		if i.Unread() {
			n++
		}
	}
	return n
}

// Open returns the thread of application id for r and marks every new
// entry read (the entries keep showing as new in the returned thread).
// Someone else's application is fault.NotFound.
func (s *Service) Open(ctx context.Context, r Reader, id int64) (Thread, error) {
	a, err := s.access(ctx, r, id)
	if err != nil {
		return Thread{}, err
	}
	t, err := s.thread(ctx, a)
	if err != nil {
		return t, err
	}
	return t, s.markRead(ctx, r, a, t)
}

// thread reads the application's thread without changing anything.
func (s *Service) thread(ctx context.Context, a apply.Application) (Thread, error) {
	rc, err := s.apps.ReceiptOf(ctx, a.TenantID, a.ID)
	if err != nil {
		return Thread{}, err
	}
	t := Thread{ApplicationID: a.ID, Reference: rc.Reference, Title: rc.Title, SubmittedAt: rc.SubmittedAt}
	t.Case, err = casework.ApplicantStatus(ctx, s.db, applicantOf(a))
	switch {
	case err == nil:
		t.HasCase = true
		t.CanWrite = t.Case.Progress != casework.ProgressWithdrawn
	case !fault.Is(err, fault.NotFound):
		return t, err
	}
	seen, err := seen(ctx, s.db, a.ID)
	if err != nil {
		return t, err
	}
	if t.Items, err = s.messageItems(ctx, a.TenantID, a.ID); err != nil {
		return t, err
	}
	if err := s.caseItems(ctx, &t, a, seen); err != nil {
		return t, err
	}
	slices.SortStableFunc(t.Items, func(x, y Item) int { return y.At.Compare(x.At) })
	return t, nil
}

func (s *Service) messageItems(ctx context.Context, tenantID tenant.ID, id int64) ([]Item, error) {
	msgs, err := messages(ctx, s.db, tenantID, "application_id", id)
	var out []Item
	for _, m := range msgs {
		out = append(out, Item{Kind: KindMessage, ID: m.ID, Direction: m.Direction, Subject: m.Subject, Body: m.Body,
			From: m.SenderName, At: m.CreatedAt, ReadAt: m.ReadAt, Attachments: m.Attachments})
	}
	return out, err
}

// caseItems adds casework's requests (with the answers' files) and notices.
func (s *Service) caseItems(ctx context.Context, t *Thread, a apply.Application, seen map[string]sql.NullTime) error {
	if !t.HasCase {
		return nil
	}
	reqs, err := casework.ApplicantRequests(ctx, s.db, applicantOf(a))
	if err != nil {
		return err
	}
	docs, err := akte.Documents(ctx, s.db, t.Case.CaseID)
	if err != nil {
		return err
	}
	for _, r := range reqs {
		t.Items = append(t.Items, Item{Kind: KindRequest, ID: r.ID, Direction: ToApplicant, Subject: r.Subject, Body: r.Body,
			At: r.CreatedAt, ReadAt: seen[seenKey("request", r.ID)].Time, Due: r.Due, Open: r.Open, AnsweredAt: r.AnsweredAt,
			Answer: r.Answer, Attachments: answerFiles(docs, r.ID)})
	}
	notices, err := casework.ApplicantNotices(ctx, s.db, applicantOf(a))
	if err != nil {
		return err
	}
	for _, n := range notices {
		t.Items = append(t.Items, Item{Kind: KindNotice, ID: n.ID, Direction: ToApplicant, Subject: n.Title, At: n.SentAt,
			ReadAt: seen[seenKey("notice", n.ID)].Time, Outcome: n.Outcome})
	}
	return nil
}

// answerFiles are the files casework filed for the answer to request id
// (refs "answer:<id>:<n>").
func answerFiles(docs []akte.Document, id int64) []Attachment {
	prefix := "answer:" + strconv.FormatInt(id, 10) + ":"
	var out []Attachment
	for _, d := range docs {
		if d.Kind == akte.MessageIn && strings.HasPrefix(d.Ref, prefix) {
			out = append(out, Attachment{Ref: "d" + strconv.FormatInt(d.ID, 10), Name: d.FileName, MediaType: d.MediaType,
				Size: d.Size, SHA256: d.SHA256, blobKey: d.BlobKey})
		}
	}
	return out
}

// markRead records the new entries of t as read, with one audit entry.
func (s *Service) markRead(ctx context.Context, r Reader, a apply.Application, t Thread) error {
	if t.Unread() == 0 {
		return nil
	}
	now := s.now()
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		for _, i := range t.Items {
			if !i.Unread() {
				continue
			}
			var err error
			if i.Kind == KindMessage {
				_, err = tx.ExecContext(ctx, `UPDATE mailbox_message SET read_at = $1 WHERE id = $2 AND tenant_id = $3 AND read_at IS NULL`,
					now, i.ID, a.TenantID)
			} else {
				_, err = tx.ExecContext(ctx, `INSERT INTO mailbox_seen (application_id, item_kind, item_id, read_at)
					VALUES ($1, $2, $3, $4) ON CONFLICT (item_kind, item_id) DO NOTHING`, a.ID, string(i.Kind), i.ID, now)
			}
			if err != nil {
				return fmt.Errorf("mailbox: mark read: %w", err)
			}
		}
		return s.audit(ctx, tx, a.TenantID, r.actor(a.ID), "mailbox.read", "application", a.ID, map[string]any{"items": t.Unread()})
	})
}
