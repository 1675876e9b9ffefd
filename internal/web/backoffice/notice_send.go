package backoffice

import (
	"errors"
	"net/http"
	"strings"

	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// sendPage is the data of backoffice_notice_send.html, the confirmation
// before a notice goes out (Versandbestätigung): its text and PDF
// preview, what sending does, and the warnings.
type sendPage struct {
	Case    casework.Case
	Notice  noticeRow
	Base    string // the case page
	Sealer  string // the authority in the genitive
	Mail    bool   // the applicant gets an e-mail
	Open    []openRequestRow
	Running int      // open requests whose answer-by date has not come
	Blocked []string // why it cannot be sent now; no send button then
	Errors  []string // of a refused send
}

// openRequestRow is one unanswered document request.
type openRequestRow struct {
	Subject, Due string
	Running      bool
}

// Paragraphs splits a notice text into its paragraphs for the preview.
func (sendPage) Paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// confirmSend shows GET .../bescheide/{notice}/versenden.
func (s *Handler) confirmSend(w http.ResponseWriter, r *http.Request) {
	p, status, err := s.sendPage(r, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "backoffice_notice_send", p)
}

// sendPage loads the confirmation of the path's notice; sendErr is a
// refused send to show, which also sets the status.
func (s *Handler) sendPage(r *http.Request, sendErr error) (sendPage, int, error) {
	staff, c, err := s.caseFromPath(r)
	if err != nil {
		return sendPage{}, 0, err
	}
	id, err := s.noticeOf(r, staff, c)
	if err != nil {
		return sendPage{}, 0, err
	}
	chk, err := s.d.Cases.CheckSend(r.Context(), staff, id)
	if err != nil {
		return sendPage{}, 0, err
	}
	base := caseURL(c.Reference, "")
	p := sendPage{Case: chk.Case, Base: base, Sealer: chk.Sealer, Mail: chk.Mail, Running: len(chk.Running),
		Notice: noticeRow{Notice: chk.Notice, Href: base + "/bescheide/" + r.PathValue("notice")}}
	for _, q := range chk.OpenRequests {
		p.Open = append(p.Open, openRequestRow{Subject: q.Subject, Due: berlinDate(q.Due), Running: containsRequest(chk.Running, q.ID)})
	}
	if chk.Blocked != nil {
		p.Blocked = s.blockedTexts(r, chk)
	}
	status := http.StatusOK
	if sendErr != nil {
		p.Errors, status = s.actionErrors(r, sendErr), statusOf(sendErr)
	}
	return p, status, nil
}

// blockedTexts say why the notice cannot be sent yet: a missing
// co-signature and every placeholder left, else the refusal's own text.
func (s *Handler) blockedTexts(r *http.Request, chk casework.SendCheck) []string {
	t := s.tr(r)
	var out []string
	if n := chk.Notice; n.FourEyes && n.Status == casework.NoticeDraft {
		out = append(out, t("backoffice.decision.needs_approval"))
	}
	for _, f := range casework.Placeholders(chk.Notice.NoticeText) {
		text, _ := noticeFieldText(t, f)
		out = append(out, text)
	}
	if len(out) == 0 {
		out = s.actionErrors(r, chk.Blocked)
	}
	return out
}

func containsRequest(list []casework.Request, id int64) bool {
	for _, q := range list {
		if q.ID == id {
			return true
		}
	}
	return false
}

// caseFromPath resolves the principal and the path's case.
func (s *Handler) caseFromPath(r *http.Request) (casework.Staff, casework.Case, error) {
	staff := staffFrom(r.Context())
	c, err := s.d.Cases.ByReference(r.Context(), staff, r.PathValue("ref"))
	return staff, c, err
}

// sendNotice handles POST .../bescheide/{notice}/versenden: seal, file,
// deliver to the mailbox, decide the case. Open document requests must
// be acknowledged (ack_open_requests=1). A refusal shows the
// confirmation page again with the reason.
func (s *Handler) sendNotice(w http.ResponseWriter, r *http.Request) {
	staff, c, err := s.caseFromPath(r)
	if err == nil {
		var id int64
		if id, err = s.noticeOf(r, staff, c); err == nil {
			_, err = s.d.Cases.SendNotice(r.Context(), staff, id,
				casework.SendOptions{OpenRequestsAcknowledged: r.PostFormValue("ack_open_requests") == "1"})
		}
	}
	if err == nil {
		http.Redirect(w, r, caseURL(c.Reference, "")+"?erledigt=send", http.StatusSeeOther)
		return
	}
	if st := statusOf(err); st == http.StatusNotFound || st >= 500 {
		s.fail(w, r, err)
		return
	}
	p, status, perr := s.sendPage(r, err)
	if perr != nil {
		s.fail(w, r, errors.Join(err, perr))
		return
	}
	s.render(w, r, status, "backoffice_notice_send", p)
}

// noticeFieldText is the text of a notice's field error: a placeholder
// left in a part of the notice, or open requests to acknowledge; ok is
// false for other errors.
func noticeFieldText(t func(string, ...any) string, f fault.FieldError) (string, bool) {
	switch f.Key {
	case casework.PlaceholderKey:
		return t("backoffice.notice_send.placeholder", "part", t("backoffice.decision.part."+f.Field), "text", f.Args["text"]), true
	case casework.OpenRequestsKey:
		return t("backoffice.notice_send.ack_needed", "count", f.Args["count"], "subjects", f.Args["subjects"]), true
	}
	return "", false
}

// Placeholders are the texts the case worker must still replace in the
// notice before it can be approved or sent.
func (n noticeRow) Placeholders() []string {
	var out []string
	for _, f := range casework.Placeholders(n.NoticeText) {
		out = append(out, f.Args["text"].(string))
	}
	return out
}
