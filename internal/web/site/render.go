package site

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

//go:embed templates/*.html
var templateFiles embed.FS

// parsePages parses every page template together with the layout and the
// partials (templates/_*.html, blocks several pages share); the result is
// keyed by the page's file name without ".html".
func parsePages() (map[string]*template.Template, error) {
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	common := []string{"templates/layout.html"}
	for _, name := range names {
		if strings.HasPrefix(name, "templates/_") {
			common = append(common, name)
		}
	}
	pages := map[string]*template.Template{}
	for _, name := range names {
		page := strings.TrimSuffix(strings.TrimPrefix(name, "templates/"), ".html")
		if page == "layout" || strings.HasPrefix(page, "_") {
			continue
		}
		t, err := template.ParseFS(templateFiles, append(common, name)...)
		if err != nil {
			return nil, fmt.Errorf("site: template %s: %w", page, err)
		}
		pages[page] = t
	}
	return pages, nil
}

// View is what every template sees: the page's own Data plus the request's
// language, tenant and the helpers the layout needs.
type View struct {
	Lang   i18n.Lang
	Tenant tenant.Tenant
	Title  string // the page's name: in <title> and usually the <h1>
	Path   string // where the language switch returns to: the request URI, or after a POST the page it came from (switchTarget)
	Data   any
	Status int
	// LoggedIn says whether the request has a complete login (the header
	// shows "Mein Konto" instead of "Anmelden").
	LoggedIn bool
	// Staff says whether that login is a staff member's: the header then
	// offers the back office (Verwaltung).
	Staff bool
	demo  bool // the process runs in demo mode (DemoBanner)
	// degraded: the database is unreachable (crisis.go, the notice)
	degraded bool
	msgs     *i18n.Catalog
	assets   *assets
}

// T returns the message key in the request's language; args are
// placeholder name/value pairs.
func (v View) T(key string, args ...any) string { return v.msgs.T(v.Lang, key, args...) }

// Asset returns the versioned URL of a static file, e.g. "amtsweg.css".
func (v View) Asset(name string) string { return v.assets.url(name) }

// KERN reports whether the KERN stylesheet is available.
func (v View) KERN() bool { return v.assets.kern }

// OtherLangs are the languages the switch offers.
func (v View) OtherLangs() []i18n.Lang {
	var out []i18n.Lang
	for _, l := range i18n.Langs() {
		if l != v.Lang {
			out = append(out, l)
		}
	}
	return out
}

// NewView builds the view for r. A host no tenant claims (only possible
// before any tenant exists) renders without a tenant name.
func (s *Site) NewView(r *http.Request, data any) View {
	who := VisitorOf(r.Context())
	v := View{Lang: s.Lang(r), Path: switchTarget(r), Data: data, msgs: s.msgs, assets: s.assets,
		LoggedIn: who.Complete(), Staff: who.Complete() && who.Account.Kind == account.KindStaff, demo: s.Demo(), degraded: s.Degraded()}
	if s.c.Tenants != nil {
		if t, err := s.c.Tenants.ForHost(r.Host); err == nil {
			v.Tenant = t
		}
	}
	return v
}

// Render writes page with data and status. The page is rendered into a
// buffer first, so a template error becomes a clean 500 page.
func (s *Site) Render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	t, ok := s.pages[page]
	if !ok {
		s.Fail(w, r, fmt.Errorf("site: no template %q", page))
		return
	}
	v := s.NewView(r, data)
	v.Status = status
	v.Title = v.PageTitle(page)
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		if page == "error" { // do not loop when the error page itself fails
			http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
			return
		}
		s.Fail(w, r, fmt.Errorf("site: render %s: %w", page, err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", string(v.Lang))
	if _, in := s.Session(r); in || PersonalPath(r.URL.Path) {
		h.Set("Cache-Control", "no-store") // a login's pages may name the person
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	h.Add("Vary", "Cookie, Accept-Language")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// PageTitle is the page's name: the message "<page>.title", unless the
// page data names its own title with a Title() string method (a service's
// name) or its own message key with TitleKey() string.
func (v View) PageTitle(page string) string {
	switch d := v.Data.(type) {
	case interface{ Title() string }:
		return d.Title()
	case interface{ TitleKey() string }:
		return v.T(d.TitleKey())
	}
	return v.T(page + ".title")
}

// DE marks German catalog content (service names and texts, which exist in
// German only) as German on pages in another language: use it inside the
// element's tag, <span {{$.DE}}>.
func (v View) DE() template.HTMLAttr {
	if v.Lang == i18n.German {
		return ""
	}
	return `lang="de"`
}
