package procedure

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// FIM XDatenfelder namespaces the importer reads.
const (
	fimNS2 = "urn:xoev-de:fim:standard:xdatenfelder_2"
	fimNS3 = "urn:xoev-de:fim:standard:xdatenfelder_3.0.0"
)

// Report lists what ImportFIM mapped and every element it did not map,
// with the reason: nothing is dropped silently.
type Report struct {
	Schema   string        `json:"schema"`
	Mapped   []ReportEntry `json:"mapped"`
	Unmapped []ReportEntry `json:"unmapped"`
	// Warnings are mapped elements that lost something the applicant
	// would notice, e.g. a select offered as free text because its code
	// list is missing.
	Warnings []ReportEntry `json:"warnings,omitempty"`
	// Rules are the FIM rules (Regeln), enforced or manual, in schema
	// order.
	Rules []RuleEntry `json:"rules,omitempty"`
}

// ReportEntry is one element of the FIM schema and what became of it.
type ReportEntry struct {
	Path   string `json:"path"`   // where in the schema, e.g. struktur[3]/datenfeldgruppe G05000496
	Target string `json:"target"` // what it became, e.g. page person / field person.name
	Reason string `json:"reason"`
}

// String renders the report for a terminal, unmapped elements grouped by
// reason.
func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "FIM schema %s: %d elements mapped, %d not mapped\n", r.Schema, len(r.Mapped), len(r.Unmapped))
	for _, e := range r.Mapped {
		fmt.Fprintf(&b, "  mapped   %s -> %s (%s)\n", e.Path, e.Target, e.Reason)
	}
	byReason := map[string][]string{}
	for _, e := range r.Unmapped {
		byReason[e.Reason] = append(byReason[e.Reason], e.Path)
	}
	reasons := make([]string, 0, len(byReason))
	for k := range byReason {
		reasons = append(reasons, k)
	}
	sort.Strings(reasons)
	for _, k := range reasons {
		fmt.Fprintf(&b, "  NOT MAPPED (%d) %s:\n", len(byReason[k]), k)
		for _, p := range byReason[k] {
			fmt.Fprintf(&b, "    %s\n", p)
		}
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(&b, "  WARNING %s: %s\n", w.Path, w.Reason)
	}
	enforced := 0
	for _, e := range r.Rules {
		if e.Rule.Enforced {
			enforced++
		}
	}
	fmt.Fprintf(&b, "rules: %d enforced, %d manual (for the case worker to check)\n", enforced, len(r.Rules)-enforced)
	for _, e := range r.Rules {
		fmt.Fprintln(&b, e.String())
	}
	return b.String()
}

// fimImport is the state of one import.
type fimImport struct {
	v3     bool
	codes  CodeListResolver
	def    *Definition
	report *Report
	lists  map[string]string // code list key (URN+version) → code list id
	// pending are the rules met, applied once the fields exist
	// (fim_rule.go); schemaRules are the markers of the schema's own.
	pending     []*fimRule
	schemaRules []Text
	// missing is the code list the current select could not resolve.
	missing *MissingCodeList
}

func (im *fimImport) mapped(path, target, reason string) {
	im.report.Mapped = append(im.report.Mapped, ReportEntry{Path: path, Target: target, Reason: reason})
}

func (im *fimImport) unmapped(path, reason string) {
	im.report.Unmapped = append(im.report.Unmapped, ReportEntry{Path: path, Reason: reason})
}

// ImportFIM turns a FIM XDatenfelder 2.0 or 3.0.0 Stammdatenschema
// (xdatenfelder.stammdatenschema.0102) into a procedure definition that
// loads: groups become pages and groups, fields become typed fields, code
// lists are resolved through codes (nil: none), cardinalities become
// required and repeat. The Report names every element not mapped and why.
// FIM rules (Regeln) become Definition.Rules; those of the common patterns
// are translated into checks (fim_rule.go), the others stay manual and
// the report says why. The error names the element that made the import
// impossible.
func ImportFIM(data []byte, codes CodeListResolver) (Definition, Report, error) {
	var def Definition
	report := Report{}
	root, err := parseXML(data)
	if err != nil {
		return def, report, fault.New(fault.Invalid, "FIM schema: %v", err)
	}
	if root.name != "xdatenfelder.stammdatenschema.0102" || (root.space != fimNS2 && root.space != fimNS3) {
		return def, report, fault.New(fault.Invalid,
			"FIM schema: root element <%s> (%s) is not an xdatenfelder.stammdatenschema.0102 of XDatenfelder 2.0 or 3.0.0", root.name, root.space)
	}
	root.used = true
	im := &fimImport{v3: root.space == fimNS3, codes: codes, def: &def, report: &report, lists: map[string]string{}}
	s := root.child("stammdatenschema")
	if len(s.kids) == 0 && s.name == "" {
		return def, report, fault.New(fault.Invalid, "FIM schema: element <stammdatenschema> is missing")
	}
	if err := im.schema(s); err != nil {
		return def, report, err
	}
	im.applyRules(im.schemaRules)
	im.reportUnused(root, "")
	if _, err := Compile(def, "FIM "+report.Schema); err != nil {
		return def, report, fault.Wrap(err, fault.Invalid, "FIM schema %s: the imported definition does not load: %v", report.Schema, err)
	}
	return def, report, nil
}

