package akte

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// planMessage is the xdomea 3.0.0 message Aktenplan.Aktenplan.0301
// (AktenplanAustauschen): a filing plan with nested units.
type planMessage struct {
	XMLName xml.Name
	Units   []planUnitXML `xml:"Aktenplan>Einheit"`
}

// planUnitXML is one AktenplaneinheitAktenplanType.
type planUnitXML struct {
	Code      string        `xml:"Kennzeichen"`
	Contents  string        `xml:"Inhaltsangabe"`
	Short     string        `xml:"BetreffKurz"`
	Disposal  string        `xml:"Aussonderungsart>Aussonderungsart>code"`
	Years     string        `xml:"Aufbewahrungsdauer>AnzahlJahre"`
	Unlimited string        `xml:"Aufbewahrungsdauer>Unbefristet"`
	Units     []planUnitXML `xml:"Einheit"`
}

// ParsePlanXdomea reads a filing plan from an xdomea 3.0.0 message
// Aktenplan.Aktenplan.0301 (the XML, or its zip; name names it in
// errors): every Einheit with its Kennzeichen, Inhaltsangabe (else
// BetreffKurz) as title, the enclosing unit as parent, Aufbewahrungsdauer
// in years and Aussonderungsart. An unlimited retention (Unbefristet)
// has no ISO 8601 period: the unit gets none, and files under it keep
// their procedure's. The plan is checked as ParsePlanCSV checks one, each
// problem named with the unit's element path.
func ParsePlanXdomea(name string, b []byte) ([]PlanUnit, error) {
	if bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		var err error
		if b, name, err = xmlFromZip(name, b); err != nil {
			return nil, err
		}
	}
	var m planMessage
	if err := xml.Unmarshal(b, &m); err != nil {
		return nil, fault.Wrap(err, fault.Invalid, "%s is not an XML message: %v", name, err)
	}
	if m.XMLName.Space != xdomeaNS || m.XMLName.Local != "Aktenplan.Aktenplan.0301" {
		return nil, fault.New(fault.Invalid, "%s: root element {%s}%s, want {%s}Aktenplan.Aktenplan.0301", name,
			m.XMLName.Space, m.XMLName.Local, xdomeaNS)
	}
	var units []PlanUnit
	var probs []string
	var walk func(list []planUnitXML, parent, path string)
	walk = func(list []planUnitXML, parent, path string) {
		for i, x := range list {
			at := fmt.Sprintf("%s/Einheit[%d]", path, i+1)
			u := PlanUnit{Code: strings.TrimSpace(x.Code), Title: strings.TrimSpace(x.Contents), Parent: parent,
				Disposal: strings.TrimSpace(x.Disposal)}
			if u.Title == "" {
				u.Title = strings.TrimSpace(x.Short)
			}
			if y := strings.TrimSpace(x.Years); y != "" {
				u.Retention = "P" + y + "Y"
			}
			for _, p := range u.check() {
				probs = append(probs, fmt.Sprintf("%s (%s): %s", at, u.Code, p))
			}
			units = append(units, u)
			walk(x.Units, u.Code, at)
		}
	}
	walk(m.Units, "", "/Aktenplan.Aktenplan.0301/Aktenplan")
	probs = append(probs, checkTree(units)...)
	if len(probs) > 0 {
		return nil, fault.New(fault.Invalid, "%s: the filing plan has %d problems, nothing was imported:\n  %s", name,
			len(probs), strings.Join(probs, "\n  "))
	}
	return units, nil
}
