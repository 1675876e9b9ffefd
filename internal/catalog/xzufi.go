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

// xLeistung is xzufi:leistung.
type xLeistung struct {
	ID       string `xml:"id"`
	Referenz []struct {
		Code string `xml:"code"`
	} `xml:"referenzLeiKa"`
	Module []struct {
		Code   string  `xml:"leikaTextmodul>code"`
		Inhalt []xText `xml:"inhalt"`
		Links  []struct {
			URI   string `xml:"uri"`
			Titel string `xml:"titel"`
		} `xml:"weiterfuehrenderLink"`
	} `xml:"modulText"`
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
}

// xZustaendigkeit is xzufi:zustaendigkeitOrganisationseinheit (a
// zustaendigkeit with the id of its organisational unit).
type xZustaendigkeit struct {
	OE    string `xml:"uebergeordnetesObjektID"`
	Inner struct {
		LeistungID []string `xml:"leistungID"`
		GebietID   []string `xml:"gebietID"`
	} `xml:"zustaendigkeit"`
}

// xzufiModules maps LeiKa text module codes (Codeliste LeiKa-Textmodul) to
// the text sections; 01 is the name, 12 the legal basis.
var xzufiModules = map[string]func(*Texts) *string{
	"03": func(t *Texts) *string { return &t.Summary },
	"04": func(t *Texts) *string { return &t.Documents },
	"05": func(t *Texts) *string { return &t.Prerequisites },
	"06": func(t *Texts) *string { return &t.Fees },
	"08": func(t *Texts) *string { return &t.ProcessingTime },
	"09": func(t *Texts) *string { return &t.Deadlines },
	"11": func(t *Texts) *string { return &t.Hints },
}

