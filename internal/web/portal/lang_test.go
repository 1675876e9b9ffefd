package portal_test

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestLanguageSwitchKeepsPage: every page's switch form carries the page's
// own URL with its query string, the switch redirects there, and a page
// rendered as a POST's result returns to the page the form was on (not to
// the POST's URL, which would send the form again).
func TestLanguageSwitchKeepsPage(t *testing.T) {
	t.Parallel()
	base := browsertest.Start(t)
	for _, path := range []string{"/leistungen/" + wohnsitz + "?ort=01067", "/suche?q=wohngeld&thema=familie-kind&seite=2", "/themen/familie-kind"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body := readAll(t, resp)
		if want := `name="next" value="` + html.EscapeString(path) + `"`; !strings.Contains(body, want) {
			t.Errorf("%s: switch form lacks %s", path, want)
		}
		if got := postSwitch(t, base, path); got != path {
			t.Errorf("%s: switch redirects to %q", path, got)
		}
	}
	form := url.Values{"email": {"nobody@example.org"}, "password": {"wrong password"}}
	req, _ := http.NewRequest("POST", base+"/anmelden", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Referer", base+"/anmelden?next=%2Fkonto")
	resp, err := webtest.NoFollow().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if body := readAll(t, resp); !strings.Contains(body, `name="next" value="/anmelden?next=%2Fkonto"`) {
		t.Errorf("login error page (status %d): switch does not return to the login page with its query: %s", resp.StatusCode, excerpt(body, `name="next"`))
	}
}

// postSwitch posts the language switch form and returns where it redirects.
func postSwitch(t *testing.T, base, next string) string {
	t.Helper()
	req, _ := http.NewRequest("POST", base+"/sprache", strings.NewReader(url.Values{"lang": {"en"}, "next": {next}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := webtest.NoFollow().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.Header.Get("Location")
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
