package mailbox

import (
	"io"
	"net/http"
	"strconv"
)

// mailboxFile serves an attachment of a thread (GET .../anlagen/{ref}) to
// its reader only; anyone else gets 404.
func (s *Handler) mailboxFile(w http.ResponseWriter, r *http.Request) {
	b, in, err := s.mailboxOf(r)
	if !in && err == nil {
		loginFirst(w, r)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	att, rc, err := s.d.Mailbox.OpenFile(r.Context(), b.Reader, b.ID, r.PathValue("ref"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer rc.Close()
	download(w, att.MediaType, att.Name, att.Size)
	io.Copy(w, rc)
}

// mailboxNotice serves the sealed PDF of a notice (GET .../bescheide/{notice}).
func (s *Handler) mailboxNotice(w http.ResponseWriter, r *http.Request) {
	b, in, err := s.mailboxOf(r)
	if !in && err == nil {
		loginFirst(w, r)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, _ := strconv.ParseInt(r.PathValue("notice"), 10, 64)
	n, rc, err := s.d.Mailbox.OpenNotice(r.Context(), b.Reader, b.ID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer rc.Close()
	download(w, "application/pdf", "Bescheid-"+n.Reference+".pdf", n.Size)
	io.Copy(w, rc)
}

// mailboxReceipt serves the receipt PDF to a guest through the mailbox
// link (GET /postfach/gast/{secret}/antrag/eingangsbestaetigung.pdf).
func (s *Handler) mailboxReceipt(w http.ResponseWriter, r *http.Request) {
	b, _, err := s.mailboxOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pdf, err := s.d.Mailbox.ReceiptPDF(r.Context(), b.Reader, b.ID, string(s.lang(r)))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	download(w, "application/pdf", "Eingangsbestaetigung.pdf", int64(len(pdf)))
	w.Write(pdf)
}
