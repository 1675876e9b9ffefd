package procedure

import (
	"context"
	"encoding/json"
	"maps"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// demoNow is the day the demo answers are filled in.
var demoNow = time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)

func addr(street, no, plz, place string) map[string]any {
	return map[string]any{"street": street, "number": no, "postal_code": plz, "place": place}
}

func pdf(name string) []any {
	return []any{map[string]any{"name": name, "media_type": "application/pdf", "size": 182044, "ref": "blob-" + name}}
}

// demoAnswers are realistic, complete answers per demo procedure.
var demoAnswers = map[string]func() map[string]any{
	"wohnsitz-anmelden": func() map[string]any {
		return map[string]any{
			"einzugsdatum": "20.05.2025", "anschrift": addr("Louisenstraße", "37", "01099", "Dresden"),
			"gemeinde": "146120000000", "wohnungsart": "haupt", "bisherige_anschrift": addr("Karl-Liebknecht-Straße", "5", "04107", "Leipzig"),
			"wohnungsgeberbestaetigung": pdf("wohnungsgeber.pdf"),
			"familienname":              "Becker", "vornamen": "Jonas Felix", "geburtsdatum": "1988-04-12", "staatsangehoerigkeit": "deutsch",
			"email": "jonas.becker@example.org", "mit_familie": true,
			"angehoerige": []any{
				map[string]any{"familienname": "Becker", "vornamen": "Sarah", "geburtsdatum": "1989-11-03", "beziehung": "ehe"},
				map[string]any{"familienname": "Becker", "vornamen": "Lina", "geburtsdatum": "2019-02-17", "beziehung": "kind", "sorgeberechtigt": "ja"},
			},
			"richtigkeit": true,
		}
	},
	"elterngeld": func() map[string]any {
		return map[string]any{
			"kind_vorname": "Mila", "kind_geburtsdatum": "2025-03-10", "mehrlinge": "1", "geburtsurkunde": pdf("geburtsbescheinigung.pdf"),
			"antragsteller":      map[string]any{"name": "Anna Wolf", "geburtsdatum": "1990-07-01", "steuer_id": "12345678901", "einkommen": "2.450,00"},
			"zweiter_elternteil": true, "alleinerziehend": false,
			"basis_mutter": 10, "plus_mutter": 4, "basis_vater": 2, "plus_vater": 0,
			"iban": "DE89 3704 0044 0532 0130 00", "kontoinhaber": "Anna Wolf", "richtigkeit": true,
		}
	},
	"kfz-zulassung": func() map[string]any {
		return map[string]any{
			"fin": "WVWZZZ1JZXW000001", "zb2_nummer": "AB123456", "evb": "A1B2C3D", "wunschkennzeichen": true, "kennzeichen": "DD-AB 123",
			"name": "Thomas Krause", "geburtsdatum": "1975-01-01", "anschrift": addr("Bautzner Straße", "12", "01099", "Dresden"),
			"iban": "DE89370400440532013000", "kontoinhaber": "Thomas Krause", "sepa_mandat": true, "unterlagen": pdf("zb2.pdf"),
		}
	},
	"bafoeg-erstantrag": func() map[string]any {
		return map[string]any{
			"name": "Lea Hoffmann", "geburtsdatum": "2004-09-15", "anschrift": addr("Zellescher Weg", "24", "01217", "Dresden"),
			"bei_eltern": false, "email": "lea.hoffmann@example.org",
			"staette_art": "uni", "staette_name": "Technische Universität Dresden", "fach": "Maschinenbau", "beginn": "2024-10-01",
			"semester": 2, "immatrikulation": pdf("formblatt2.pdf"),
			"einkommen": "3.600,00", "vermoegen": "1200", "iban": "DE89370400440532013000", "richtigkeit": true,
		}
	},
	"schuldienst-sachsen": func() map[string]any {
		return map[string]any{
			"name": "Paul Richter", "geburtsdatum": "1992-02-02", "anschrift": addr("Hauptstraße", "3", "09111", "Chemnitz"),
			"email": "paul.richter@example.org", "telefon": "+49 371 1234567",
			"schularten": []any{"gymnasium", "oberschule"}, "faecher": []any{"ma", "ph"},
			"abschluesse": []any{
				map[string]any{"art": "staatsexamen1", "datum": "2017-07-01", "note": "1,7", "zeugnis": pdf("erstes-staatsexamen.pdf")},
				map[string]any{"art": "staatsexamen2", "datum": "2019-01-31", "note": 2.0, "zeugnis": pdf("zweites-staatsexamen.pdf")},
			},
			"ort": "145110000000", "beginn": "2025-08-01", "teilzeit": false, "lebenslauf": pdf("lebenslauf.pdf"), "datenschutz": true,
		}
	},
	"bohranzeige": func() map[string]any {
		return map[string]any{
			"firma": "Erdwärme Erzgebirge GmbH", "handelsregister": "HRB 12345", "anschrift": addr("Am Bohrplatz", "7", "09599", "Freiberg"),
			"ansprechperson": "Dr. Karin Lehmann", "telefon": "03731 123456", "email": "bohrung@example.org",
			"gemeinde": "145220170170", "zweck": "erdwaerme", "beginn": "2025-06-30", "ende": "2025-07-15",
			"bohrungen": []any{
				map[string]any{"bezeichnung": "EWS 1", "ostwert": "385412,5", "nordwert": "5641230", "gelaendehoehe": 412, "endteufe": 140, "ausbau_teufe": 138},
				map[string]any{"bezeichnung": "EWS 2", "ostwert": 385420.0, "nordwert": 5641236.0, "endteufe": "99,5"},
			},
			"geophysik_geplant": true, "methoden": []any{"geoelektrik"},
			"messgebiet": "Flurstück 123/4, Gemarkung Freiberg, etwa 2 ha östlich der Bohrpunkte.",
			"lageplan":   pdf("lageplan.pdf"), "richtigkeit": true,
		}
	},
	"bussgeld-einspruch": func() map[string]any {
		return map[string]any{
			"aktenzeichen": "52.1-123456/24", "bescheiddatum": "2025-05-20", "zustellung": "2025-05-23",
			"betroffener": "Miriam Scholz", "anschrift": addr("Prager Straße", "2", "01069", "Dresden"),
			"gruende":       "Ich war zur Tatzeit nicht Fahrerin des Fahrzeugs; es wurde von meinem Bruder gefahren.",
			"beschraenkung": false, "akteneinsicht": true,
			"belege":       []any{map[string]any{"name": "foto.jpg", "media_type": "image/jpeg", "size": 2400000}},
			"bestaetigung": true,
		}
	},
	"gewerbeanmeldung": func() map[string]any {
		return map[string]any{
			"rechtsform": "gmbh", "firmenname": "Radwerk Neustadt GmbH", "registernummer": "HRB 41234",
			"betriebsstaette": addr("Alaunstraße", "58", "01099", "Dresden"), "gemeinde": "146120000000",
			"taetigkeit": "Einzelhandel mit Fahrrädern und Zubehör sowie Reparatur von Fahrrädern",
			"beginn":     "2025-07-01", "beschaeftigte": 3, "nebenerwerb": false,
			"name": "Stefan Neumann", "geburtsdatum": "1985-05-05", "wohnanschrift": addr("Görlitzer Straße", "10", "01099", "Dresden"),
			"email": "info@example.org", "richtigkeit": true,
		}
	},
	"bewohnerparkausweis": bewohnerparkenAnswers,
}

