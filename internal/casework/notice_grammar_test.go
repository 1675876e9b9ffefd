package casework_test

import (
	"io"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/casework"
)

var ioCopy = io.Copy

func TestNameAuthority(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ name, nom, gen, at string }{
		{"Landratsamt Bautzen", "das Landratsamt Bautzen", "des Landratsamts Bautzen", "beim Landratsamt Bautzen"},
		{"Stadt Dresden", "die Stadt Dresden", "der Stadt Dresden", "bei der Stadt Dresden"},
		{"Gemeindeverwaltung Ottendorf-Okrilla", "die Gemeindeverwaltung Ottendorf-Okrilla", "der Gemeindeverwaltung Ottendorf-Okrilla", "bei der Gemeindeverwaltung Ottendorf-Okrilla"},
		{"Bürgeramt Mitte", "das Bürgeramt Mitte", "des Bürgeramts Mitte", "beim Bürgeramt Mitte"},
		{"Landeshauptstadt Dresden", "die Landeshauptstadt Dresden", "der Landeshauptstadt Dresden", "bei der Landeshauptstadt Dresden"},
		{"Landkreis Görlitz", "der Landkreis Görlitz", "des Landkreises Görlitz", "beim Landkreis Görlitz"},
		{"Amt für Ausbildungsförderung", "das Amt für Ausbildungsförderung", "des Amts für Ausbildungsförderung", "beim Amt für Ausbildungsförderung"},
		{"Sächsisches Landesamt für Umwelt", "das Sächsische Landesamt für Umwelt", "des Sächsischen Landesamts für Umwelt", "beim Sächsischen Landesamt für Umwelt"},
		{"Bundesagentur für Arbeit", "die Bundesagentur für Arbeit", "der Bundesagentur für Arbeit", "bei der Bundesagentur für Arbeit"},
		{"Studentenwerk Dresden", "das Studentenwerk Dresden", "des Studentenwerks Dresden", "beim Studentenwerk Dresden"},
		{"Zweckverband Abwasser", "der Zweckverband Abwasser", "des Zweckverbands Abwasser", "beim Zweckverband Abwasser"},
		{"Jobcenter Leipzig", "das Jobcenter Leipzig", "des Jobcenters Leipzig", "beim Jobcenter Leipzig"},
		{"Kreisverwaltung  Mayen-Koblenz", "die Kreisverwaltung Mayen-Koblenz", "der Kreisverwaltung Mayen-Koblenz", "bei der Kreisverwaltung Mayen-Koblenz"},
		{"ZKS Abfall", "ZKS Abfall", "von ZKS Abfall", "bei ZKS Abfall"}, // unknown head noun: no article rather than a wrong one
	} {
		got := casework.NameAuthority(tt.name)
		if got.Nominative != tt.nom || got.Genitive != tt.gen || got.At != tt.at {
			t.Errorf("%s: %+v, want %q, %q, %q", tt.name, got, tt.nom, tt.gen, tt.at)
		}
	}
}

func TestSalutation(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name    string
		answers map[string]any
		want    string
	}{
		{"Anna Schmidt", map[string]any{"anrede": "frau"}, "Sehr geehrte Frau Schmidt,"},
		{"Jonas Becker", map[string]any{"person": map[string]any{"geschlecht": "m"}}, "Sehr geehrter Herr Becker,"},
		{"Dr. Anna Weber", map[string]any{"anrede": "Frau"}, "Sehr geehrte Frau Dr. Weber,"},
		{"Ursula von der Leyen", map[string]any{"geschlecht": "weiblich"}, "Sehr geehrte Frau von der Leyen,"},
		{"Anna Schmidt", map[string]any{}, "Guten Tag Anna Schmidt,"},
		{"Kim Lehmann", map[string]any{"geschlecht": "divers"}, "Guten Tag Kim Lehmann,"},
		{"Bäckerei Krause GmbH", map[string]any{"firma": "Bäckerei Krause GmbH"}, "Sehr geehrte Damen und Herren,"},
		{"", nil, "Sehr geehrte Damen und Herren,"},
	} {
		n, err := casework.TemplateFor("x").Render(casework.Rejected, casework.TemplateData{ApplicantName: tt.name, Answers: tt.answers,
			Authority: casework.AuthorityData{Name: "Stadt Dresden"}})
		if err != nil {
			t.Fatal(err)
		}
		if first, _, _ := strings.Cut(n.Body, "\n"); first != tt.want {
			t.Errorf("%q %v: %q, want %q", tt.name, tt.answers, first, tt.want)
		}
		if strings.Contains(n.Body, "(r)") {
			t.Errorf("%q: %s", tt.name, n.Body)
		}
	}
}

// TestMissingValueIsPlaceholder: a value the template names but the case
// lacks becomes a placeholder, so the notice cannot go out with a gap.
func TestMissingValueIsPlaceholder(t *testing.T) {
	t.Parallel()
	n, err := casework.TemplateFor("elterngeld").Render(casework.Approved, casework.TemplateData{ApplicantName: "Anna Schmidt",
		Answers: map[string]any{"kind_geburtsdatum": "2026-01-15"}, Authority: casework.AuthorityData{Name: "Stadt Dresden"}})
	if err != nil {
		t.Fatal(err)
	}
	p := casework.Placeholders(n)
	if len(p) != 1 || p[0].Field != "body" || !strings.Contains(p[0].Args["text"].(string), "Angabe fehlt") {
		t.Fatalf("placeholders %+v in\n%s", p, n.Body)
	}
}