// ReadXZuFi parses an XZuFi 2.2 message (or any XML document containing
// leistung, organisationseinheit and zustaendigkeitOrganisationseinheit
// elements) into an AuthorityFile without a database. Services keep their
// LeiKa key (referenzLeiKa); a service without one gets the local key
// "xz-" + its id. Zuständigkeiten point at the Organisationseinheit by
// uebergeordnetesObjektID and at services by leistungID (the id of a
// leistung in the message, or a LeiKa key); gebietID is an ARS, shorter
// prefixes (2, 3, 5 or 9 digits) are padded with zeros. Findings carry the
// line of the element.
func ReadXZuFi(r io.Reader, file string) (AuthorityFile, []Reject, error) {
	var f AuthorityFile
	p := xzufiParser{file: file, dec: xml.NewDecoder(r), keyOf: map[string]string{}}
	for {
		tok, err := p.dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, _ := p.dec.InputPos()
			return f, nil, fault.Wrap(err, fault.Invalid, "%s:%d: not well-formed XML", file, line)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if err := p.element(se, &f); err != nil {
				return f, nil, err
			}
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

func (p *xzufiParser) reject(line int, field, format string, args ...any) {
	p.findings = append(p.findings, Reject{File: p.file, Line: line, Field: field, Reason: fmt.Sprintf(format, args...)})
}

// element decodes one object element; others are walked into.
func (p *xzufiParser) element(se xml.StartElement, f *AuthorityFile) error {
	line, _ := p.dec.InputPos()
	var err error
	switch se.Name.Local {
	case "leistung":
		var x xLeistung
		if err = p.dec.DecodeElement(&x, &se); err == nil {
			p.leistung(line, x, f)
		}
	case "organisationseinheit":
		var x xOrganisationseinheit
		if err = p.dec.DecodeElement(&x, &se); err == nil {
			p.organisationseinheit(line, x, f)
		}
	case "zustaendigkeitOrganisationseinheit":
		var x xZustaendigkeit
		if err = p.dec.DecodeElement(&x, &se); err == nil {
			p.zustaendigkeit(line, x)
		}
	}
	if err != nil {
		return fault.Wrap(err, fault.Invalid, "%s:%d: %s", p.file, line, se.Name.Local)
	}
	return nil
}

func (p *xzufiParser) leistung(line int, x xLeistung, f *AuthorityFile) {
	e := ServiceEntry{Line: line, Key: "xz-" + strings.ToLower(strings.TrimSpace(x.ID))}
	for _, ref := range x.Referenz {
		if c := strings.TrimSpace(ref.Code); ValidLeiKaKey(c) {
			e.Key = c
			break
		}
	}
	for _, m := range x.Module {
		text, placeholder := cleanText(german(m.Inhalt))
		if placeholder {
			p.findings = append(p.findings, Reject{File: p.file, Line: line, Field: "modulText " + m.Code, Reason: "placeholder text dropped", Kept: true})
		}
		p.english(&e, m.Code, m.Inhalt)
		switch m.Code {
		case "01":
			e.Name = text
		case "12":
			for _, l := range m.Links {
				e.LegalBasis = append(e.LegalBasis, LegalRef{Text: cleanSpace(l.Titel), URL: strings.TrimSpace(l.URI)})
			}
			if len(m.Links) == 0 && text != "" {
				e.LegalBasis = append(e.LegalBasis, LegalRef{Text: text})
			}
		default:
			if field, ok := xzufiModules[m.Code]; ok {
				*field(&e.Texts) = text
			}
		}
	}
	if strings.TrimSpace(x.ID) == "" || !validServiceKey(e.Key) {
		p.reject(line, "id", "leistung needs an id of letters, digits and dashes or a referenzLeiKa code (got %q)", x.ID)
		return
	}
	p.keyOf[strings.TrimSpace(x.ID)] = e.Key
	f.Services = append(f.Services, e)
}

func (p *xzufiParser) organisationseinheit(line int, x xOrganisationseinheit, f *AuthorityFile) {
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
		p.reject(line, "id", "organisationseinheit needs an id (got %q)", a.Key)
	case a.Name == "":
		p.reject(line, "name", "organisationseinheit %s has no name", a.Key)
	case a.Email != "" && !validEmail(a.Email):
		p.reject(line, "kommunikation", "%q is not an e-mail address", a.Email)
	default:
		f.Authorities = append(f.Authorities, a)
	}
}

func (p *xzufiParser) zustaendigkeit(line int, x xZustaendigkeit) {
	oe := strings.TrimSpace(x.OE)
	if oe == "" || len(x.Inner.LeistungID) == 0 || len(x.Inner.GebietID) == 0 {
		p.reject(line, "zustaendigkeit", "needs uebergeordnetesObjektID, leistungID and gebietID")
		return
	}
	var regions []string
	for _, g := range x.Inner.GebietID {
		ars, ok := padARS(strings.TrimSpace(g))
		if !ok {
			p.reject(line, "gebietID", "%q is not an ARS", g)
			return
		}
		regions = append(regions, ars)
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
			p.reject(r.Line, "leistungID", "%q is neither a leistung of the message nor a LeiKa key", r.Service)
			continue
		}
		f.Responsibilities = append(f.Responsibilities, r)
	}
}

// padARS pads an ARS prefix (Land 2, Regierungsbezirk 3, Kreis 5,
// Gemeindeverband 9 or 12 digits) to 12 digits.
func padARS(s string) (string, bool) {
	switch len(s) {
	case 2, 3, 5, 9, 12:
		if digits(s) {
			return s + strings.Repeat("0", 12-len(s)), true
		}
	}
	return "", false
}

// german picks the German text of a multilingual value (or the first).
// english keeps the English text of a name (01) or text module as the
// entry's "en" translation; XZuFi carries languages side by side as
// inhalt elements with languageCode "en".
func (p *xzufiParser) english(e *ServiceEntry, code string, ts []xText) {
	var text string
	for _, t := range ts {
		if strings.HasPrefix(strings.ToLower(t.Lang), "en") {
			text, _ = cleanText(strings.TrimSpace(t.Text))
		}
	}
	field, isText := xzufiModules[code]
	if text == "" || (code != "01" && !isText) {
		return
	}
	t := e.Translations["en"]
	if code == "01" {
		t.Name = cleanSpace(text)
	} else {
		*field(&t.Texts) = text
	}
	if e.Translations == nil {
		e.Translations = map[string]Translation{}
	}
	e.Translations["en"] = t
}

func german(ts []xText) string {
	for _, t := range ts {
		if t.Lang == "" || strings.HasPrefix(strings.ToLower(t.Lang), "de") {
			return strings.TrimSpace(t.Text)
		}
	}
	if len(ts) > 0 {
		return strings.TrimSpace(ts[0].Text)
	}
	return ""
}
