package catalog

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// The subset of XZuFi 2.2 (XÖV standard for Zuständigkeitsfinder) that
// ReadXZuFi understands; element names are matched by local name, so any
// namespace prefix and any message root (e.g. a transfer message wrapping
// many objects) work. See docs/import-formats.md for what is left out.

// xText is a multilingual text (e.g. inhalt, name) with its language.
type xText struct {
	Lang string `xml:"languageCode,attr"`
	Text string `xml:",chardata"`
}

// xAny is an element the decoder did not expect, with its line.
type xAny struct {
	Name string
	Line int
}

// UnmarshalXML records the element's name and line and skips it.
func (a *xAny) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	a.Name = start.Name.Local
	a.Line, _ = d.InputPos()
	return d.Skip()
}

// xOrganisationseinheit is xzufi:organisationseinheit.
type xOrganisationseinheit struct {
	ID        string  `xml:"id"`
	Name      []xText `xml:"name>name"`
	Kategorie string  `xml:"kategorie>klasse>bezeichnung"`
	Anschrift []struct {
		Strasse    string `xml:"strasse"`
		Hausnummer string `xml:"hausnummer"`
		PLZ        string `xml:"postleitzahl"`
		Ort        string `xml:"ort"`
	} `xml:"anschrift"`
	Kommunikation []struct {
		Kennung string `xml:"kennung"`
	} `xml:"kommunikation"`
	Internet []struct {
		URI string `xml:"uri"`
	} `xml:"internetadresse"`
	Oeffnungszeiten []xText `xml:"oeffnungszeiten>zusatzinformation"`
	Parent          string  `xml:"uebergeordneteOrganisationseinheitID"`
	Other           []xAny  `xml:",any"`
}

// xGebiet is a gebietID: an ARS or an AGS, told apart by its list (the
// listURI of a code, or the schemeURI or schemeID of an identifier) or,
// without one, by its length.
type xGebiet struct {
	Value     string `xml:",chardata"`
	ListURI   string `xml:"listURI,attr"`
	SchemeID  string `xml:"schemeID,attr"`
	SchemeURI string `xml:"schemeURI,attr"`
}

// xZustaendigkeit is xzufi:zustaendigkeitOrganisationseinheit (a
// zustaendigkeit with the id of its organisational unit).
type xZustaendigkeit struct {
	OE    string `xml:"uebergeordnetesObjektID"`
	Inner struct {
		ID         string    `xml:"id"`
		LeistungID []string  `xml:"leistungID"`
		GebietID   []xGebiet `xml:"gebietID"`
		Other      []xAny    `xml:",any"`
	} `xml:"zustaendigkeit"`
	Other []xAny `xml:",any"`
}

// Children of organisationseinheit and zustaendigkeit that XZuFi has and
// the importer leaves out on purpose; others are warnings.
var (
	oeIgnored = map[string]bool{"idSekundaer": true, "versionsinformation": true, "sprachversion": true,
		"kurzbeschreibung": true, "beschreibung": true, "kennzeichenEinheitlicherAnsprechpartner": true,
		"synonym": true, "gueltigkeit": true, "zahlungsweise": true, "bankverbindung": true,
		"glaeubigerID": true, "infoParkplatz": true, "infoOEPNV": true, "infoBarrierefreiheit": true,
		"alternativeHierarchie": true, "formulare": true, "internetadresse": true, "kategorie": true}
	zustIgnored = map[string]bool{"idSekundaer": true, "versionsinformation": true, "zustaendigkeitsSchema": true,
		"rolle": true, "gueltigkeit": true, "kennzeichen": true, "zustaendigkeitsGrund": true}
)

