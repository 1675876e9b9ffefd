package site

import (
	"mime"
	"net/http"
	"net/url"
	"strconv"

	"github.com/amtsweg/amtsweg/internal/apply"
)

// FileLink is a downloadable file.
type FileLink struct{ Href, Name, Size string }

// Download sets the headers of a private file download.
func Download(w http.ResponseWriter, mediaType, name string, size int64) {
	h := w.Header()
	h.Set("Content-Type", mediaType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": apply.NameFor(name, mediaType)}))
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if size > 0 {
		h.Set("Content-Length", strconv.FormatInt(size, 10))
	}
}

// LoginFirst sends a visitor without login to the login page and back.
func LoginFirst(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/anmelden?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
}

// Limits of the non-file parts of a multipart form (the pages that take
// files read their forms themselves).
const (
	MaxFormValue = 64 << 10 // one value
	MaxFormParts = 2000     // values and files
	FormSlack    = 1 << 20  // the form's other values and the multipart framing
)
