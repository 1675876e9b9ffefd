package site

import (
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Crisis mode (Krisenbetrieb, docs/crisis.md): while the database is
// unreachable the catalog pages answer from memory and show a notice; a
// page that needs the database answers with the maintenance page, 503
// with Retry-After, and a form POST gets its own values back in a form
// that sends them to the same address again, so nothing typed is lost.

// maintenanceRetry is the Retry-After of the maintenance page, seconds.
const maintenanceRetry = "30"

// Degraded reports whether the database is unreachable right now (the
// pages show the crisis notice, /readyz says "degraded").
func (s *Site) Degraded() bool { return s.c.Outage.Down() }

// DatabaseDown reports whether err is a database outage; it also tells
// the outage monitor, which then checks the database at once.
func (s *Site) DatabaseDown(err error) bool { return s.c.Outage.Suspect(err) }

// Degraded says whether the page shows the crisis notice ("some
// functions are unavailable").
func (v View) Degraded() bool { return v.degraded }

// maintenancePage is the data of templates/maintenance.html.
type maintenancePage struct {
	Action    string   // where the form sends the values again; "" when nothing was posted
	Multipart bool     // the original form was multipart (files are not kept)
	Fields    []kept   // the posted values, in name order
	Submit    kept     // the pressed button, sent again with the form
	Files     []string // names of files that were posted and must be chosen again
	Dropped   bool     // password fields were posted and are not shown
}

// TitleKey names the page's title message.
func (maintenancePage) TitleKey() string { return "crisis.maintenance.title" }

// kept is one posted value.
type kept struct {
	Name, Value string
	Long        bool // shown as a text area (several lines or long)
}

// Maintenance answers a request that needs the unreachable database: 503
// with Retry-After and the maintenance page; a POST gets its values back.
func (s *Site) Maintenance(w http.ResponseWriter, r *http.Request) {
	s.Log.Info("maintenance page: database unavailable", "ref", RequestID(r.Context()), "route", RouteLabel(r))
	w.Header().Set("Retry-After", maintenanceRetry)
	w.Header().Set("Cache-Control", "no-store")
	s.Render(w, r, http.StatusServiceUnavailable, "maintenance", keepPosted(r))
}

// keepPosted collects what r posted. A body the handler has not read yet
// is read now (within the body limit); secrets are left out, files
// cannot be kept and are named so the user can choose them again.
func keepPosted(r *http.Request) maintenancePage {
	if r.Method != http.MethodPost {
		return maintenancePage{}
	}
	p := maintenancePage{Action: r.URL.RequestURI(),
		Multipart: strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data")}
	values, files := posted(r)
	names := make([]string, 0, len(values))
	for n := range values {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		p.add(n, values[n])
	}
	for _, fs := range files {
		for _, f := range fs {
			p.Files = append(p.Files, f.Filename)
		}
	}
	return p
}

func (p *maintenancePage) add(name string, vs []string) {
	low := strings.ToLower(name)
	if low == "code" || strings.Contains(low, "passwor") || strings.Contains(low, "token") || strings.Contains(low, "secret") {
		p.Dropped = true
		return
	}
	for _, v := range vs {
		k := kept{Name: name, Value: v, Long: strings.Contains(v, "\n") || len(v) > 80}
		if name == "aktion" {
			p.Submit = k
			continue
		}
		p.Fields = append(p.Fields, k)
	}
}

// posted returns the form values and files of r, parsing the body if the
// handler did not.
func posted(r *http.Request) (url.Values, map[string][]*multipart.FileHeader) {
	if r.PostForm == nil && r.MultipartForm == nil {
		if err := r.ParseMultipartForm(8 << 20); err != nil && r.PostForm == nil {
			r.ParseForm()
		}
	}
	if r.MultipartForm != nil {
		return r.MultipartForm.Value, r.MultipartForm.File
	}
	return r.PostForm, nil
}