// ReadXZuFi parses an XZuFi 2.2 message (or any XML document containing
// leistung, organisationseinheit and zustaendigkeitOrganisationseinheit
// elements) into an AuthorityFile without a database. Services keep their
// LeiKa key (referenzLeiKa); a service without one gets the local key
// "xz-" + its id. Text modules go into the section their code names in
// the code list urn:de:xzufi:codeliste:leistungstextmodulleika, the
// structured modules into fees, deadlines and processing time; German is
// the main text, every other language a translation. Zuständigkeiten
// point at the Organisationseinheit by uebergeordnetesObjektID and at
// services by leistungID (the id of a leistung in the message, or a LeiKa
// key); a gebietID is an ARS (prefixes of 2, 3, 5 or 9 digits are padded
// with zeros) or an 8-digit AGS, which stays "ags:<AGS>" until the import
// finds its ARS. A bad object is a finding marked Skipped and left out,
// an unknown element or module a finding marked Kept; only XML that is
// not well-formed, or holds no object at all, is an error. Findings carry
// the line of the element.
func ReadXZuFi(r io.Reader, file string) (AuthorityFile, []Reject, error) {
	var f AuthorityFile
	p := xzufiParser{file: file, dec: xml.NewDecoder(r), keyOf: map[string]string{}}
	for {
		tok, err := p.dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err == nil {
			if se, ok := tok.(xml.StartElement); ok {
				err = p.element(se, &f)
			}
		}
		if err != nil {
			line, _ := p.dec.InputPos()
			return f, nil, fault.Wrap(err, fault.Invalid, "%s:%d: not well-formed XML", file, line)
		}
	}
	p.resolve(&f)
	if len(f.Services)+len(f.Authorities)+len(f.Responsibilities) == 0 && len(p.findings) == 0 {
		return f, nil, fault.New(fault.Invalid, "%s: no leistung, organisationseinheit or zustaendigkeit found", file)
	}
	return f, p.findings, nil
}

type xzufiParser struct {
	file     string
	dec      *xml.Decoder
	findings []Reject
	keyOf    map[string]string // leistung id → service key
	pending  []ResponsibilityEntry
}

// skip reports a bad object that is left out.
func (p *xzufiParser) skip(line int, field, format string, args ...any) {
	p.findings = append(p.findings, Reject{File: p.file, Line: line, Field: field, Reason: fmt.Sprintf(format, args...), Skipped: true})
}

// warn reports something not imported of an object that is.
func (p *xzufiParser) warn(line int, field, format string, args ...any) {
	p.findings = append(p.findings, Reject{File: p.file, Line: line, Field: field, Reason: fmt.Sprintf(format, args...), Kept: true})
}

// unknown warns about child k of parent unless known or ignored on purpose.
func (p *xzufiParser) unknown(k *xNode, parent string, known, ignored map[string]bool) {
	if !known[k.Name] && !ignored[k.Name] {
		p.warn(k.Line, parent+"/"+k.Name, "unknown element, not imported")
	}
}

// others warns about the unexpected children of an object.
func (p *xzufiParser) others(parent string, xs []xAny, ignored map[string]bool) {
	for _, x := range xs {
		if !ignored[x.Name] {
			p.warn(x.Line, parent+"/"+x.Name, "unknown element, not imported")
		}
	}
}

// element decodes one object element; others are walked into.
func (p *xzufiParser) element(se xml.StartElement, f *AuthorityFile) error {
	switch se.Name.Local {
	case "leistung":
		var x xNode
		if err := p.dec.DecodeElement(&x, &se); err != nil {
			return err
		}
		p.leistung(&x, f)
	case "organisationseinheit":
		line, _ := p.dec.InputPos()
		var x xOrganisationseinheit
		if err := p.dec.DecodeElement(&x, &se); err != nil {
			return err
		}
		p.organisationseinheit(line, x, f)
	case "zustaendigkeitOrganisationseinheit":
		line, _ := p.dec.InputPos()
		var x xZustaendigkeit
		if err := p.dec.DecodeElement(&x, &se); err != nil {
			return err
		}
		p.zustaendigkeit(line, x)
	}
	return nil
}