var leikaInText = regexp.MustCompile(`\b99\d{12}\b`)

// schema maps the Stammdatenschema's own data and its structure.
func (im *fimImport) schema(s *xnode) error {
	idf := s.child("identifikation")
	id, version := idf.str("id"), idf.str("version")
	if id == "" {
		return fault.New(fault.Invalid, "FIM schema: element <stammdatenschema>/<identifikation>/<id> is missing")
	}
	std := "XDatenfelder 2.0"
	if im.v3 {
		std = "XDatenfelder 3.0.0"
	}
	im.report.Schema = fmt.Sprintf("%s %s (%s)", id, version, std)
	d := im.def
	d.ID = slugID(id)
	d.Version = versionNumber(version)
	d.Source = "FIM " + im.report.Schema
	d.FIM = &FIMOrigin{ID: id, Version: version, Standard: std}
	im.mapped("stammdatenschema/identifikation", fmt.Sprintf("id %s, version %d", d.ID, d.Version), "version a.b.c becomes a*10000+b*100+c")
	d.Title = Text{DE: firstNonEmpty(s.str("bezeichnung"), s.str("bezeichnungEingabe"), s.str("name"), "FIM "+id)}
	desc, definition, hilfe := s.str("beschreibung"), s.str("definition"), s.str("hilfetext")
	d.Intro = Text{DE: firstNonEmpty(definition, hilfe, desc)}
	im.mapped("stammdatenschema/name, bezeichnung, definition", "title, intro", "")
	seen := map[string]bool{}
	for _, k := range leikaInText.FindAllString(desc+" "+definition+" "+hilfe, -1) {
		if !seen[k] {
			d.LeiKa, seen[k] = append(d.LeiKa, k), true
		}
	}
	im.mapped("stammdatenschema/beschreibung", fmt.Sprintf("leika %v", d.LeiKa), "LeiKa keys found in the text")
	for _, b := range s.all("bezug") {
		if t := clean(b.text); t != "" {
			d.Notes = append(d.Notes, Text{DE: "Rechtsgrundlage: " + t})
		}
	}
	im.schemaRules = im.rules(s, "stammdatenschema")
	d.Assurance, d.Guest, d.Deadline, d.Retention = "low", true, "P3M", "P10Y"
	im.mapped("(not in FIM)", "assurance low, guest true, deadline P3M, retention P10Y", "defaults: review before publishing")
	im.pages(s)
	if len(d.Pages) == 0 {
		return fault.New(fault.Invalid, "FIM schema %s: element <stammdatenschema> has no <struktur> that maps to a form field", id)
	}
	return nil
}

// reportUnused reports every element the importer did not read; below an
// unread element nothing more is listed. Paths are written like those of
// the mapped elements: "struktur[2]/datenfeldgruppe G05000496/...".
func (im *fimImport) reportUnused(n *xnode, path string) {
	seen := map[string]int{}
	for _, k := range n.kids {
		p := path
		switch {
		case k.name == "enthaelt" || (k.name == "stammdatenschema" && path == ""):
		case k.name == "struktur":
			p = join(path, fmt.Sprintf("struktur[%d]", seen[k.name]))
		case k.name == "datenfeld" || k.name == "datenfeldgruppe":
			p = join(path, k.name+" "+clean(k.peek("identifikation").peekText("id")))
		default:
			p = join(path, k.name)
		}
		seen[k.name]++
		if !k.used {
			im.unmapped(firstNonEmpty(p, k.name), ignoredReason(k.name))
			continue
		}
		im.reportUnused(k, p)
	}
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "/" + b
}

// ignoredReason explains why a known FIM element is not mapped.
func ignoredReason(name string) string {
	switch name {
	case "header", "status", "freigabestatus", "fachlicherErsteller", "freigabedatum", "veroeffentlichungsdatum",
		"gueltigAb", "gueltigBis", "versionshinweis", "statusGesetztAm", "statusGesetztDurch", "letzteAenderung",
		"ableitungsmodifikationenStruktur", "ableitungsmodifikationenRepraesentation", "schemaelementart",
		"dokumentsteckbrief", "stichwort", "relation", "art", "vorbefuellung", "nameKey", "codeKey", "helpKey":
		return "metadata of the FIM catalogue, not part of the form"
	case "version":
		return "version of a catalogue element; the procedure has its own version"
	case "bezeichnungAusgabe", "hilfetextAusgabe":
		return "output (print) texts; the portal shows the input texts"
	case "bezug", "definition", "name":
		return "descriptive text of the catalogue, not shown in the form"
	}
	return "unknown element, not mapped"
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// versionNumber turns a FIM version "a.b" or "a.b.c" into a*10000+b*100+c,
// so versions keep their order; anything else becomes 1.
func versionNumber(v string) int {
	parts := strings.Split(v, ".")
	n := 0
	for i := range 3 {
		x := 0
		if i < len(parts) {
			var err error
			if x, err = strconv.Atoi(parts[i]); err != nil || x < 0 || x > 99 || (i == 0 && x > 9999) {
				return 1
			}
		}
		n = n*100 + x
	}
	return max(n, 1)
}
