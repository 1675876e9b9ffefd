package site

import (
	"io"
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

// Keeper draws a form page again with the values r posted, for the
// maintenance answer: the page's template and data, or ok false when it
// cannot (then the generic maintenance page holds the values). It must not
// need the database.
type Keeper func(r *http.Request) (page string, data any, ok bool)

// KeepForm registers the keeper of the form behind the route pattern
// (say the application's form pages); call it while registering routes.
func (s *Site) KeepForm(pattern string, k Keeper) {
	if s.keepers == nil {
		s.keepers = map[string]Keeper{}
	}
	s.keepers[pattern] = k
}

// Maintenance answers a request that needs the unreachable database: 503
// with Retry-After and the maintenance page; a POST gets its values back,
// in its own form where the route has a Keeper, else in a plain form to
// the same address.
func (s *Site) Maintenance(w http.ResponseWriter, r *http.Request) {
	s.Log.Info("maintenance page: database unavailable", "ref", RequestID(r.Context()), "route", RouteLabel(r))
	w.Header().Set("Retry-After", maintenanceRetry)
	w.Header().Set("Cache-Control", "no-store")
	if k := s.keepers[r.Pattern]; k != nil && r.Method == http.MethodPost {
		if page, data, ok := k(r); ok {
			s.Render(w, r, http.StatusServiceUnavailable, page, data)
			return
		}
	}
	s.Render(w, r, http.StatusServiceUnavailable, "maintenance", keepPosted(r))
}

// PostedValues returns the form values r posted, reading the body if no
// handler did (files are skipped).
func PostedValues(r *http.Request) url.Values {
	v, _ := posted(r)
	return v
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
	p.Files = files
	names := make([]string, 0, len(values))
	for n := range values {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		p.add(n, values[n])
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

// posted returns the form values of r and the names of the files it
// posted. A body no handler read yet is read now, the files skipped (not
// stored), at most maxKeptParts parts of at most maxKeptValue bytes; the
// values are then r.PostForm for everyone after.
func posted(r *http.Request) (url.Values, []string) {
	if r.PostForm != nil || r.MultipartForm != nil {
		var files []string
		if r.MultipartForm != nil {
			for _, fs := range r.MultipartForm.File {
				for _, f := range fs {
					files = append(files, f.Filename)
				}
			}
			return r.MultipartForm.Value, files
		}
		return r.PostForm, nil
	}
	mr, err := r.MultipartReader()
	if err != nil {
		r.ParseForm()
		return r.PostForm, nil
	}
	values, files := url.Values{}, []string(nil)
	for range maxKeptParts {
		part, err := mr.NextPart()
		if err != nil {
			break
		}
		if part.FileName() != "" {
			files = append(files, part.FileName())
			continue // NextPart skips the rest of the file
		}
		b, _ := io.ReadAll(io.LimitReader(part, maxKeptValue))
		values.Add(part.FormName(), string(b))
	}
	r.PostForm = values
	return values, files
}

// Bounds of what a maintenance answer reads of a form no handler read.
const (
	maxKeptParts = 1000
	maxKeptValue = 1 << 20
)
