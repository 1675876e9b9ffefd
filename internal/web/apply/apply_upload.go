package apply

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/web/site"
)

// PageRoute is the route of a form page's POST. It sets its own body
// limit (the body limit middleware leaves it alone): the page's upload
// budget when the page has file fields, else the default.
const PageRoute = "POST /antraege/{id}/seiten/{page}"

// Limits of the non-file parts of a multipart form (package site).
const (
	maxFormValue = site.MaxFormValue
	maxFormParts = site.MaxFormParts
	formSlack    = site.FormSlack
)

// uploadBudget is the largest body a page's POST may have: for every file
// field its max size × max files (× the entries of its repeatable group),
// plus slack for the other values.
func uploadBudget(fields []procedure.Field, answers map[string]any) int64 {
	var total int64
	for _, f := range fields {
		switch {
		case f.Type == procedure.FileUpload:
			total += maxSize(f) * int64(max(f.MaxFiles, 1))
		case f.Type == procedure.Group && f.Repeat != nil:
			list, _ := answers[f.ID].([]any)
			n := int64(max(len(list), f.Repeat.Min, 1))
			total += n * uploadBudget(f.Fields, nil)
		case f.Type == procedure.Group:
			total += uploadBudget(f.Fields, stringAnyMap(answers[f.ID]))
		}
	}
	return total
}

// readPageForm reads the POST of a form page. A multipart body is read
// part by part: every chosen file streams straight into apply.Upload
// (nothing is parsed into memory or temporary files); the other values
// are collected. Files apply refuses (type, size, count, malware) come
// back as field errors, shown like validation errors.
func (s *Handler) readPageForm(w http.ResponseWriter, r *http.Request, ap applicant, pg procedure.Page) (url.Values, []fault.FieldError, error) {
	limit := s.d.MaxBody
	if hasFiles(pg.Fields) {
		limit = uploadBudget(pg.Fields, ap.App.Answers) + formSlack
	}
	if limit > 0 {
		r.Body = http.MaxBytesReader(w, r.Body, limit)
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		if err := r.ParseForm(); err != nil {
			return nil, nil, bodyError(err)
		}
		return r.PostForm, nil, nil
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, errBadRequest("malformed form")
	}
	form := url.Values{}
	var errs []fault.FieldError
	for n := 0; ; n++ {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return form, errs, nil
		}
		if err != nil || n > maxFormParts {
			return nil, nil, bodyError(err)
		}
		if part.FileName() == "" {
			b, err := io.ReadAll(io.LimitReader(part, maxFormValue))
			if err != nil {
				return nil, nil, bodyError(err)
			}
			form.Add(part.FormName(), string(b))
			continue
		}
		fe, err := s.upload(r, ap, part.FormName(), part.FileName(), part.Header.Get("Content-Type"), part)
		if err != nil {
			return nil, nil, err
		}
		errs = append(errs, fe...)
	}
}

// upload streams one file part into apply.Upload; a refused file is a
// field error, a body over the limit too (the rest of the form is lost).
func (s *Handler) upload(r *http.Request, ap applicant, field, name, declared string, body io.Reader) ([]fault.FieldError, error) {
	_, err := s.d.Apply.Upload(r.Context(), ap.App.ID, ap.Owner, field, name, declared, body)
	var tooLarge *http.MaxBytesError
	var fe *fault.Error
	switch {
	case err == nil:
		return nil, nil
	case errors.As(err, &tooLarge):
		return nil, err
	case errors.As(err, &fe) && fe.Code == fault.Invalid && len(fe.Fields) > 0:
		return fe.Fields, nil
	}
	return nil, err
}

// bodyError classifies a failure to read the body: over the limit stays a
// *http.MaxBytesError (413), anything else is a bad request.
func bodyError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return err
	}
	return errBadRequest("malformed form")
}
