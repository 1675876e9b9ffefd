package refdata

// Source is one body of public material amtsweg ships or shows, with the
// attribution its licence asks for. The portal's "Datenquellen" page lists
// them; keep them in step with the data files and README.md.
type Source struct {
	What        string // what the material is
	Origin      string // who publishes it and where it was taken from
	Licence     string // the licence it is used under
	Attribution string // the notice to show, empty when the licence asks for none
}

// Sources returns the attributions of all reference data, in a fixed order.
func Sources() []Source {
	return []Source{
		{
			What:        "Leistungskatalog (LeiKa) mit OZG-Leistungsbündeln, Lebenslagen und Themenfeldern, Stand 2019",
			Origin:      "OZG-Datenbank NRW (github.com/kdn-nrw/OZG-Datenbank-NRW)",
			Licence:     "MIT",
			Attribution: "© 2020 Gert Hammes",
		},
		{
			What:        "Gemeindeverzeichnis (GV-ISys), Quartalsausgabe 2021",
			Origin:      "Statistisches Bundesamt (Destatis), über github.com/grundeinkommensbuero/backend",
			Licence:     "Datenlizenz Deutschland – Namensnennung 2.0",
			Attribution: "© Statistisches Bundesamt (Destatis), 2021",
		},
		{
			What:        "Postleitzahlen mit Gemeindeschlüsseln und Ortsnamen",
			Origin:      "OpenStreetMap, über suche-postleitzahl.org und github.com/grundeinkommensbuero/backend",
			Licence:     "Open Database License (ODbL) 1.0",
			Attribution: "© OpenStreetMap contributors",
		},
		{
			What:        "FIM XDatenfelder 2.0 und 3.0.0 (XML-Schemata) und das Stammdatenschema „Bewohnerparkausweis“ (S05000058)",
			Origin:      "Föderales Informationsmanagement (FIM), über github.com/escalon/glykon",
			Licence:     "Apache-2.0 (Repository); die Schemata sind Teil des FIM-Standards",
			Attribution: "",
		},
		{
			What:        "FIT-Connect Metadatenschema 1.0.0 und Routing-API 2.0.0",
			Origin:      "FITKO, über github.com/codedust/fitconnect-sdk-python und github.com/maschinenlesbar-org/fit-connect-cli",
			Licence:     "EUPL-1.2 (Repository); Schnittstellenbeschreibungen der FITKO",
			Attribution: "",
		},
		{
			What:        "xdomea 3.0.0 (XML-Schemata) und eine Beispielnachricht",
			Origin:      "KoSIT, über github.com/Landesarchiv-Thueringen/x-man und github.com/lavnrw/xdomea-examples",
			Licence:     "Schemata des Standards; Beispiel unter MIT",
			Attribution: "",
		},
		{
			What:        "KERN UX – Designsystem der deutschen Verwaltung (Gestaltung dieses Portals)",
			Origin:      "KERN-Team der Länder Hamburg und Schleswig-Holstein (npm-Paket @kern-ux/native)",
			Licence:     "EUPL-1.2",
			Attribution: "",
		},
	}
}