func (p *xzufiParser) organisationseinheit(line int, x xOrganisationseinheit, f *AuthorityFile) {
	p.others("organisationseinheit", x.Other, oeIgnored)
	a := AuthorityEntry{Line: line, Key: strings.TrimSpace(x.ID), Name: cleanSpace(german(x.Name)),
		Kind: cleanSpace(x.Kategorie), Parent: strings.TrimSpace(x.Parent), OpeningHours: cleanSpace(german(x.Oeffnungszeiten))}
	if len(x.Anschrift) > 0 {
		an := x.Anschrift[0]
		a.Address = Address{Street: cleanSpace(an.Strasse + " " + an.Hausnummer), Postcode: strings.TrimSpace(an.PLZ), City: cleanSpace(an.Ort)}
	}
	for _, k := range x.Kommunikation {
		switch v := strings.TrimSpace(k.Kennung); {
		case strings.Contains(v, "@") && a.Email == "":
			a.Email = strings.TrimPrefix(v, "mailto:")
		case strings.HasPrefix(v, "http") && a.Web == "":
			a.Web = v
		case a.Phone == "" && v != "":
			a.Phone = v
		}
	}
	if len(x.Internet) > 0 && a.Web == "" {
		a.Web = strings.TrimSpace(x.Internet[0].URI)
	}
	switch {
	case !validAuthorityKey(a.Key):
		p.skip(line, "organisationseinheit/id", "organisationseinheit needs an id (got %q); skipped", a.Key)
	case a.Name == "":
		p.skip(line, "organisationseinheit/name/name", "organisationseinheit %s has no name; skipped", a.Key)
	case a.Email != "" && !validEmail(a.Email):
		p.skip(line, "organisationseinheit/kommunikation/kennung", "%q is not an e-mail address; organisationseinheit %s skipped", a.Email, a.Key)
	default:
		f.Authorities = append(f.Authorities, a)
	}
}

func (p *xzufiParser) zustaendigkeit(line int, x xZustaendigkeit) {
	p.others("zustaendigkeitOrganisationseinheit", x.Other, zustIgnored)
	p.others("zustaendigkeitOrganisationseinheit/zustaendigkeit", x.Inner.Other, zustIgnored)
	oe := strings.TrimSpace(x.OE)
	if oe == "" || len(x.Inner.LeistungID) == 0 || len(x.Inner.GebietID) == 0 {
		p.skip(line, "zustaendigkeitOrganisationseinheit", "needs uebergeordnetesObjektID, leistungID and gebietID; skipped")
		return
	}
	var regions []string
	for _, g := range x.Inner.GebietID {
		key, err := gebiet(g)
		if err != nil {
			p.skip(line, "zustaendigkeit/gebietID", "%v; zustaendigkeit %s skipped", err, strings.TrimSpace(x.Inner.ID))
			return
		}
		regions = append(regions, key)
	}
	for _, l := range x.Inner.LeistungID {
		p.pending = append(p.pending, ResponsibilityEntry{Line: line, Service: strings.TrimSpace(l), Regions: regions, Authority: oe})
	}
}

// resolve maps leistungID to service keys once every leistung is known.
func (p *xzufiParser) resolve(f *AuthorityFile) {
	for _, r := range p.pending {
		if key, ok := p.keyOf[r.Service]; ok {
			r.Service = key
		}
		if !validServiceKey(r.Service) && !groupKeyRE.MatchString(r.Service) {
			p.skip(r.Line, "zustaendigkeit/leistungID", "%q is neither a leistung of the message nor a LeiKa key; skipped", r.Service)
			continue
		}
		f.Responsibilities = append(f.Responsibilities, r)
	}
}

// german picks the German text of a multilingual value (or the first).
func german(ts []xText) string {
	for _, t := range ts {
		if normLang(t.Lang) == "de" {
			return strings.TrimSpace(t.Text)
		}
	}
	if len(ts) > 0 {
		return strings.TrimSpace(ts[0].Text)
	}
	return ""
}
