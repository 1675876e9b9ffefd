package backoffice

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// previewPolicy is the Content-Security-Policy of a document shown inline:
// nothing may load or run inside it, and only this origin's pages may
// frame it (the case page's preview). Every other response keeps the
// strict policy with frame-ancestors 'none'.
const previewPolicy = "default-src 'none'; img-src 'self'; object-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"

// inlineHeaders prepares a response that the browser shows itself (PDF,
// image) inside the case page.
func inlineHeaders(w http.ResponseWriter, mediaType, name string) {
	h := w.Header()
	h.Set("Content-Type", mediaType)
	h.Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": apply.NameFor(name, mediaType)}))
	h.Set("Content-Security-Policy", previewPolicy)
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Cache-Control", "private, no-store")
}

// caseDocument opens the path's {doc} of the path's case (audited).
func (s *Handler) caseDocument(w http.ResponseWriter, r *http.Request) (casework.Case, akte.Document, io.ReadCloser, bool) {
	staff, c, ok := s.caseOf(w, r, false)
	if !ok {
		return c, akte.Document{}, nil, false
	}
	id, err := strconv.ParseInt(r.PathValue("doc"), 10, 64)
	if err != nil {
		s.fail(w, r, fault.New(fault.NotFound, "no document %q", r.PathValue("doc")))
		return c, akte.Document{}, nil, false
	}
	d, rc, err := s.d.Cases.OpenDocument(r.Context(), staff, c.ID, id)
	if err != nil {
		s.fail(w, r, err)
		return c, d, nil, false
	}
	return c, d, rc, true
}

// downloadDocument serves GET .../akte/{doc}: the document as a download.
func (s *Handler) downloadDocument(w http.ResponseWriter, r *http.Request) {
	_, d, rc, ok := s.caseDocument(w, r)
	if !ok {
		return
	}
	defer rc.Close()
	download(w, d.MediaType, d.FileName, d.Size)
	io.Copy(w, rc)
}

// inlineDocument serves GET .../akte/{doc}/inhalt: a PDF or image with
// its own type, shown by the browser inside the preview page. Other
// types are not shown inline (404): they are downloaded.
func (s *Handler) inlineDocument(w http.ResponseWriter, r *http.Request) {
	_, d, rc, ok := s.caseDocument(w, r)
	if !ok {
		return
	}
	defer rc.Close()
	if !newDocRow("de", "", d).canPreview() {
		s.fail(w, r, fault.New(fault.NotFound, "no preview for %s", d.MediaType))
		return
	}
	inlineHeaders(w, d.MediaType, d.FileName)
	w.Header().Set("Content-Length", strconv.FormatInt(d.Size, 10))
	io.Copy(w, rc)
}

// previewPage is the data of backoffice_preview.html.
type previewPage struct {
	Doc     docRow
	Back    string
	Content string
	IsPDF   bool
}

// Title names the page after the document.
func (p previewPage) Title() string { return p.Doc.Title }

// previewDocument shows GET .../akte/{doc}/vorschau: the document in the
// browser's own viewer (PDF in an iframe, images as img), with its
// metadata and the download link.
func (s *Handler) previewDocument(w http.ResponseWriter, r *http.Request) {
	c, d, rc, ok := s.caseDocument(w, r)
	if !ok {
		return
	}
	rc.Close()
	base, lang := caseURL(c.Reference, ""), string(s.lang(r))
	row := newDocRow(lang, base, d)
	if sub, err := s.d.Cases.Submission(r.Context(), staffFrom(r.Context()), c.ID); err == nil { // else the title as filed
		row.Title = docTitle(s.tr(r), sub.Definition, lang, c.Reference, d)
	}
	if row.Preview == "" {
		s.fail(w, r, fault.New(fault.NotFound, "no preview for %s", d.MediaType))
		return
	}
	s.render(w, r, http.StatusOK, "backoffice_preview", previewPage{Doc: row, Back: caseURL(c.Reference, "file"),
		Content: row.Href + "/inhalt", IsPDF: d.MediaType == "application/pdf"})
}

// exportCase serves GET .../export: the case file as an xdomea 3.0.0
// message 0503 zip (audited as "case.export").
func (s *Handler) exportCase(w http.ResponseWriter, r *http.Request) {
	staff, c, ok := s.caseOf(w, r, false)
	if !ok {
		return
	}
	var buf bytes.Buffer
	ex, err := s.d.Cases.Export(r.Context(), staff, c.ID, &buf, akte.ExportOptions{})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	download(w, "application/zip", ex.FileName, int64(buf.Len()))
	w.Write(buf.Bytes())
}

// messageFile serves GET .../nachrichten/anlagen/{file}: an attachment of
// a mailbox message of the case.
func (s *Handler) messageFile(w http.ResponseWriter, r *http.Request) {
	staff, c, ok := s.caseOf(w, r, false)
	if !ok {
		return
	}
	if s.d.Mailbox == nil {
		s.fail(w, r, fault.New(fault.NotFound, "the mailbox is not available"))
		return
	}
	a, rc, err := s.d.Mailbox.OpenFileForStaff(r.Context(), staff, c.ID, r.PathValue("file"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer rc.Close()
	download(w, a.MediaType, a.Name, a.Size)
	io.Copy(w, rc)
}
