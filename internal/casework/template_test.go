package casework_test

import (
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/procedure"
)

// TestTemplatesOfDemoProcedures fills every demo procedure's template for
// every outcome.
func TestTemplatesOfDemoProcedures(t *testing.T) {
	t.Parallel()
	defs, err := procedure.DemoDefinitions()
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{"bewohnerparkausweis"}
	for _, d := range defs {
		ids = append(ids, d.ID)
	}
	data := casework.TemplateData{Reference: "SN-2026-000042", ApplicantName: "Erika Mustermann", ProcedureTitle: "Testantrag",
		Answers:    map[string]any{"kind_vorname": "Mia", "kind_geburtsdatum": "2026-01-15", "basis_mutter": 12},
		Authority:  casework.AuthorityData{Name: "Landratsamt Meißen", Street: "Brauhausstraße 21", Postcode: "01662", City: "Meißen"},
		ReceivedAt: received, Today: received}
	for _, id := range ids {
		for _, o := range []casework.Outcome{casework.Approved, casework.Rejected, casework.PartlyApproved} {
			t.Run(id+"/"+string(o), func(t *testing.T) {
				n, err := casework.TemplateFor(id).Render(o, data)
				if err != nil {
					t.Fatal(err)
				}
				all := n.Title + n.Body + n.Remedy
				if n.Title == "" || !strings.Contains(n.Body, "SN-2026-000042") || !strings.Contains(n.Body, "02.03.2026") ||
					!strings.Contains(n.Remedy, "Landratsamt Meißen") || strings.Contains(all, "<no value>") || strings.Contains(all, "{{") {
					t.Fatalf("notice:\n%s\n%s\n%s", n.Title, n.Body, n.Remedy)
				}
			})
		}
	}
	n, _ := casework.TemplateFor("elterngeld").Render(casework.Approved, data)
	if !strings.Contains(n.Body, "Mia, geboren am 15.01.2026") || !strings.Contains(n.Body, "12 Monat(e) Basiselterngeld") {
		t.Fatalf("answers not filled in:\n%s", n.Body)
	}
	bad := casework.Template{Title: map[casework.Outcome]string{casework.Approved: "{{.Nope}}"}}
	if _, err := bad.Render(casework.Approved, data); err == nil {
		t.Fatal("a template naming an unknown field rendered")
	}
}
