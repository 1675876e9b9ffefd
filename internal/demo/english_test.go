package demo_test

import (
	"testing"

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/procedure"
)

// TestDemoServicesInEnglish: every service a demo procedure serves has an
// English name and summary in the content pack, so an English visitor
// can try every demo procedure in English (issue 15: English for every
// service with an online procedure).
func TestDemoServicesInEnglish(t *testing.T) {
	t.Parallel()
	entries, err := catalog.EmbeddedContent()
	if err != nil {
		t.Fatal(err)
	}
	english := map[string]bool{}
	for _, e := range entries {
		english[e.Key] = e.EN != nil && e.EN.Name != "" && e.EN.Summary != ""
	}
	defs, err := procedure.DemoDefinitions()
	if err != nil {
		t.Fatal(err)
	}
	bwp, err := procedure.DemoBewohnerparken()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range append(defs, bwp) {
		for _, k := range append(append([]string(nil), d.LeiKa...), d.Services...) {
			if !english[k] {
				t.Errorf("procedure %s serves %s, which has no English name and summary in the content pack", d.ID, k)
			}
		}
	}
}
