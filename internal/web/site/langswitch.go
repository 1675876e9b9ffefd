package site

import (
	"net/http"
	"net/url"
)

// switchTarget is where the language switch of a page returns to: the
// page's own URL with its query string (a service page with ?ort=, a search
// with its filters) for GET; for a page rendered as the result of a POST
// (a form with errors, a confirmation) the page the form was sent from,
// taken from the same-origin Referer, else the request's path. Re-sending
// the POST is never the answer: it would submit the form a second time.
func switchTarget(r *http.Request) string {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return r.URL.RequestURI()
	}
	if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host && ref.Path != "" {
		if p := LocalPath(ref.RequestURI()); p != "/" || ref.Path == "/" {
			return p
		}
	}
	return r.URL.Path
}
