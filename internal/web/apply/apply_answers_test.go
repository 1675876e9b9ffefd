package apply_test

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/pdf"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// anClient is a cookie-keeping HTTP client for the citizen's side of the
// apply journey; it follows redirects and answers with the final path.
type anClient struct {
	t    *testing.T
	base string
	http *http.Client
}

func newAnClient(t *testing.T, base string) *anClient {
	jar, _ := cookiejar.New(nil)
	return &anClient{t: t, base: base, http: &http.Client{Jar: jar, Timeout: 60 * time.Second}}
}

// get returns status, final path (with query) and body.
func (c *anClient) get(path string) (int, string, string) {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.base+path, nil)
	webtest.Check(c.t, err)
	return c.send(req)
}

// post sends form URL-encoded, or as multipart with one file when
// fileField is set.
func (c *anClient) post(path string, form url.Values, fileField, fileName string, file []byte) (int, string, string) {
	c.t.Helper()
	var body io.Reader = strings.NewReader(form.Encode())
	ctype := "application/x-www-form-urlencoded"
	if fileField != "" {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, vs := range form {
			for _, v := range vs {
				mw.WriteField(k, v)
			}
		}
		fw, err := mw.CreateFormFile(fileField, fileName)
		webtest.Check(c.t, err)
		fw.Write(file)
		webtest.Check(c.t, mw.Close())
		body, ctype = &buf, mw.FormDataContentType()
	}
	req, err := http.NewRequest(http.MethodPost, c.base+path, body)
	webtest.Check(c.t, err)
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Origin", c.base)
	return c.send(req)
}

