package portal_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestCatalogNamesInEnglish: in English, the home page, a topic page, a
// life-situation page and an authority page show the services, topics and
// life situations by their English names (the content pack), and a name
// without a translation keeps lang="de"; in German nothing changes.
func TestCatalogNamesInEnglish(t *testing.T) {
	t.Parallel()
	base := browsertest.Start(t)
	en := map[string]string{"Accept-Language": "en"}
	tests := []struct {
		name, path string
		header     map[string]string
		want, not  []string
	}{
		{"home in English", "/", en,
			[]string{`lang="en"`, ">Registering your residence</a>", ">Family and children</a>", ">Having a baby</a>"},
			[]string{">Wohnsitz Anmeldung</a>", ">Familie &amp; Kind</a>"}},
		{"home in German", "/", nil,
			[]string{">Wohnsitz Anmeldung</a>", ">Familie &amp; Kind</a>", ">Geburt</a>"},
			[]string{"Registering your residence", "Family and children"}},
		{"topic in English", "/themen/familie-kind", en,
			[]string{`<h1 class="kern-heading-x-large" >Family and children</h1>`, "<title>Family and children", ">Parental allowance (Elterngeld)</a>", "Parental allowance replaces part of the income"},
			[]string{"<h1 class=\"kern-heading-x-large\" lang=\"de\""}},
		{"life situation in English", "/lebenslagen/geburt", en,
			[]string{">Having a baby</h1>", ">Registering a birth</a>"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := webtest.Do(t, "GET", base+tt.path, "", tt.header)
			if res.StatusCode != 200 {
				t.Fatalf("status %d", res.StatusCode)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("missing %q", w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(body, n) {
					t.Errorf("unexpected %q", n)
				}
			}
		})
	}
	// A service without an English name stays German and says so.
	_, body := webtest.Do(t, "GET", base+"/themen/umwelt", "", en)
	if !regexp.MustCompile(`<a class="kern-link" href="/leistungen/[^"]+" lang="de">`).MatchString(body) {
		t.Error(`topic page in English: no untranslated service marked lang="de"`)
	}
	// The authority page lists its services in English.
	_, home := webtest.Do(t, "GET", base+"/leistungen/"+wohnsitz+"?ort=01067", "", en)
	link := regexp.MustCompile(`href="(/behoerden/\d+)"`).FindStringSubmatch(home)
	if link == nil {
		t.Fatal("no authority link on the service page")
	}
	if _, page := webtest.Do(t, "GET", base+link[1], "", en); !strings.Contains(page, ">Registering your residence</a>") {
		t.Errorf("authority page %s in English lacks the English service name", link[1])
	}
}
