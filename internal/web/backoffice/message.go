package backoffice

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/mailbox"
)

// caseMessageRoute is the staff message to the applicant (Nachricht an
// Antragsteller). It takes files and sets its own body limit
// (ownBodyLimit), once the staff member and the case are known.
const caseMessageRoute = "POST /verwaltung/vorgaenge/{ref}/nachrichten"

// postMessage handles POST .../nachrichten: a message with attachments to
// the applicant's mailbox. Package mailbox checks the files exactly as
// the citizen's uploads (type sniffed from the content, size, count,
// cleaned name); a refused file or a body over the limit shows the case
// page again with the typed subject and text kept.
func (s *Handler) postMessage(w http.ResponseWriter, r *http.Request) {
	s.caseAction(w, r, "messages", "message", func(staff casework.Staff, c casework.Case) error {
		if s.d.Mailbox == nil {
			return fault.New(fault.NotFound, "the mailbox is not available")
		}
		cfg := s.d.Mailbox.Config()
		r.Body = http.MaxBytesReader(w, r.Body, int64(cfg.MaxFiles)*cfg.MaxFileSize+formSlack)
		form, files, err := readMessageForm(r)
		defer removeTemps(files)
		r.PostForm = form // kept for the page shown on an error
		if err != nil {
			return err
		}
		post := mailbox.Post{Subject: strings.TrimSpace(form.Get("subject")), Body: strings.TrimSpace(form.Get("body"))}
		for _, f := range files {
			post.Files = append(post.Files, mailbox.Upload{Name: f.name, DeclaredType: f.declared, Content: f.file})
		}
		_, err = s.d.Mailbox.PostToApplicant(r.Context(), staff, c.ID, post)
		return err
	})
}

// tempUpload is one file of a message form, spooled to a temporary file
// until package mailbox has checked and stored it.
type tempUpload struct {
	name, declared string
	file           *os.File
}

// readMessageForm reads the message form part by part: values into the
// returned form, files into temporary files (a file input left empty
// sends one nameless, empty part, which is skipped). A body over the
// limit is a field error on "files" and keeps the values read before the
// files (subject and text come first in the form).
func readMessageForm(r *http.Request) (url.Values, []tempUpload, error) {
	form := url.Values{}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "multipart/form-data" {
		if err := r.ParseForm(); err != nil {
			return form, nil, messageBodyError(err)
		}
		return r.PostForm, nil, nil
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return form, nil, errBadRequest("malformed form")
	}
	var files []tempUpload
	for n := 0; ; n++ {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			r.PostForm = form // for the maintenance page, should the database be gone (site.Maintenance)
			return form, files, nil
		}
		if err != nil || n > maxFormParts {
			return form, files, messageBodyError(err)
		}
		if part.FileName() == "" {
			b, err := io.ReadAll(io.LimitReader(part, maxFormValue))
			if err != nil {
				return form, files, messageBodyError(err)
			}
			form.Add(part.FormName(), string(b))
			continue
		}
		f, err := spool(part)
		if err != nil {
			return form, files, messageBodyError(err)
		}
		if f.file != nil {
			files = append(files, f)
		}
	}
}

// spool copies one file part into a temporary file, rewound for
// reading; an empty part without a name (an empty file input) gives a
// tempUpload without file.
func spool(part *multipart.Part) (tempUpload, error) {
	u := tempUpload{name: part.FileName(), declared: part.Header.Get("Content-Type")}
	f, err := os.CreateTemp("", "amtsweg-message-*")
	if err != nil {
		return u, err
	}
	n, err := io.Copy(f, part)
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil || (n == 0 && strings.TrimSpace(u.name) == "") {
		f.Close()
		os.Remove(f.Name())
		return u, err
	}
	u.file = f
	return u, nil
}

// removeTemps closes and deletes the temporary files.
func removeTemps(files []tempUpload) {
	for _, f := range files {
		f.file.Close()
		os.Remove(f.file.Name())
	}
}

// messageBodyError turns a body over the limit into a field error on the
// files (shown next to the form, the text kept); anything else is a bad
// request.
func messageBodyError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return fault.Fields("the files are too large", fault.FieldError{Field: "files", Key: "apply.file_size",
			Text: "the files are too large"})
	}
	return errBadRequest("malformed form")
}