func (c *anClient) send(req *http.Request) (int, string, string) {
	c.t.Helper()
	req.Header.Set("Accept-Language", "de")
	res, err := c.http.Do(req)
	webtest.Check(c.t, err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Request.URL.RequestURI(), string(b)
}

// page posts one form page with "weiter" and wants to land on want (a
// path suffix).
func (c *anClient) page(path string, form url.Values, want string) string {
	c.t.Helper()
	form.Set("aktion", "weiter")
	st, at, body := c.post(path, form, "", "", nil)
	if st != http.StatusOK || !strings.HasSuffix(at, want) {
		c.t.Fatalf("POST %s: %d at %s, want …%s\n%s", path, st, at, want, errorSummary(body))
	}
	return body
}

var summaryRE = regexp.MustCompile(`(?s)id="error-summary".*?</div>\s*</div>`)

// errorSummary is the error summary of a page, for failure messages.
func errorSummary(body string) string {
	if m := summaryRE.FindString(body); m != "" {
		return m
	}
	return "(no error summary)"
}

var rowRE = regexp.MustCompile(`(?s)<dt class="kern-description-list-item__key">(.*?)</dt>\s*<dd class="kern-description-list-item__value[^"]*">(.*?)</dd>`)

// answerRows are the label → value rows of a review, receipt or case page.
func answerRows(body string) map[string]string {
	out := map[string]string{}
	for _, m := range rowRE.FindAllStringSubmatch(body, -1) {
		out[html.UnescapeString(strings.TrimSpace(m[1]))] = html.UnescapeString(strings.TrimSpace(m[2]))
	}
	return out
}

// wantRows checks that page shows every row of want.
func wantRows(t *testing.T, page, body string, want map[string]string) {
	t.Helper()
	got := answerRows(body)
	for label, value := range want {
		if got[label] != value {
			t.Errorf("%s: %q shows %q, want %q", page, label, got[label], value)
		}
	}
}

var draftRE = regexp.MustCompile(`^/antraege/(\d+)/`)

// The applicant, two family members and their answers as the portal must
// show them: Cyrillic and Greek names, yes/no in words, the place by name.
const (
	anSurname   = "Ковалёва"
	anGiven     = "Ἑλένη Мария"
	anSpouse    = "Дмитрий"
	anChild     = "Σοφία"
	anPlaceName = "Dresden, Sachsen"
	anPlaceARS  = "146120000000"
)

// TestAnswersJourney is issue 11's first "done when" at the HTTP level, on
// every engine: a guest registers a residence ("Wohnsitz anmelden") with
// Cyrillic and Greek names, first without family; on the review "Ziehen
// Familienangehörige mit Ihnen ein?" says "nein". Changing it to "ja" from
// the review leads to the revealed page "Mitziehende Familienangehörige"
// (it used to go straight back to the review, which then lacked the page,
// and submit failed with "mindestens 1 Einträge"). With two members the
// review says "ja" (it used to say "nein" for the raw form value), shows
// the place by name instead of its ARS and both members; the submission
// succeeds, and the receipt page, the receipt PDF and the case page of the
// authority it was routed to show the same answers.
func TestAnswersJourney(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			w := webtest.Start(t, d, func(c *config.Config) { c.Jobs = true })
			c := newAnClient(t, w.Base)
			st, at, _ := c.post("/antrag/wohnsitz-anmelden", url.Values{"leistung": {"99115005104000"}}, "", "", nil)
			m := draftRE.FindStringSubmatch(at)
			if st != http.StatusOK || m == nil || !strings.HasSuffix(at, "/seiten/wohnung") {
				t.Fatalf("start: %d at %s", st, at)
			}
			draft := "/antraege/" + m[1]
			anFillWohnung(t, c, draft)
			person := anPerson("false")
			c.page(draft+"/seiten/person", person, "/seiten/abschluss")
			review := c.page(draft+"/seiten/abschluss", url.Values{"richtigkeit": {"true"}}, "/pruefen")
			wantRows(t, "review without family", review, map[string]string{"Ziehen Familienangehörige mit Ihnen ein?": "nein"})

			// Changed from the review: the revealed page comes first.
			person.Set("mit_familie", "true")
			c.page(draft+"/seiten/person?zurueck=pruefen", person, "/seiten/familie?zurueck=pruefen")
			review = c.page(draft+"/seiten/familie?zurueck=pruefen", anFamily(), "/pruefen")
			want := anWant()
			wantRows(t, "review", review, want)
			if strings.Contains(review, anPlaceARS) {
				t.Errorf("review shows the place's ARS %s", anPlaceARS)
			}

			key := regexp.MustCompile(`name="schluessel" value="([0-9a-f]+)"`).FindStringSubmatch(review)
			if key == nil {
				t.Fatal("review without idempotency key")
			}
			st, at, receipt := c.post(draft+"/einreichen", url.Values{"einwilligung": {"ja"}, "schluessel": {key[1]}}, "", "", nil)
			if st != http.StatusOK || !strings.HasSuffix(at, "/eingangsbestaetigung") {
				t.Fatalf("submit: %d at %s\n%s", st, at, errorSummary(receipt))
			}
			wantRows(t, "receipt", receipt, want)
			ref := answerRows(receipt)["Aktenzeichen"]
			if ref == "" {
				t.Fatalf("receipt without reference: %v", answerRows(receipt))
			}
			anCheckPDF(t, c, draft+"/eingangsbestaetigung.pdf")

			cs := w.RoutedCase(t, ref)
			worker := w.Staff(t, w.TenantA, "Sabine Sachbearbeiterin", account.StaffRole{AuthorityID: cs.AuthorityID, Role: account.RoleCaseWorker})
			st, _, casePage := w.Do(t, http.MethodGet, "/verwaltung/vorgaenge/"+ref, w.Session(t, worker), "", "")
			if st != http.StatusOK {
				t.Fatalf("case page: %d", st)
			}
			wantRows(t, "case", casePage, want)
			if strings.Contains(casePage, anPlaceARS) {
				t.Errorf("case page shows the place's ARS %s", anPlaceARS)
			}
		})
	}
}

// anFillWohnung fills the page "Neue Wohnung" with the landlord's
// confirmation as a real PDF.
func anFillWohnung(t *testing.T, c *anClient, draft string) {
	t.Helper()
	today := time.Now()
	form := url.Values{"aktion": {"weiter"},
		"einzugsdatum.day": {fmt.Sprint(today.Day())}, "einzugsdatum.month": {fmt.Sprint(int(today.Month()))}, "einzugsdatum.year": {fmt.Sprint(today.Year())},
		"anschrift.street": {"Schloßstraße"}, "anschrift.number": {"1"}, "anschrift.postal_code": {"01067"}, "anschrift.place": {"Dresden"},
		"gemeinde": {"Dresden"}, "gemeinde.wahl": {anPlaceARS}, "wohnungsart": {"haupt"},
		"bisherige_anschrift.street": {"улица Пушкина"}, "bisherige_anschrift.number": {"10"},
		"bisherige_anschrift.postal_code": {"04109"}, "bisherige_anschrift.place": {"Leipzig"}}
	doc, err := pdf.New(pdf.Meta{Title: "Wohnungsgeberbestätigung"}).Title("Wohnungsgeberbestätigung").Paragraph("Einzug bestätigt.").Bytes()
	webtest.Check(t, err)
	st, at, body := c.post(draft+"/seiten/wohnung", form, "wohnungsgeberbestaetigung", "wgb.pdf", doc)
	if st != http.StatusOK || !strings.HasSuffix(at, "/seiten/person") {
		t.Fatalf("page wohnung: %d at %s\n%s", st, at, errorSummary(body))
	}
}

