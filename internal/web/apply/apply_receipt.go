package apply

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// receiptPage is the data of apply_receipt.html (Eingangsbestätigung).
type receiptPage struct {
	Receipt     apply.Receipt
	Procedure   string
	SubmittedAt string
	Authority   string
	Pages       []apply.PageRows
	Files       []receiptFile
	PDF         string
	// Mailbox leads to the application's messages and notices: the
	// account's mailbox thread, or for a guest the page that makes a
	// lasting mailbox link (the resume link expires).
	Mailbox string
	Guest   bool
	// Next is the "what happens next" section (Wie geht es weiter?).
	Next receiptNext
}

// receiptNext is what the applicant needs after submitting: who
// processes the application and how to reach them, how long it usually
// takes (only when the service data says so) and where to follow it.
type receiptNext struct {
	Authority *apply.ReceivingAuthority // nil: the clearing office finds the authority
	Duration  string                    // Bearbeitungsdauer from the service; "" leaves the sentence out
	Phone     template.URL              // tel: URI of Authority.Phone: only "+" and digits, so safe
}

// receiptFile is one submitted file with its size for display.
type receiptFile struct {
	apply.ReceiptFile
	SizeText string
}

// showReceipt shows GET /antraege/{id}/eingangsbestaetigung to the owner:
// reference, time, receiving authority, all answers, the files with their
// SHA-256 and the PDF download.
func (s *Handler) showReceipt(w http.ResponseWriter, r *http.Request) {
	ap, err := s.loadApplicant(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := string(s.lang(r))
	rc, err := s.d.Apply.Receipt(r.Context(), ap.App.ID, ap.Owner)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows, err := s.d.Apply.Rows(r.Context(), ap.App.ID, ap.Owner, lang)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := receiptPage{Receipt: rc, Procedure: rc.Title.In(lang), SubmittedAt: s.formatTime(r, rc.SubmittedAt),
		Pages: rows, PDF: draftPath(ap.App.ID) + "/eingangsbestaetigung.pdf",
		Mailbox: fmt.Sprintf("/postfach/%d", ap.App.ID), Guest: ap.App.Guest()}
	if p.Guest {
		p.Mailbox = draftPath(ap.App.ID) + "/postfach"
	}
	p.Authority = s.msgs.T(s.lang(r), "apply.receipt.clearing")
	if rc.Authority != nil {
		p.Authority = rc.Authority.Name
	}
	p.Next = s.receiptNext(rc, s.receiptService(r, ap, rc))
	for _, f := range rc.Attachments {
		p.Files = append(p.Files, receiptFile{ReceiptFile: f, SizeText: byteSize(lang, f.Size)})
	}
	s.render(w, r, http.StatusOK, "apply_receipt", p)
}

// receiptService is the catalog key of the service applied for: the
// receipt's LeiKa key, else the first service the procedure names.
func (s *Handler) receiptService(r *http.Request, ap applicant, rc apply.Receipt) string {
	if rc.ServiceKey != "" {
		return rc.ServiceKey
	}
	if def, err := s.d.Apply.Definition(r.Context(), ap.App); err == nil && len(def.Services) > 0 {
		return def.Services[0]
	}
	return ""
}

// receiptNext gathers the "what happens next" section: the receiving
// authority's contact frozen in the receipt and the usual processing time
// (Bearbeitungsdauer) of service from the catalog.
func (s *Handler) receiptNext(rc apply.Receipt, service string) receiptNext {
	n := receiptNext{Authority: rc.Authority}
	if rc.Authority != nil && rc.Authority.Phone != "" {
		n.Phone = template.URL("tel:" + strings.Map(func(c rune) rune {
			if c == '+' || (c >= '0' && c <= '9') {
				return c
			}
			return -1
		}, rc.Authority.Phone))
	}
	if s.d.Catalog != nil && service != "" {
		if e, err := s.d.Catalog.Service(service); err == nil {
			n.Duration = e.Texts.Plain(catalog.SectionProcessingTime)
		}
	}
	return n
}

// receiptPDF serves GET /antraege/{id}/eingangsbestaetigung.pdf to the
// owner only (anyone else: 404): the PDF apply stored after submission
// (German), else apply renders it in the request's language.
func (s *Handler) receiptPDF(w http.ResponseWriter, r *http.Request) {
	ap, err := s.loadApplicant(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rc, err := s.d.Apply.Receipt(r.Context(), ap.App.ID, ap.Owner)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `attachment; filename="Eingangsbestaetigung-`+rc.Reference+`.pdf"`)
	h.Set("Cache-Control", "private, no-store")
	if rc.PDFKey != "" && s.lang(r) == "de" && s.d.Blobs != nil {
		if rd, err := s.d.Blobs.Open(r.Context(), rc.PDFKey); err == nil {
			defer rd.Close()
			io.Copy(w, rd)
			return
		}
	}
	b, err := s.d.Apply.ReceiptPDF(r.Context(), ap.App.ID, ap.Owner, string(s.lang(r)))
	if err != nil {
		h.Del("Content-Disposition")
		h.Del("Content-Type")
		if fault.Is(err, fault.Unavailable) {
			s.receiptPending(w, r, ap.App.ID, rc, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.Write(b)
}

// receiptPending answers a receipt PDF that cannot be rendered right now
// (the renderer failed; the receipt job retries it) with a page that says
// so and leads back to the receipt, as 503 with Retry-After: the
// submission itself is in, with its reference number.
func (s *Handler) receiptPending(w http.ResponseWriter, r *http.Request, id int64, rc apply.Receipt, err error) {
	s.log.Warn("receipt PDF not available", "ref", requestID(r.Context()), "application", id, "err", err)
	w.Header().Set("Retry-After", "60")
	s.render(w, r, http.StatusServiceUnavailable, "apply_receipt_pending",
		receiptPendingPage{Reference: rc.Reference, Receipt: draftPath(id) + "/eingangsbestaetigung"})
}

// receiptPendingPage is the data of apply_receipt_pending.html.
type receiptPendingPage struct {
	Reference string
	Receipt   string // the receipt page
}

// asFault is errors.As for *fault.Error.
func asFault(err error, fe **fault.Error) bool { return errors.As(err, fe) }