func TestDemoProceduresAcceptRealisticAnswers(t *testing.T) {
	t.Parallel()
	defs, err := DemoDefinitions()
	if err != nil {
		t.Fatal(err)
	}
	if len(defs) != len(demoAnswers) {
		t.Fatalf("%d demo procedures, %d answer sets", len(defs), len(demoAnswers))
	}
	for _, def := range defs {
		t.Run(def.ID, func(t *testing.T) {
			p, err := Compile(def, def.ID)
			if err != nil {
				t.Fatal(err)
			}
			answers, ok := demoAnswers[def.ID]
			if !ok {
				t.Fatalf("no answers for %s", def.ID)
			}
			res, err := p.Validate(context.Background(), answers(), Options{Now: demoNow})
			if err != nil || !res.Valid() {
				t.Fatalf("rejected: %v %+v", err, res.Errors)
			}
			for _, pg := range def.Pages {
				if r, err := p.Validate(context.Background(), answers(), Options{Now: demoNow, Page: pg.ID}); err != nil || !r.Valid() {
					t.Errorf("page %s rejected: %v %+v", pg.ID, err, r.Errors)
				}
			}
		})
	}
}

func TestDemoRules(t *testing.T) {
	t.Parallel()
	defs, err := DemoDefinitions()
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]Definition{}
	for _, d := range defs {
		byID[d.ID] = d
	}
	tests := []struct {
		name      string
		procedure string
		change    map[string]any
		want      map[string]string // path → key
		computed  map[string]any
	}{
		{"too many months", "elterngeld", map[string]any{"basis_mutter": 12, "basis_vater": 4}, map[string]string{"gesamt_basis_monate": "procedure.rule", "basis_mutter": ""}, nil},
		{"months within limit", "elterngeld", nil, nil, map[string]any{"gesamt_basis_monate": json.Number("14")}},
		{"short eVB and bad IBAN", "kfz-zulassung", map[string]any{"evb": "A1B2", "iban": "DE89370400440532013001"}, map[string]string{"evb": "procedure.pattern", "iban": "procedure.iban"}, nil},
		{"no plate reserved hides the plate", "kfz-zulassung", map[string]any{"wunschkennzeichen": false, "kennzeichen": "??"}, nil, map[string]any{"kennzeichen": nil}},
		{"child without custody", "wohnsitz-anmelden", map[string]any{"angehoerige": []any{
			map[string]any{"familienname": "Becker", "vornamen": "Lina", "geburtsdatum": "2019-02-17", "beziehung": "kind", "sorgeberechtigt": false},
			map[string]any{"familienname": "Becker", "geburtsdatum": "2030-01-01", "beziehung": "ehe"},
		}}, map[string]string{"angehoerige[0].sorgeberechtigt": "procedure.rule", "angehoerige[1].vornamen": "procedure.required", "angehoerige[1].geburtsdatum": "procedure.date_too_late"}, map[string]any{"alter": json.Number("37")}},
		{"living alone drops the family page", "wohnsitz-anmelden", map[string]any{"mit_familie": false}, nil, map[string]any{"angehoerige": nil}},
		{"casing deeper than the hole", "bohranzeige", map[string]any{"bohrungen": []any{map[string]any{"bezeichnung": "EWS 1", "ostwert": 385412, "nordwert": 5641230, "endteufe": 80, "ausbau_teufe": 90}}, "beginn": "2025-06-10"},
			map[string]string{"bohrungen[0].ausbau_teufe": "procedure.rule", "beginn": "procedure.date_too_early"}, map[string]any{"bergrecht": false}},
		{"late objection needs a reason", "bussgeld-einspruch", map[string]any{"bescheiddatum": "2025-04-01", "zustellung": "2025-04-04"}, map[string]string{"wiedereinsetzung": "procedure.required"}, map[string]any{"verspaetet": true}},
		{"too many subjects, career changer", "schuldienst-sachsen", map[string]any{"faecher": []any{"de", "ma", "ph", "inf"}, "abschluesse": []any{map[string]any{"art": "fachmaster", "datum": "2016-09-30", "note": 1.3, "zeugnis": pdf("diplom.pdf")}}},
			map[string]string{"faecher": "procedure.rule"}, map[string]any{"seiteneinstieg": true}},
		{"GmbH without register number, wrong upload", "gewerbeanmeldung", map[string]any{"registernummer": "", "erlaubnis": []any{map[string]any{"name": "a.exe", "media_type": "application/x-msdownload", "size": 10}}},
			map[string]string{"registernummer": "procedure.required", "erlaubnis[0]": "procedure.file_type"}, nil},
		{"declaration not given", "bafoeg-erstantrag", map[string]any{"richtigkeit": false}, map[string]string{"richtigkeit": "procedure.declaration"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Compile(byID[tt.procedure], tt.procedure)
			if err != nil {
				t.Fatal(err)
			}
			answers := demoAnswers[tt.procedure]()
			maps.Copy(answers, tt.change)
			res, err := p.Validate(context.Background(), answers, Options{Now: demoNow})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, e := range res.Errors {
				got[e.Field] = e.Key
			}
			for path, key := range tt.want {
				if got[path] != key {
					t.Errorf("%s: got %q, want %q (all %v)", path, got[path], key, got)
				}
			}
			if len(tt.want) == 0 && len(got) > 0 {
				t.Errorf("unexpected errors %v", got)
			}
			for id, want := range tt.computed {
				if v := res.Answers[id]; v != want {
					t.Errorf("answers[%s] = %#v, want %#v", id, v, want)
				}
			}
		})
	}
}

func TestSeedDemo(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for range 2 {
			if err := SeedDemo(ctx, db); err != nil {
				t.Fatal(err)
			}
		}
		v, err := Latest(ctx, db, "bewohnerparkausweis")
		if err != nil || v.Version != 1 || len(v.Definition.LeiKa) != 2 {
			t.Fatalf("bewohnerparkausweis: %+v %v", v.Version, err)
		}
	})
}
