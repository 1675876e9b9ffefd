package catalog

import (
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// gvHeader is the header of the GV-ISys CSV (refdata/gv-isys-2021q.csv).
var gvHeader = []string{"satzart", "textkennzeichen", "land", "rb", "kreis", "vb", "gemeinde", "gemeindename",
	"flaeche", "bevoelkerung", "maennlich", "weiblich", "jekm2", "postleitzahl", "laengengrad", "breitengrad",
	"schluessel", "bezeichnung", "verstaedterungschluessel", "verstaedterungbezeichnung"}

// gvKinds names the GV-ISys Textkennzeichen.
var gvKinds = map[string]string{
	"41": "Kreisfreie Stadt", "42": "Stadtkreis", "43": "Kreis", "44": "Landkreis", "45": "Regionalverband",
	"50": "Verbandsfreie Gemeinde", "51": "Amt", "52": "Samtgemeinde", "53": "Verbandsgemeinde",
	"54": "Verwaltungsgemeinschaft", "55": "Kirchspielslandgemeinde", "56": "Verwaltungsverband",
	"57": "Verbandsgemeinde (Trägermodell)", "58": "Erfüllende Gemeinde", "60": "Markt",
	"61": "Kreisfreie Stadt", "62": "Stadtkreis", "63": "Stadt", "64": "Kreisangehörige Gemeinde",
	"65": "Gemeindefreies Gebiet, bewohnt", "66": "Gemeindefreies Gebiet, unbewohnt", "67": "Große Kreisstadt",
}

// gvLevels maps the GV-ISys Satzart to a level.
var gvLevels = map[string]Level{"10": LevelState, "20": LevelGovDistrict, "40": LevelDistrict, "50": LevelAssociation, "60": LevelMunicipality}

// ReadRegions parses the GV-ISys municipality directory CSV (all levels)
// without a database. The ARS is composed as land+rb+kreis+vb+gemeinde,
// zero-padded to 12 digits for the upper levels; rows of several levels
// with the same ARS (kreisfreie Städte, Berlin, Hamburg) become one Region
// at the most specific level. Regionen (Satzart 30, planning regions of
// Baden-Württemberg) are not part of the ARS tree and are skipped with a
// warning. Parents are set to the nearest existing ancestor; the root
// Deutschland (RootARS) is not returned, it always exists.
func ReadRegions(r io.Reader, file string) ([]Region, []Reject, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, nil, fault.Wrap(err, fault.Invalid, "%s:1: cannot read header", file)
	}
	if err := checkHeader(file, header, gvHeader); err != nil {
		return nil, nil, err
	}
	byARS := map[string]*Region{}
	lineOf := map[string]int{}
	var findings []Reject
	err = eachRecord(cr, file, func(line int, rec []string) {
		reg, f := gvRow(file, line, rec)
		if f != nil {
			findings = append(findings, *f)
			return
		}
		findings = append(findings, mergeRegion(byARS, lineOf, reg, file, line)...)
	}, func(r Reject) { findings = append(findings, r) })
	if err != nil {
		return nil, nil, err
	}
	return linkParents(byARS), findings, nil
}

// gvRow turns one record into a region, or returns a finding.
func gvRow(file string, line int, rec []string) (Region, *Reject) {
	bad := func(field, reason string) (Region, *Reject) {
		return Region{}, &Reject{File: file, Line: line, Field: field, Reason: reason}
	}
	if len(rec) != len(gvHeader) {
		return bad("", fmt.Sprintf("has %d fields, want %d", len(rec), len(gvHeader)))
	}
	sa := strings.TrimSpace(rec[0])
	if sa == "30" {
		return Region{}, &Reject{File: file, Line: line, Field: "satzart", Reason: "Region (Satzart 30) is not part of the ARS tree; skipped", Skipped: true}
	}
	level, ok := gvLevels[sa]
	if !ok {
		return bad("satzart", fmt.Sprintf("unknown Satzart %q", sa))
	}
	parts := []struct {
		name  string
		val   string
		width int
		from  Level
	}{{"land", rec[2], 2, LevelState}, {"rb", rec[3], 1, LevelGovDistrict}, {"kreis", rec[4], 2, LevelDistrict},
		{"vb", rec[5], 4, LevelAssociation}, {"gemeinde", rec[6], 3, LevelMunicipality}}
	var ars strings.Builder
	for _, p := range parts {
		v := strings.TrimSpace(p.val)
		switch {
		case p.from > level:
			v = strings.Repeat("0", p.width)
		case len(v) != p.width || strings.Trim(v, "0123456789") != "":
			return bad(p.name, fmt.Sprintf("%q is not a %d-digit code", v, p.width))
		}
		ars.WriteString(v)
	}
	reg := Region{ARS: ars.String(), Level: level, Name: cleanSpace(rec[7]), Kind: gvKinds[strings.TrimSpace(rec[1])]}
	if reg.Name == "" {
		return bad("gemeindename", "is empty")
	}
	if level == LevelState {
		reg.Kind = "Land"
	} else if level == LevelGovDistrict {
		reg.Kind = "Regierungsbezirk"
	}
	if level == LevelMunicipality {
		reg.AGS = reg.ARS[:5] + reg.ARS[9:]
		if err := gvNumbers(&reg, rec); err != nil {
			return bad(err.field, err.reason)
		}
	}
	return reg, nil
}

