package portal

import (
	"fmt"
	"html/template"
	"net/http"
)

// maxSearchPages bounds the cached whole pages (about 16 kB each).
const maxSearchPages = 512

// pageKey names one whole search page: its main part and everything the
// layout reads. view is the layout's view (tenant with its branding,
// language, title, request path, login state) printed with %#v, so a
// field added to the view later is part of the key by itself; a value
// that differs per request would make every key new and the cache miss,
// never serve another request's page.
type pageKey struct {
	body bodyKey
	view string
}

// cachedPage is a page as render wrote it: status, the headers render
// set and the body.
type cachedPage struct {
	status int
	header http.Header
	body   []byte // never changed once cached
}

// layoutKey returns the key of the whole page of body for r.
func (s *Handler) layoutKey(r *http.Request, body bodyKey) pageKey {
	return pageKey{body: body, view: fmt.Sprintf("%#v", s.newView(r, nil))}
}

// renderSearch writes the search page with main part body through render,
// keeping the page for visitors without a session under key.
func (s *Handler) renderSearch(w http.ResponseWriter, r *http.Request, version string, key pageKey, cache bool, body template.HTML) {
	rec := &pageRecorder{header: http.Header{}, status: http.StatusOK}
	s.render(rec, r, http.StatusOK, "search", searchBody{Body: body})
	p := cachedPage{status: rec.status, header: rec.header, body: rec.body}
	if cache && p.status == http.StatusOK {
		s.searchPages.put(version, key, p, maxSearchPages)
	}
	p.write(w)
}

// write replays the page to w.
func (p cachedPage) write(w http.ResponseWriter) {
	h := w.Header()
	for k, vs := range p.header {
		for _, v := range vs {
			h.Add(k, v)
		}
	}
	w.WriteHeader(p.status)
	w.Write(p.body)
}

// pageRecorder collects what render writes.
type pageRecorder struct {
	header http.Header
	status int
	body   []byte
}

func (p *pageRecorder) Header() http.Header { return p.header }

func (p *pageRecorder) WriteHeader(status int) { p.status = status }

func (p *pageRecorder) Write(b []byte) (int, error) {
	p.body = append(p.body, b...)
	return len(b), nil
}
