package akte

import (
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// TestFormatCode maps the formats amtsweg files to the xdomea code list
// Dateiformat 1.0 — PNG, JPEG, TIFF, ODT and DOCX were all 999 ("other",
// a code the list lacks) before.
func TestFormatCode(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ media, name, code string }{
		{"application/pdf", "bescheid.pdf", "018"},
		{"image/png", "foto.png", "019"},
		{"image/jpeg", "foto.jpg", "011"},
		{"image/jpeg", "foto.jpeg", "010"},
		{"image/jpeg", "scan", "011"},
		{"image/tiff", "scan.tif", "023"},
		{"image/tiff", "scan.tiff", "024"},
		{"application/vnd.oasis.opendocument.text", "brief.odt", "015"},
		{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "brief.docx", "035"},
		{"text/plain; charset=utf-8", "vermerk.txt", "045"},
		{"application/xml", "daten.xml", "030"},
		{"application/octet-stream", "brief.docx", "035"},
		{"image/png", "foto.jpg", "019"}, // the checked media type wins over the name
	} {
		if got := formatCode(tt.media, tt.name); got.Code != tt.code || got.Other != "" {
			t.Errorf("formatCode(%q, %q) = %+v, want %s", tt.media, tt.name, got, tt.code)
		}
	}
	if got := formatCode("video/mp4", "film.mp4"); got.Code != "100" || got.Other != "video/mp4" {
		t.Errorf("unknown format: %+v, want 100 (Sonstiges) named video/mp4", got)
	}
}

func TestSniffVersion(t *testing.T) {
	t.Parallel()
	jfif := []byte{0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 2, 0}
	for _, tt := range []struct {
		head []byte
		want string
	}{
		{[]byte("%PDF-1.7\n%âãÏÓ"), "1.7"},
		{[]byte("\xef\xbb\xbf<?xml version='1.0' encoding='UTF-8'?>"), "1.0"},
		{jfif, "1.02"},
		{[]byte("GIF89a...."), "89a"},
		{[]byte("\x89PNG\r\n\x1a\n"), ""},
		{[]byte("PK\x03\x04"), ""},
		{nil, ""},
	} {
		if got := sniffVersion(tt.head); got != tt.want {
			t.Errorf("sniffVersion(%q) = %q, want %q", tt.head, got, tt.want)
		}
	}
}

func TestParsePlanCSV(t *testing.T) {
	t.Parallel()
	units, err := ParsePlanCSV(strings.NewReader("\ufeffkennzeichen,titel,uebergeordnet,aufbewahrung,aussonderungsart\n" +
		"32,Öffentliche Ordnung,,,\n32.10,\"Genehmigungen, Erlaubnisse\",32,P10Y,b\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(units) != 2 || units[1] != (PlanUnit{Code: "32.10", Title: "Genehmigungen, Erlaubnisse", Parent: "32", Retention: "P10Y", Disposal: "B"}) {
		t.Fatalf("units %+v", units)
	}
	_, err = ParsePlanCSV(strings.NewReader("kennzeichen;titel;uebergeordnet;aufbewahrung;aussonderungsart\n" +
		"32;Ordnung;;;\n32.10;;99;zehn Jahre;X\n32;Doppelt;;;\n"))
	if fault.CodeOf(err) != fault.Invalid {
		t.Fatalf("bad plan: %v", err)
	}
	for _, want := range []string{"line 3 (32.10): titel is empty", "line 3 (32.10): aufbewahrung", "line 3 (32.10): aussonderungsart \"X\"",
		"32.10: parent \"99\" is not in the plan", "32: kennzeichen appears twice", "nothing was imported"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if _, err := ParsePlanCSV(strings.NewReader("code;title\n1;a\n")); fault.CodeOf(err) != fault.Invalid || !strings.Contains(err.Error(), "line 1") {
		t.Fatalf("bad header: %v", err)
	}
}

func TestReadMessageNamesWhatIsWrong(t *testing.T) {
	t.Parallel()
	const ns = `xmlns:x="urn:xoev-de:xdomea:schema:3.0.0"`
	for _, tt := range []struct{ name, msg, want string }{
		{"not xml", "PDF", "is not an XML message"},
		{"wrong namespace", `<x:Aussonderung.Bewertungsverzeichnis.0502 xmlns:x="urn:other"/>`, "namespace"},
		{"not aussonderung", `<x:Abgabe.Abgabe.0401 ` + ns + `/>`, "no xdomea Aussonderung message"},
		{"type mismatch", `<x:Aussonderung.Bewertungsverzeichnis.0502 ` + ns + `><x:Kopf><x:ProzessID>p</x:ProzessID>` +
			`<x:Nachrichtentyp><code>0506</code></x:Nachrichtentyp></x:Kopf></x:Aussonderung.Bewertungsverzeichnis.0502>`,
			"/Aussonderung.Bewertungsverzeichnis.0502/Kopf/Nachrichtentyp/code is \"0506\""},
		{"no process", `<x:Aussonderung.Bewertungsverzeichnis.0502 ` + ns + `><x:Kopf>` +
			`<x:Nachrichtentyp><code>0502</code></x:Nachrichtentyp></x:Kopf></x:Aussonderung.Bewertungsverzeichnis.0502>`,
			"Kopf/ProzessID is missing"},
		{"our own", `<x:Aussonderung.Aussonderung.0503 ` + ns + `><x:Kopf><x:ProzessID>p</x:ProzessID>` +
			`<x:Nachrichtentyp><code>0503</code></x:Nachrichtentyp></x:Kopf></x:Aussonderung.Aussonderung.0503>`,
			"this step takes Aussonderung.Bewertungsverzeichnis.0502 or"},
	} {
		_, _, err := readMessage(tt.name+".xml", []byte(tt.msg), "0502", "0504", "0506", "0507")
		if fault.CodeOf(err) != fault.Invalid || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.name+".xml") {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
}
