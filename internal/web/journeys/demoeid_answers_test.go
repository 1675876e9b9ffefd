package journeys_test

import (
	"fmt"
	"maps"
	"time"

	"github.com/amtsweg/amtsweg/internal/sso/demoidp"
)

// demoProcedure is one procedure of internal/procedure/demo with the test
// person who applies, the level the procedure needs, and complete answers
// by form field name ("anschrift.street", "abschluesse[0].zeugnis"); a
// file field's answer is "pdf" (a small real PDF is uploaded), a choice's
// the option value, several checkboxes' values are separated by "|".
type demoProcedure struct {
	ID      string
	Level   string
	Person  demoidp.Person
	Answers map[string]string
}

// demoPerson finds a demo eID test person by subject.
func demoPerson(id string) demoidp.Person {
	for _, p := range demoidp.Persons {
		if p.ID == id {
			return p
		}
	}
	panic("no demo person " + id)
}

func dateAt(name string, d time.Time) map[string]string {
	return map[string]string{name + ".day": fmt.Sprintf("%02d", d.Day()), name + ".month": fmt.Sprintf("%02d", int(d.Month())),
		name + ".year": fmt.Sprint(d.Year())}
}

func dateOf(name, iso string) map[string]string {
	d, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		panic(err)
	}
	return dateAt(name, d)
}

func addressAt(name string, p demoidp.Person) map[string]string {
	return map[string]string{name + ".street": p.Street[:len(p.Street)-len(houseNumber(p.Street))-1],
		name + ".number": houseNumber(p.Street), name + ".postal_code": p.PostalCode, name + ".place": p.Locality}
}

// houseNumber is the last word of a street line.
func houseNumber(street string) string {
	for i := len(street) - 1; i >= 0; i-- {
		if street[i] == ' ' {
			return street[i+1:]
		}
	}
	return ""
}

func merged(ms ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range ms {
		maps.Copy(out, m)
	}
	return out
}