// anPerson is the page "Angaben zu Ihrer Person".
func anPerson(family string) url.Values {
	return url.Values{"familienname": {anSurname}, "vornamen": {anGiven},
		"geburtsdatum.day": {"12"}, "geburtsdatum.month": {"4"}, "geburtsdatum.year": {"1985"},
		"staatsangehoerigkeit": {"ukrainisch"}, "email": {"elena@example.org"}, "mit_familie": {family}}
}

// anFamily is the page "Mitziehende Familienangehörige": a spouse and a
// child of five, with custody.
func anFamily() url.Values {
	child := time.Now().AddDate(-5, 0, 0)
	return url.Values{"angehoerige.count": {"2"},
		"angehoerige[0].familienname": {"Ковалёв"}, "angehoerige[0].vornamen": {anSpouse},
		"angehoerige[0].geburtsdatum.day": {"3"}, "angehoerige[0].geburtsdatum.month": {"9"}, "angehoerige[0].geburtsdatum.year": {"1983"},
		"angehoerige[0].beziehung":    {"ehe"},
		"angehoerige[1].familienname": {anSurname}, "angehoerige[1].vornamen": {anChild},
		"angehoerige[1].geburtsdatum.day": {fmt.Sprint(child.Day())}, "angehoerige[1].geburtsdatum.month": {fmt.Sprint(int(child.Month()))},
		"angehoerige[1].geburtsdatum.year": {fmt.Sprint(child.Year())},
		"angehoerige[1].beziehung":         {"kind"}, "angehoerige[1].sorgeberechtigt": {"true"}}
}

// anWant are the rows review, receipt and case must all show.
func anWant() map[string]string {
	return map[string]string{
		"Gemeinde":     anPlaceName,
		"Familienname": anSurname, "Vornamen": anGiven, "Geburtsdatum": "12.04.1985",
		"Ziehen Familienangehörige mit Ihnen ein?":                         "ja",
		"Familienangehörige 1 › Vornamen":                                  anSpouse,
		"Familienangehörige 1 › Beziehung zu Ihnen":                        "Ehegatte oder Lebenspartner",
		"Familienangehörige 2 › Vornamen":                                  anChild,
		"Familienangehörige 2 › Sind Sie für dieses Kind sorgeberechtigt?": "ja",
		"Bisherige Anschrift":                                              "улица Пушкина 10, 04109 Leipzig",
	}
}

// anCheckPDF downloads the receipt PDF and checks its text (pdftotext):
// the place by name, never as its code.
func anCheckPDF(t *testing.T, c *anClient, path string) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext is required (apt-get install poppler-utils)")
	}
	st, _, body := c.get(path)
	if st != http.StatusOK || !strings.HasPrefix(body, "%PDF") {
		t.Fatalf("receipt PDF: %d", st)
	}
	file := filepath.Join(t.TempDir(), "receipt.pdf")
	webtest.Check(t, os.WriteFile(file, []byte(body), 0o600))
	out, err := exec.Command("pdftotext", "-raw", file, "-").Output()
	webtest.Check(t, err)
	text := strings.Join(strings.Fields(string(out)), " ")
	if !strings.Contains(text, anPlaceName) || strings.Contains(text, anPlaceARS) {
		t.Errorf("receipt PDF does not name the place %q (or shows its ARS):\n%s", anPlaceName, text)
	}
	if !strings.Contains(text, "Ziehen Familienangehörige mit Ihnen ein? ja") {
		t.Errorf("receipt PDF: yes/no answer missing:\n%s", text)
	}
}