type fieldErr struct{ field, reason string }

// gvNumbers reads area, population, postal code and coordinates; the file
// uses blanks as thousands separators and decimal commas for coordinates.
func gvNumbers(reg *Region, rec []string) *fieldErr {
	num := func(s string) string {
		return strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(s), " ", ""), ",", ".")
	}
	var err error
	if v := num(rec[8]); v != "" {
		if reg.AreaKm2, err = strconv.ParseFloat(v, 64); err != nil {
			return &fieldErr{"flaeche", fmt.Sprintf("%q is not a number", rec[8])}
		}
	}
	if v := num(rec[9]); v != "" {
		if reg.Population, err = strconv.ParseInt(v, 10, 64); err != nil {
			return &fieldErr{"bevoelkerung", fmt.Sprintf("%q is not a number", rec[9])}
		}
	}
	reg.Postcode = strings.TrimSpace(rec[13])
	if reg.Postcode != "" && (len(reg.Postcode) != 5 || strings.Trim(reg.Postcode, "0123456789") != "") {
		return &fieldErr{"postleitzahl", fmt.Sprintf("%q is not a 5-digit postal code", reg.Postcode)}
	}
	if v := num(rec[14]); v != "" {
		if reg.Longitude, err = strconv.ParseFloat(v, 64); err != nil {
			return &fieldErr{"laengengrad", fmt.Sprintf("%q is not a number", rec[14])}
		}
	}
	if v := num(rec[15]); v != "" {
		if reg.Latitude, err = strconv.ParseFloat(v, 64); err != nil {
			return &fieldErr{"breitengrad", fmt.Sprintf("%q is not a number", rec[15])}
		}
	}
	return nil
}

// mergeRegion adds reg to byARS; a row with the ARS of an earlier row of a
// less specific level replaces it (kreisfreie Stadt), the same level twice
// is a reject.
func mergeRegion(byARS map[string]*Region, lineOf map[string]int, reg Region, file string, line int) []Reject {
	old, ok := byARS[reg.ARS]
	switch {
	case !ok || old.Level < reg.Level:
		byARS[reg.ARS], lineOf[reg.ARS] = &reg, line
		return nil
	case old.Level == reg.Level:
		return []Reject{{File: file, Line: line, Field: "ars", Reason: fmt.Sprintf("ARS %s (%s) already on line %d", reg.ARS, reg.Level, lineOf[reg.ARS])}}
	}
	return nil
}

// linkParents sets each region's parent to its nearest existing ancestor
// and returns the regions ordered by level, then ARS (parents first).
func linkParents(byARS map[string]*Region) []Region {
	out := make([]Region, 0, len(byARS))
	for _, r := range byARS {
		r.ParentARS = RootARS
		for _, cand := range ancestorsOf(r.ARS) {
			if _, ok := byARS[cand]; ok && cand != r.ARS {
				r.ParentARS = cand
				break
			}
		}
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Level != out[j].Level {
			return out[i].Level < out[j].Level
		}
		return out[i].ARS < out[j].ARS
	})
	return out
}

// ancestorsOf lists the ARS of the Gemeindeverband, Kreis,
// Regierungsbezirk and Land prefixes of ars, most specific first.
func ancestorsOf(ars string) []string {
	return []string{
		ars[:9] + "000", ars[:5] + "0000000", ars[:3] + "000000000", ars[:2] + "0000000000",
	}
}
