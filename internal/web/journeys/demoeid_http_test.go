package journeys_test

import (
	"bytes"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestDemoEIDEveryProcedure: in demo mode every demo procedure
// (internal/procedure/demo/*.yaml) can be completed end to end over HTTP.
// The visitor opens the procedure, follows the login link to the login
// page, takes "Mit Demo-eID anmelden", finds the procedure's level chosen
// at the demo provider, logs in as a test person, returns to the
// procedure, fills every page, submits and gets the receipt.
func TestDemoEIDEveryProcedure(t *testing.T) {
	now := time.Now()
	procs := demoProcedures(now)
	checkAllDemoProcedures(t, procs)
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			base, _, _ := webtest.AccountApp(t, d, func(*config.Config) {})
			for _, p := range procs {
				t.Run(p.ID, func(t *testing.T) {
					t.Parallel()
					v := newVisitor(t, base)
					v.demoEIDLogin(p)
					ref := v.apply(p)
					if !regexp.MustCompile(`^[A-Z0-9-]{6,}$`).MatchString(ref) {
						t.Errorf("receipt shows reference %q", ref)
					}
				})
			}
		})
	}
}

// checkAllDemoProcedures fails when a demo procedure has no answers here.
func checkAllDemoProcedures(t *testing.T, procs []demoProcedure) {
	t.Helper()
	files, _ := filepath.Glob("../../procedure/demo/*.yaml")
	var ids []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if m := regexp.MustCompile(`(?m)^id: (\S+)`).FindSubmatch(b); m != nil {
			ids = append(ids, string(m[1]))
		}
	}
	for _, id := range ids {
		if !slices.ContainsFunc(procs, func(p demoProcedure) bool { return p.ID == id }) {
			t.Errorf("demo procedure %s has no answers in demoProcedures", id)
		}
	}
	if len(ids) != 8 || len(procs) != len(ids) {
		t.Errorf("%d demo procedures, %d answer sets", len(ids), len(procs))
	}
}

// visitor is a browser over HTTP: cookies, redirects followed.
type visitor struct {
	t    *testing.T
	base string
	c    *http.Client
	at   *url.URL // the last page's address
	body string   // and its HTML
}

func newVisitor(t *testing.T, base string) *visitor {
	jar, _ := cookiejar.New(nil)
	return &visitor{t: t, base: base, c: &http.Client{Jar: jar}}
}

func (v *visitor) do(req *http.Request) {
	v.t.Helper()
	res, err := v.c.Do(req)
	if err != nil {
		v.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	v.at, v.body = res.Request.URL, string(b)
	if res.StatusCode >= 400 {
		v.t.Fatalf("%s %s: %d %s", req.Method, v.at.Path, res.StatusCode, errorsOn(v.body))
	}
}

func (v *visitor) get(path string) {
	v.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, v.resolve(path), nil)
	v.do(req)
}

func (v *visitor) post(path string, form url.Values) {
	v.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, v.resolve(path), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	v.do(req)
}

func (v *visitor) resolve(path string) string {
	u, _ := url.Parse(v.base)
	ref, _ := url.Parse(html.UnescapeString(path))
	return u.ResolveReference(ref).String()
}

// demoEIDLogin logs in with the demo eID as p.Person at the level the
// procedure asks for, the way a visitor does, and ends on its intro page.
func (v *visitor) demoEIDLogin(p demoProcedure) {
	v.t.Helper()
	v.get("/antrag/" + p.ID)
	login := attrOf(v.t, v.body, `href="(/anmelden\?[^"]+)"`)
	v.get(login)
	v.get(attrOf(v.t, v.body, `id="sso-login" href="([^"]+)"`))
	if v.at.Path != "/demo-eid/anmelden" || !strings.Contains(v.body, "DEMO") {
		v.t.Fatalf("the demo eID's login page is not at %s, or not marked as a demo", v.at)
	}
	if chosen := attrOf(v.t, v.body, `id="level-(\w+)" name="level" value="\w+" checked`); chosen != p.Level {
		v.t.Errorf("the demo eID offers level %s first, want the procedure's %s", chosen, p.Level)
	}
	v.post("/demo-eid/anmelden", url.Values{"id": {v.at.Query().Get("id")}, "person": {p.Person.ID}, "level": {p.Level}})
	if v.at.Path != "/antrag/"+p.ID {
		v.t.Fatalf("after the demo eID login at %s, want the procedure's intro", v.at.Path)
	}
}