// demoProcedures are the eight demo procedures with answers valid on day
// now (some dates must lie near it).
func demoProcedures(now time.Time) []demoProcedure {
	lena, jonas, ayse := demoPerson("demo-lena-schubert"), demoPerson("demo-jonas-becker"), demoPerson("demo-ayse-yilmaz")
	thomas, sophie, erika := demoPerson("demo-thomas-wagner"), demoPerson("demo-sophie-neumann"), demoPerson("demo-erika-mustermann")
	return []demoProcedure{
		{ID: "elterngeld", Level: "substantial", Person: lena, Answers: merged(
			map[string]string{"kind_vorname": "Mila", "mehrlinge": "1", "geburtsurkunde": "pdf",
				"antragsteller.name": lena.Name(), "antragsteller.steuer_id": "12345678901", "antragsteller.einkommen": "2.450,00",
				"zweiter_elternteil": "true", "alleinerziehend": "false",
				"basis_mutter": "10", "plus_mutter": "4", "basis_vater": "2", "plus_vater": "0",
				"iban": "DE89 3704 0044 0532 0130 00", "kontoinhaber": lena.Name(), "richtigkeit": "true"},
			dateAt("kind_geburtsdatum", now.AddDate(0, -2, 0)), dateOf("antragsteller.geburtsdatum", lena.BirthDate))},
		{ID: "bafoeg-erstantrag", Level: "substantial", Person: jonas, Answers: merged(
			map[string]string{"name": jonas.Name(), "bei_eltern": "false", "email": jonas.Email,
				"staette_art": "uni", "staette_name": "Technische Universität Dresden", "fach": "Maschinenbau", "semester": "2",
				"immatrikulation": "pdf", "einkommen": "3.600,00", "vermoegen": "1200", "iban": "DE89370400440532013000", "richtigkeit": "true"},
			dateOf("geburtsdatum", jonas.BirthDate), addressAt("anschrift", jonas), dateAt("beginn", now.AddDate(0, -3, 0)))},
		{ID: "kfz-zulassung", Level: "substantial", Person: thomas, Answers: merged(
			map[string]string{"fin": "WVWZZZ1JZXW000001", "zb2_nummer": "AB123456", "evb": "A1B2C3D", "wunschkennzeichen": "true",
				"kennzeichen": "C-TW 1972", "name": thomas.Name(), "iban": "DE89370400440532013000", "kontoinhaber": thomas.Name(),
				"sepa_mandat": "true", "unterlagen": "pdf"},
			dateOf("geburtsdatum", thomas.BirthDate), addressAt("anschrift", thomas))},
		{ID: "gewerbeanmeldung", Level: "substantial", Person: ayse, Answers: merged(
			map[string]string{"rechtsform": "gmbh", "firmenname": "Radwerk Leipzig GmbH", "registernummer": "HRB 41234",
				"gemeinde": "Leipzig", "taetigkeit": "Einzelhandel mit Fahrrädern und Zubehör sowie Reparatur von Fahrrädern",
				"beschaeftigte": "3", "nebenerwerb": "false", "name": ayse.Name(), "email": ayse.Email, "richtigkeit": "true",
				"betriebsstaette.street": "Karl-Heine-Straße", "betriebsstaette.number": "51", "betriebsstaette.postal_code": "04229",
				"betriebsstaette.place": "Leipzig"},
			dateAt("beginn", now.AddDate(0, 0, 7)), dateOf("geburtsdatum", ayse.BirthDate), addressAt("wohnanschrift", ayse))},
		{ID: "bohranzeige", Level: "substantial", Person: erika, Answers: merged(
			map[string]string{"firma": "Erdwärme Erzgebirge GmbH", "handelsregister": "HRB 12345", "ansprechperson": erika.Name(),
				"telefon": "03731 123456", "email": erika.Email, "gemeinde": "09599", "zweck": "erdwaerme",
				"bohrungen[0].bezeichnung": "EWS 1", "bohrungen[0].ostwert": "385412,5", "bohrungen[0].nordwert": "5641230",
				"bohrungen[0].endteufe": "99,5", "geophysik_geplant": "false", "lageplan": "pdf", "richtigkeit": "true",
				"anschrift.street": "Am Bohrplatz", "anschrift.number": "7", "anschrift.postal_code": "09599", "anschrift.place": "Freiberg"},
			dateAt("beginn", now.AddDate(0, 1, 0)), dateAt("ende", now.AddDate(0, 1, 14)))},
		{ID: "bussgeld-einspruch", Level: "low", Person: thomas, Answers: merged(
			map[string]string{"aktenzeichen": "52.1-123456/24", "betroffener": thomas.Name(),
				"gruende": "Ich war zur Tatzeit nicht Fahrer des Fahrzeugs.", "beschraenkung": "false", "akteneinsicht": "true",
				"bestaetigung": "true"},
			dateAt("bescheiddatum", now.AddDate(0, 0, -5)), dateAt("zustellung", now.AddDate(0, 0, -3)), addressAt("anschrift", thomas))},
		{ID: "schuldienst-sachsen", Level: "low", Person: erika, Answers: merged(
			map[string]string{"name": erika.Name(), "email": erika.Email, "schularten": "gymnasium|oberschule", "faecher": "ma|ph",
				"abschluesse[0].art": "staatsexamen1", "abschluesse[0].note": "1,7", "abschluesse[0].zeugnis": "pdf",
				"seiteneinstieg": "false", "teilzeit": "false", "lebenslauf": "pdf", "datenschutz": "true"},
			dateOf("geburtsdatum", erika.BirthDate), addressAt("anschrift", erika), dateOf("abschluesse[0].datum", "1990-07-01"),
			dateAt("beginn", now.AddDate(0, 2, 0)))},
		{ID: "wohnsitz-anmelden", Level: "low", Person: sophie, Answers: merged(
			map[string]string{"gemeinde": "Dresden", "wohnungsart": "haupt", "wohnungsgeberbestaetigung": "pdf",
				"anschrift.street": "Louisenstraße", "anschrift.number": "37", "anschrift.postal_code": "01099", "anschrift.place": "Dresden",
				"familienname": sophie.FamilyName, "vornamen": sophie.GivenName, "staatsangehoerigkeit": "deutsch", "email": sophie.Email,
				"mit_familie": "false", "richtigkeit": "true"},
			dateAt("einzugsdatum", now.AddDate(0, 0, -7)), addressAt("bisherige_anschrift", sophie), dateOf("geburtsdatum", sophie.BirthDate))},
	}
}
