package backoffice

import (
	"net/url"
	"strconv"

	"github.com/amtsweg/amtsweg/internal/casework"
)

// inboxRow is one case of the list.
type inboxRow struct {
	casework.Case
	Href     string
	Received string
	Deadline string
	Badges   []badge
	// Waiting is the answer-by date of the earliest open request, "" for none.
	Waiting string
}

func newInboxRow(t func(string, ...any) string, c casework.Case) inboxRow {
	return inboxRow{Case: c, Href: caseURL(c.Reference, ""), Received: berlinDate(c.ReceivedAt),
		Deadline: berlinDate(c.Deadline), Badges: inboxBadges(t, c), Waiting: berlinDate(c.NextRequestDue)}
}

// inboxBadges are the signals of a case in the inbox, each with its text
// (never colour alone): unread activity first, then the deadline's.
func inboxBadges(t func(string, ...any) string, c casework.Case) []badge {
	var out []badge
	if c.Flags.Unread {
		out = append(out, badge{Level: "info", Text: t("backoffice_inbox.signal.unread")})
	}
	out = append(out, caseBadges(t, c)...)
	if c.Flags.AwaitingApplicant {
		text := t("backoffice_inbox.signal.waiting")
		if !c.NextRequestDue.IsZero() {
			text = t("backoffice_inbox.signal.waiting_until", "date", berlinDate(c.NextRequestDue))
		}
		out = append(out, badge{Level: "info", Text: text})
	}
	return out
}

// inboxCount is one tab of the inbox's counts per status.
type inboxCount struct {
	Status  casework.Status
	N       string // formatted, "10.000+" at casework.CountCap
	Href    string
	Current bool
}

// viewOf is the part of f the staff member's view keeps.
func viewOf(f casework.Filter) casework.InboxView {
	v := casework.InboxView{ProcedureID: f.ProcedureID, Assigned: f.Assigned, Signal: f.Signal, Sort: f.Sort,
		Desc: f.Desc, WarnDays: f.WarnDays}
	if len(f.Status) == 1 {
		v.Status = f.Status[0]
	}
	if v.Sort == casework.SortReceived {
		v.Sort = ""
	}
	return v
}

// formOf is the form showing filter f.
func formOf(f casework.Filter) inboxForm {
	form := inboxForm{Procedure: f.ProcedureID, Assigned: string(f.Assigned), Signal: string(f.Signal),
		Sort: string(f.Sort), Desc: f.Desc}
	if len(f.Status) == 1 {
		form.Status = string(f.Status[0])
	}
	if f.WarnDays > 0 {
		form.WarnDays = strconv.Itoa(f.WarnDays)
	}
	return form
}

// values is the query string of the form, marked as the inbox's own
// (ansicht=1), for the links of the page.
func (form inboxForm) values() url.Values {
	v := url.Values{"ansicht": {"1"}}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("status", form.Status)
	set("verfahren", form.Procedure)
	set("zuweisung", form.Assigned)
	set("signal", form.Signal)
	set("tage", form.WarnDays)
	set("von", form.From)
	set("bis", form.To)
	set("q", form.Search)
	set("sortierung", form.Sort)
	if form.Desc {
		v.Set("absteigend", "1")
	}
	return v
}

// inboxURL is the inbox with base's filter and one cursor.
func inboxURL(base url.Values, key, cursor string) string {
	v := cloneValues(base)
	v.Set(key, cursor)
	return "/verwaltung?" + v.Encode()
}

// countText formats a count with a thousands separator, "+" when it is a
// lower bound (casework.CountCap).
func countText(lang string, n int, capped bool) string {
	sep := "."
	if lang == "en" {
		sep = ","
	}
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	if capped {
		s += "+"
	}
	return s
}