// apply starts the application, fills every page, submits it and returns
// the reference number on the receipt.
func (v *visitor) apply(p demoProcedure) string {
	v.t.Helper()
	v.post("/antrag/"+p.ID, url.Values{"leistung": {""}})
	for i := 0; !strings.HasSuffix(v.at.Path, "/pruefen"); i++ {
		if i > 10 || !strings.Contains(v.at.Path, "/seiten/") {
			v.t.Fatalf("stuck at %s: %s", v.at.Path, errorsOn(v.body))
		}
		before := v.at.Path
		v.savePage(p.Answers)
		if v.at.Path == before {
			v.t.Fatalf("page %s not accepted: %s", before, errorsOn(v.body))
		}
	}
	action := attrOf(v.t, v.body, `<form method="post" action="([^"]+/einreichen)"`)
	v.post(action, url.Values{"schluessel": {attrOf(v.t, v.body, `name="schluessel" value="([^"]+)"`)}, "einwilligung": {"ja"}})
	if !strings.HasSuffix(v.at.Path, "/eingangsbestaetigung") {
		v.t.Fatalf("after submitting: %s %s", v.at.Path, errorsOn(v.body))
	}
	return attrOf(v.t, v.body, `id="reference"[^>]*>([^<]+)<`)
}

var (
	pageForm  = regexp.MustCompile(`(?s)<form class="amtsweg-form" method="post" action="([^"]+)"[^>]*>(.*?)</form>`)
	tagRe     = regexp.MustCompile(`(?s)<(input|select|textarea)\b([^>]*)>`)
	attrRe    = regexp.MustCompile(`([a-zA-Z-]+)(?:="([^"]*)")?`)
	optionRe  = regexp.MustCompile(`<option value="([^"]*)"([^>]*)>`)
	areaRe    = regexp.MustCompile(`(?s)^([^<]*)</textarea>`)
	summaryRe = regexp.MustCompile(`(?s)<div[^>]*id="error-summary".*?</div>\s*</div>`)
)

// savePage fills the page's form from answers (fields without an answer
// keep what the page shows) and sends it with "Weiter".
func (v *visitor) savePage(answers map[string]string) {
	v.t.Helper()
	m := pageForm.FindStringSubmatch(v.body)
	if m == nil {
		v.t.Fatalf("no form on %s", v.at.Path)
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	done := map[string]bool{}
	for _, tm := range tagRe.FindAllStringSubmatchIndex(m[2], -1) {
		tag, attrs := m[2][tm[2]:tm[3]], attrsOf(m[2][tm[4]:tm[5]])
		name, ans := attrs["name"], answers[attrs["name"]]
		_, has := answers[name]
		switch {
		case name == "" || name == "aktion":
		case tag == "select":
			if !has {
				ans = selectedOption(m[2][tm[1]:])
			}
			mw.WriteField(name, ans)
		case tag == "textarea":
			if !has {
				ans = html.UnescapeString(areaRe.FindStringSubmatch(m[2][tm[1]:])[1])
			}
			mw.WriteField(name, ans)
		case attrs["type"] == "file":
			if ans == "pdf" {
				w, _ := mw.CreateFormFile(name, name+".pdf")
				pdf, _ := os.ReadFile(webtest.WritePDF(v.t, name+".pdf"))
				w.Write(pdf)
			}
		case attrs["type"] == "radio" || attrs["type"] == "checkbox":
			_, checked := attrs["checked"]
			if (has && slices.Contains(strings.Split(ans, "|"), attrs["value"])) || (!has && checked) {
				if !done[name+"="+attrs["value"]] {
					mw.WriteField(name, attrs["value"])
					done[name+"="+attrs["value"]] = true
				}
			}
		case has:
			mw.WriteField(name, ans)
		default:
			mw.WriteField(name, attrs["value"])
		}
	}
	mw.WriteField("aktion", "weiter")
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, v.resolve(m[1]), &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := v.c.Do(req)
	if err != nil {
		v.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	v.at, v.body = res.Request.URL, string(b)
}

// selectedOption is the value of the selected option in the select whose
// options start rest.
func selectedOption(rest string) string {
	rest, _, _ = strings.Cut(rest, "</select>")
	for _, o := range optionRe.FindAllStringSubmatch(rest, -1) {
		if strings.Contains(o[2], "selected") {
			return o[1]
		}
	}
	return ""
}

func attrsOf(s string) map[string]string {
	out := map[string]string{}
	for _, a := range attrRe.FindAllStringSubmatch(s, -1) {
		out[a[1]] = html.UnescapeString(a[2])
	}
	return out
}

// attrOf is the first group of pattern in body.
func attrOf(t *testing.T, body, pattern string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("%s not found in the page: %s", pattern, errorsOn(body))
	}
	return html.UnescapeString(m[1])
}

// errorsOn is the page's error summary as text, for failure messages.
func errorsOn(body string) string {
	s := summaryRe.FindString(body)
	if s == "" {
		s = webtest.MainOf(body)
	}
	s = regexp.MustCompile(`<[^>]+>`).ReplaceAllString(s, " ")
	return strings.Join(strings.Fields(html.UnescapeString(s)), " ")
}
