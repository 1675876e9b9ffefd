package backoffice

import (
	"net/http"
	"strconv"

	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/web/site"
)

// noticeRoutes registers the notice's routes beside the case's.
func (s *Handler) noticeRoutes(mux site.Mux) {
	const notice = "/verwaltung/vorgaenge/{ref}/bescheide/{notice}"
	mux.HandleFunc("POST /verwaltung/vorgaenge/{ref}/bescheide", s.Staff(s.draftNotice))
	mux.HandleFunc("POST "+notice, s.Staff(s.editNotice))
	mux.HandleFunc("GET "+notice+"/vorschau.pdf", s.Staff(s.previewNotice))
	mux.HandleFunc("POST "+notice+"/mitzeichnen", s.Staff(s.approveNotice))
	mux.HandleFunc("GET "+notice+"/versenden", s.Staff(s.confirmSend))
	mux.HandleFunc("POST "+notice+"/versenden", s.Staff(s.sendNotice))
}

// draftNotice handles POST .../bescheide: the decision's outcome; the
// notice is drafted from the procedure's template, filled and editable.
func (s *Handler) draftNotice(w http.ResponseWriter, r *http.Request) {
	s.caseAction(w, r, "decision", "draft", func(staff casework.Staff, c casework.Case) error {
		_, err := s.d.Cases.DraftNotice(r.Context(), staff, c.ID, casework.Outcome(r.FormValue("outcome")))
		return err
	})
}

// editNotice handles POST .../bescheide/{notice}: the edited text.
func (s *Handler) editNotice(w http.ResponseWriter, r *http.Request) {
	s.noticeAction(w, r, "edit", func(staff casework.Staff, id int64) error {
		_, err := s.d.Cases.EditNotice(r.Context(), staff, id, casework.NoticeText{Title: r.FormValue("title"),
			Body: r.FormValue("body"), Remedy: r.FormValue("remedy")})
		return err
	})
}

// approveNotice handles POST .../bescheide/{notice}/mitzeichnen: the
// second person's approval (four-eyes).
func (s *Handler) approveNotice(w http.ResponseWriter, r *http.Request) {
	s.noticeAction(w, r, "approve", func(staff casework.Staff, id int64) error {
		_, err := s.d.Cases.ApproveNotice(r.Context(), staff, id)
		return err
	})
}

// noticeAction runs fn on the path's notice when it belongs to the
// path's case (else NotFound).
func (s *Handler) noticeAction(w http.ResponseWriter, r *http.Request, done string, fn func(casework.Staff, int64) error) {
	s.caseAction(w, r, "decision", done, func(staff casework.Staff, c casework.Case) error {
		id, err := s.noticeOf(r, staff, c)
		if err != nil {
			return err
		}
		return fn(staff, id)
	})
}

// noticeOf finds the path's {notice} among the case's notices.
func (s *Handler) noticeOf(r *http.Request, staff casework.Staff, c casework.Case) (int64, error) {
	id, _ := strconv.ParseInt(r.PathValue("notice"), 10, 64)
	notices, err := s.d.Cases.Notices(r.Context(), staff, c.ID)
	if err != nil {
		return 0, err
	}
	for _, n := range notices {
		if n.ID == id {
			return id, nil
		}
	}
	return 0, fault.New(fault.NotFound, "no notice %q in case %s", r.PathValue("notice"), c.Reference)
}

// previewNotice serves GET .../bescheide/{notice}/vorschau.pdf: the
// unsealed preview of the notice as PDF, shown in the browser.
func (s *Handler) previewNotice(w http.ResponseWriter, r *http.Request) {
	staff, c, ok := s.caseOf(w, r, false)
	if !ok {
		return
	}
	id, err := s.noticeOf(r, staff, c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pdf, err := s.d.Cases.PreviewNotice(r.Context(), staff, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	inlineHeaders(w, "application/pdf", "Bescheid-Vorschau-"+c.Reference+".pdf")
	w.Header().Set("Content-Length", strconv.Itoa(len(pdf)))
	w.Write(pdf)
}
