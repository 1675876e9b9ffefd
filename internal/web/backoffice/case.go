package backoffice

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/mailbox"
)

// casePage is the data of backoffice_case.html: one case with the
// application as submitted, its file, history, notes, requests, messages
// and notices, and the forms of the actions the staff member may take.
type casePage struct {
	Case     casework.Case
	Badges   []badge
	Rights   casework.Rights
	Me       int64 // the staff member's account id
	IsHead   bool
	Base     string // the case page's path
	Received string
	Channel  *apply.Channel // where the application came from, nil for the form
	Deadline string
	Pages    []apply.PageRows
	// Rules are the procedure version's rules (Regeln) in words, marked
	// enforced (checked at submission) or manual (for the case worker).
	Rules     []caseRule
	Documents []docRow
	Events    []eventRow
	Notes     []noteRow
	Requests  []requestRow
	Messages  []messageRow
	Notices   []noticeRow
	Draft     *noticeRow // the unsent notice, if any
	Assignees []casework.Assignee
	File      akte.File
	// The summary header's values in words (Klartext).
	Procedure    string // the procedure's title in the user's language
	DeadlineLeft string // "noch 12 Tage", "seit 3 Tagen überfällig"
	OpenRequests int
	NextDue      string // the earliest due date of an open request
	Retention    string // the retention period in words
	// Forward (Abgabe): the responsible authorities, nearest first,
	// narrowed by the search TargetQuery (GET ?abgabe=).
	Targets     []casework.ForwardCandidate
	TargetQuery string
	Outcomes    []casework.Outcome
	Done        string   // message key of the action just done, "" for none
	Errors      []string // texts of a failed action
	ErrorIn     string   // id of the form the errors belong to
	Form        map[string]string
}

// caseRule is a rule of the procedure as the case page lists it.
type caseRule struct {
	Text     string
	Enforced bool
}

