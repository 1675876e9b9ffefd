package apply_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// guestClient is a guest's browser without JavaScript (webtest.Browser:
// cookies, redirects followed) that remembers the current page's path.
type guestClient struct {
	t    *testing.T
	b    *webtest.Browser
	page string // the current page's path
}

func newGuest(t *testing.T, base, lang string) *guestClient {
	t.Helper()
	b := webtest.NewBrowser(t, base)
	u, _ := url.Parse(base)
	b.HTTP.Jar.SetCookies(u, []*http.Cookie{{Name: "lang", Value: lang, Path: "/"}})
	return &guestClient{t: t, b: b}
}

// send requests path (a form POST when form is not nil) and returns the
// status and body of the final page.
func (g *guestClient) send(path string, form url.Values) (int, string) {
	g.t.Helper()
	status, page, body := g.b.Do(path, form)
	g.page = page
	return status, body
}

// start begins a guest application of procedure and returns its first page.
func (g *guestClient) start(procedure string) string {
	g.t.Helper()
	status, body := g.send("/antrag/"+procedure, url.Values{})
	if status != http.StatusOK || !strings.Contains(g.page, "/seiten/") {
		g.t.Fatalf("start %s: status %d at %s", procedure, status, g.page)
	}
	return body
}

// dateForm fills the date field id with d.
func dateForm(v url.Values, id string, d time.Time) {
	v.Set(id+".day", d.Format("02"))
	v.Set(id+".month", d.Format("01"))
	v.Set(id+".year", d.Format("2006"))
}

func mustContain(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s: %q missing", what, w)
		}
	}
}

func mustNotContain(t *testing.T, what, body string, bad ...string) {
	t.Helper()
	for _, b := range bad {
		if strings.Contains(body, b) {
			t.Errorf("%s: %q present", what, b)
		}
	}
}

// TestApplyFormTexts: the texts of the form pages as a guest without
// JavaScript meets them (issue 11) — conditional questions, counts,
// dates, sizes, punctuation and step counts — on both engines.
func TestApplyFormTexts(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			base := startApplyApp(t, d)
			t.Run("conditions", func(t *testing.T) { formConditions(t, base) })
			t.Run("dates", func(t *testing.T) { formDates(t, base) })
			t.Run("sizes-counts-steps", func(t *testing.T) { formSizesAndSteps(t, base) })
			t.Run("summary-punctuation", func(t *testing.T) { formSummaryPunctuation(t, base) })
		})
	}
}

// formConditions: "Warum konnten Sie die Frist nicht einhalten?" depends
// on a value the server computes from the delivery date, so it is not
// asked of everyone: only once the saved date makes the objection late.
// A question the browser can decide (custody, by relationship) carries
// its condition and a hint when it applies.
func formConditions(t *testing.T, base string) {
	g := newGuest(t, base, "de")
	const why = "Warum konnten Sie die Frist nicht einhalten?"
	body := g.start("bussgeld-einspruch")
	mustNotContain(t, "fresh page", body, why)
	mustContain(t, "fresh page", body, `conditions.js`)
	page := g.page
	v := url.Values{"aktion": {"weiter"}, "aktenzeichen": {"52.1-123456/24"}, "betroffener": {"Erika Müller"},
		"anschrift.street": {"Markt"}, "anschrift.number": {"1"}, "anschrift.postal_code": {"04109"}, "anschrift.place": {"Leipzig"}}
	late := time.Now().AddDate(0, -2, 0)
	dateForm(v, "bescheiddatum", late)
	dateForm(v, "zustellung", late)
	status, body := g.send(page, v)
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("late objection without reason: status %d at %s", status, g.page)
	}
	mustContain(t, "late objection", body, why, "Bitte füllen Sie dieses Feld aus.")
	v.Set("wiedereinsetzung", "Ich war im Krankenhaus.")
	if status, _ := g.send(page, v); status != http.StatusOK || g.page == page {
		t.Fatalf("late objection with reason: status %d at %s", status, g.page)
	}
	// In time: the question is gone again, its answer dropped, not validated.
	recent := time.Now().AddDate(0, 0, -3)
	dateForm(v, "bescheiddatum", recent)
	dateForm(v, "zustellung", recent)
	v.Set("wiedereinsetzung", strings.Repeat("x", 5000)) // too long, but hidden
	if status, _ := g.send(page, v); status != http.StatusOK || g.page == page {
		t.Fatalf("objection in time: status %d at %s", status, g.page)
	}
	if _, body := g.send(page, nil); strings.Contains(body, why) {
		t.Errorf("objection in time still asks %q", why)
	}

	w := newGuest(t, base, "de")
	w.start("wohnsitz-anmelden")
	status, body = w.send(strings.Replace(w.page, "/seiten/wohnung", "/seiten/person", 1), url.Values{"aktion": {"weiter"},
		"familienname": {"Müller"}, "vornamen": {"Erika"}, "staatsangehoerigkeit": {"deutsch"}, "mit_familie": {"true"},
		"geburtsdatum.day": {"12"}, "geburtsdatum.month": {"5"}, "geburtsdatum.year": {"1985"}})
	if status != http.StatusOK || !strings.HasSuffix(w.page, "/seiten/familie") {
		t.Fatalf("to the family page: status %d at %s", status, w.page)
	}
	mustContain(t, "family page", body,
		`data-show-if="{&#34;terms&#34;:[{&#34;name&#34;:&#34;angehoerige[0].beziehung&#34;,&#34;values&#34;:[&#34;kind&#34;]}],&#34;partial&#34;:true}"`,
		"Nur zu beantworten, wenn Sie bei „Beziehung zu Ihnen“ „Kind“ angegeben haben.",
		"Sind Sie für dieses Kind sorgeberechtigt?")
}

