package mailbox

import (
	"net/http"
	"strconv"
)

// mailboxListPage is the data of mailbox_list.html.
type mailboxListPage struct {
	Rows []mailboxRow
}

// mailboxRow is one application in the overview.
type mailboxRow struct {
	Href, Reference, Title, Latest, Progress string
	Unread, OpenRequests                     int
}

// mailboxList shows GET /postfach: the logged-in account's applications
// with their unread counts, newest activity first.
func (s *Handler) mailboxList(w http.ResponseWriter, r *http.Request) {
	b, in, err := s.mailboxOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !in {
		loginFirst(w, r)
		return
	}
	sums, err := s.d.Mailbox.Inbox(r.Context(), b.Reader)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := string(s.lang(r))
	var p mailboxListPage
	for _, m := range sums {
		progress := "mailbox.progress.none"
		if m.Progress != "" {
			progress = "mailbox.progress." + string(m.Progress)
		}
		p.Rows = append(p.Rows, mailboxRow{Href: "/postfach/" + strconv.FormatInt(m.ApplicationID, 10), Reference: m.Reference,
			Title: m.Title.In(lang), Latest: s.formatTime(r, m.Latest), Progress: progress, Unread: m.Unread, OpenRequests: m.OpenRequests})
	}
	s.render(w, r, http.StatusOK, "mailbox_list", p)
}
