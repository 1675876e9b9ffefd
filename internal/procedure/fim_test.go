package procedure

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/refdata"
)

const bewohnerparkenDir = "fim/examples/bewohnerparken"

// importBewohnerparken imports the real FIM schema S05000058 with its code
// lists.
func importBewohnerparken(t *testing.T) (Definition, Report) {
	t.Helper()
	data, err := fs.ReadFile(refdata.FIM, bewohnerparkenDir+"/S05000058V1.0_xdf2.xml")
	if err != nil {
		t.Fatal(err)
	}
	def, rep, err := ImportFIM(data, DirCodeLists(refdata.FIM, bewohnerparkenDir))
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return def, rep
}

// bewohnerparkenAnswers is what a resident fills in for a new permit for
// a car registered in their own name.
func bewohnerparkenAnswers() map[string]any {
	return map[string]any{
		"einwilligung_zur_verarbeitung_personenbe": "01",
		"einwilligung_zum_abgleich_mit_dem_melde":  "01",
		"familienname":                    "Schneider",
		"vorname":                         []any{map[string]any{"vorname": "Katrin"}, map[string]any{"vorname": "Maria"}},
		"geburtsdatum":                    "14.03.1986",
		"e_mail":                          "k.schneider@example.org",
		"telefonnummer":                   "0351 4881234",
		"strassenangaben":                 map[string]any{"strasse": "Königsbrücker Straße", "hausnummer": "41", "hausnummerzusatz": "a"},
		"angaben_zum_ort":                 map[string]any{"postleitzahl": "01099", "ort": "Dresden"},
		"land":                            "000",
		"gueltigkeitsdauer":               "1",
		"art_des_antrags":                 "01",
		"startdatum":                      "2025-02-01",
		"angabe_des_kfz_kennzeichens":     "DD-KS 1986",
		"fahrzeug_identifizierungsnummer": "4711",
		"angaben_zur_halterin_zum_halter_des_fahr": "01",
	}
}

func TestImportFIMBewohnerparken(t *testing.T) {
	t.Parallel()
	def, rep := importBewohnerparken(t)
	if def.ID != "fim-s05000058" || len(def.Pages) != 5 || len(def.LeiKa) != 2 || len(def.CodeLists) != 6 {
		t.Fatalf("definition: id %s, %d pages, leika %v, %d code lists", def.ID, len(def.Pages), def.LeiKa, len(def.CodeLists))
	}
	if len(rep.Unmapped) == 0 || !strings.Contains(rep.String(), "R05000281") {
		t.Fatalf("report misses the unmapped rule:\n%s", rep)
	}
	p, err := Compile(def, "bewohnerparken")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 1, 15, 10, 0, 0, 0, time.UTC)
	res, err := p.Validate(context.Background(), bewohnerparkenAnswers(), Options{Now: now})
	if err != nil || !res.Valid() {
		t.Fatalf("realistic answers rejected: %v %+v", err, res.Errors)
	}
	if got := res.Answers["geburtsdatum"]; got != "1986-03-14" {
		t.Errorf("birth date normalized to %v", got)
	}
	broken := bewohnerparkenAnswers()
	broken["angaben_zum_ort"] = map[string]any{"postleitzahl": "00123", "ort": "Dresden"}
	broken["vorname"] = []any{map[string]any{"vorname": ""}}
	broken["land"] = "999"
	delete(broken, "familienname")
	broken["angaben_zur_fahrzeughalterin_zum_fahrzeu"] = []any{map[string]any{"familienname": "Berger"}}
	res, err = p.Validate(context.Background(), broken, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"familienname":                 "procedure.required",
		"vorname[0].vorname":           "procedure.required",
		"angaben_zum_ort.postleitzahl": "procedure.pattern",
		"land":                         "procedure.option",
		"angaben_zur_fahrzeughalterin_zum_fahrzeu[0].vorname":              "procedure.required",
		"angaben_zur_fahrzeughalterin_zum_fahrzeu[0].nutzungsueberlassung": "procedure.required",
	}
	got := map[string]string{}
	for _, e := range res.Errors {
		got[e.Field] = e.Key
	}
	for field, key := range want {
		if got[field] != key {
			t.Errorf("%s: got %q, want %q (all: %v)", field, got[field], key, got)
		}
	}
}