// formDates: a date bound in a field error is written as German and
// English write dates, never as 2026-12-06.
func formDates(t *testing.T, base string) {
	for _, tt := range []struct{ lang, layout, text string }{
		{"de", "02.01.2006", "Das Datum darf nicht nach dem %s liegen."},
		{"en", "2 January 2006", "The date must not be after %s."},
	} {
		g := newGuest(t, base, tt.lang)
		g.start("bussgeld-einspruch")
		v := url.Values{"aktion": {"weiter"}}
		dateForm(v, "bescheiddatum", time.Now().AddDate(0, 0, 3))
		_, body := g.send(g.page, v)
		today := time.Now().In(berlin(t))
		mustContain(t, tt.lang, body, strings.Replace(tt.text, "%s", today.Format(tt.layout), 1))
		mustNotContain(t, tt.lang, body, today.Format("2006-01-02"))
	}
}

func berlin(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// formSizesAndSteps: a 10 MiB limit reads "10 MiB", one file "eine Datei"
// (no "Datei(en)"), and the intro's step count agrees with the form's.
func formSizesAndSteps(t *testing.T, base string) {
	g := newGuest(t, base, "de")
	_, intro := g.send("/antrag/wohnsitz-anmelden", nil)
	mustContain(t, "intro", intro, "3 bis 4 Schritte, je nach Ihren Angaben")
	body := g.start("wohnsitz-anmelden")
	mustContain(t, "first page", body, "Schritt 1 von 3", "bis zu 2 Dateien, höchstens 10 MiB je Datei")
	mustNotContain(t, "first page", body, "(en)", "10,5 MB")

	e := newGuest(t, base, "en")
	e.start("bussgeld-einspruch")
	_, body = e.send(strings.Replace(e.page, "/seiten/bescheid", "/seiten/begruendung", 1), nil)
	mustContain(t, "evidence", body, "Allowed: PDF, images; up to 10 files of at most 20 MiB each")
	mustNotContain(t, "evidence", body, "file(s)", "21 MB", "IMAGE")

	// A form without conditional pages: the same number on intro and form.
	b := newGuest(t, base, "de")
	_, intro = b.send("/antrag/bussgeld-einspruch", nil)
	mustContain(t, "objection intro", intro, "2 Schritte, danach")
	mustContain(t, "objection form", b.start("bussgeld-einspruch"), "Schritt 1 von 2")
}

// formSummaryPunctuation: a declaration that is a sentence is not
// followed by a colon in the error summary ("vollständig sind.: Bitte").
func formSummaryPunctuation(t *testing.T, base string) {
	g := newGuest(t, base, "de")
	g.start("wohnsitz-anmelden")
	_, body := g.send(strings.Replace(g.page, "/seiten/wohnung", "/seiten/abschluss", 1), url.Values{"aktion": {"weiter"}})
	summary := regexp.MustCompile(`(?s)id="error-summary".*?</ul>`).FindString(body)
	mustContain(t, "summary", summary, "vollständig sind. Bitte bestätigen Sie diese Erklärung.")
	if regexp.MustCompile(`[.?!]:`).MatchString(summary) {
		t.Errorf("doubled punctuation in the summary:\n%s", summary)
	}
}