// showCase shows GET /verwaltung/vorgaenge/{ref}; the view is audited.
func (s *Handler) showCase(w http.ResponseWriter, r *http.Request) {
	staff, c, ok := s.caseOf(w, r, true)
	if !ok {
		return
	}
	p, err := s.casePage(r, staff, c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if k := r.URL.Query().Get("erledigt"); k != "" && validDone(k) {
		p.Done = "backoffice.done." + k
	}
	s.render(w, r, http.StatusOK, "backoffice_case", p)
}

// casePage loads everything the case page shows, in the request's
// language; every read goes through casework with the principal.
func (s *Handler) casePage(r *http.Request, staff casework.Staff, c casework.Case) (casePage, error) {
	ctx, t := r.Context(), s.tr(r)
	p := casePage{Case: c, Badges: caseBadges(t, c), Rights: staff.RightsOn(c), Me: staff.AccountID,
		IsHead: staff.IsHead(c.AuthorityID), Base: caseURL(c.Reference, ""), Received: berlinTime(c.ReceivedAt),
		Deadline: berlinDate(c.Deadline), Form: map[string]string{},
		Outcomes: []casework.Outcome{casework.Approved, casework.PartlyApproved, casework.Rejected}}
	sub, err := s.d.Cases.Submission(ctx, staff, c.ID)
	if err != nil {
		return p, err
	}
	if s.d.Apply == nil { // no online applications in this process: places stay codes
		p.Pages = apply.Rows(sub.Definition, apply.Answers{Values: sub.Answers}, string(s.lang(r)))
	} else if p.Pages, err = s.d.Apply.SubmittedRows(ctx, sub.Definition, sub.Answers, string(s.lang(r))); err != nil {
		return p, err
	}
	lang := string(s.lang(r))
	p.Procedure, p.Channel = sub.Definition.Title.In(lang), sub.Channel
	for _, rule := range sub.Definition.Rules {
		p.Rules = append(p.Rules, caseRule{Text: rule.Text.In(lang), Enforced: rule.Enforced})
	}
	docs, err := s.d.Cases.Documents(ctx, staff, c.ID)
	if err != nil {
		return p, err
	}
	for _, d := range docs {
		row := newDocRow(lang, p.Base, d)
		row.Title, row.Author = docTitle(t, sub.Definition, lang, c.Reference, d), authorText(t, d.Author)
		p.Documents = append(p.Documents, row)
	}
	if p.File, err = s.d.Cases.File(ctx, c); err != nil {
		return p, err
	}
	p.Retention, p.DeadlineLeft = periodText(t, p.File.Retention), deadlineLeft(t, c.Deadline, time.Now())
	if err := s.caseHistory(r, staff, &p); err != nil {
		return p, err
	}
	if err := s.caseNotices(r, staff, &p); err != nil {
		return p, err
	}
	if p.Rights.Assign {
		if p.Assignees, err = s.d.Cases.Assignees(ctx, staff, c.ID); err != nil {
			return p, err
		}
	}
	if p.Rights.Forward {
		all, err := s.d.Cases.ForwardCandidates(ctx, staff, c.ID)
		if err != nil {
			return p, err
		}
		p.TargetQuery = strings.TrimSpace(r.URL.Query().Get("abgabe"))
		p.Targets = casework.FilterCandidates(all, p.TargetQuery)
	}
	return p, nil
}

// caseHistory loads events, notes, requests and the mailbox.
func (s *Handler) caseHistory(r *http.Request, staff casework.Staff, p *casePage) error {
	ctx, t := r.Context(), s.tr(r)
	events, err := s.d.Cases.Events(ctx, staff, p.Case.ID)
	if err != nil {
		return err
	}
	for _, e := range events {
		p.Events = append(p.Events, newEventRow(t, e))
	}
	notes, err := s.d.Cases.Notes(ctx, staff, p.Case.ID)
	if err != nil {
		return err
	}
	for _, n := range notes {
		p.Notes = append(p.Notes, noteRow{Author: n.AuthorName, At: berlinTime(n.CreatedAt), Body: n.Body})
	}
	var read map[int64]string
	if s.d.Mailbox != nil {
		v, err := s.d.Mailbox.ForCase(ctx, staff, p.Case.ID)
		if err != nil {
			return err
		}
		for _, m := range v.Messages {
			p.Messages = append(p.Messages, newMessageRow(string(s.lang(r)), p.Base, m))
		}
		read = map[int64]string{}
		for id, at := range v.RequestsRead {
			read[id] = berlinTime(at)
		}
	}
	reqs, err := s.d.Cases.Requests(ctx, staff, p.Case.ID)
	if err != nil {
		return err
	}
	for _, q := range reqs {
		p.Requests = append(p.Requests, requestRow{Subject: q.Subject, Body: q.Body, Due: berlinDate(q.Due),
			Open: q.Open, Answered: berlinTime(q.AnsweredAt), Answer: q.Answer, ReadAt: read[q.ID]})
		if q.Open {
			p.OpenRequests++
		}
	}
	p.NextDue = berlinDate(p.Case.NextRequestDue)
	return nil
}

// newMessageRow shows one mailbox message with its read state.
func newMessageRow(lang, base string, m mailbox.Message) messageRow {
	row := messageRow{Subject: m.Subject, Body: m.Body, At: berlinTime(m.CreatedAt), From: m.SenderName,
		Incoming: m.Direction == mailbox.FromApplicant, ReadAt: berlinTime(m.ReadAt)}
	for _, a := range m.Attachments {
		row.Files = append(row.Files, fileLink{Name: a.Name, Size: byteSize(lang, a.Size),
			Href: base + "/nachrichten/anlagen/" + a.Ref})
	}
	return row
}

// caseNotices loads the notices and picks the unsent one.
func (s *Handler) caseNotices(r *http.Request, staff casework.Staff, p *casePage) error {
	notices, err := s.d.Cases.Notices(r.Context(), staff, p.Case.ID)
	if err != nil {
		return err
	}
	for _, n := range notices {
		row := noticeRow{Notice: n, Href: p.Base + "/bescheide/" + strconv.FormatInt(n.ID, 10),
			Sent: berlinTime(n.SentAt), CanApprove: p.Rights.CanApprove(n, staff.AccountID),
			CanSend: p.Rights.CanSend(n), CanEdit: p.Rights.Decide && n.Status != casework.NoticeSent}
		p.Notices = append(p.Notices, row)
	}
	for i := range p.Notices {
		if p.Notices[i].Status != casework.NoticeSent {
			p.Draft = &p.Notices[i]
		}
	}
	return nil
}
