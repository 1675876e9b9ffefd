package procedure

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestOwnFIMSchemasAreValid keeps the hand-written schemas and their code
// lists honest: they must validate against the XDatenfelder 2.0 and
// genericode 1.0 schemas (when xmllint is installed).
func TestOwnFIMSchemasAreValid(t *testing.T) {
	t.Parallel()
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint not installed")
	}
	for _, file := range []string{schemaBlaueKarte, schemaArbeitgeber} {
		if out, err := exec.Command(xmllint, "--noout", "--nonet", "--schema", "../refdata/fim/xsd-2.0/xdatenfelder.xsd", file).CombinedOutput(); err != nil {
			t.Fatalf("%s does not validate: %s", file, out)
		}
	}
	// genericode.xsd imports the W3C schema of the xml: attributes from
	// xml.xsd next to it, which the repository does not ship; a stand-in
	// declaring xml:lang and xml:base is enough for these lists.
	dir := t.TempDir()
	gc, err := os.ReadFile("../refdata/fim/xsd-2.0/genericode.xsd")
	if err != nil {
		t.Fatal(err)
	}
	xmlXSD := `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.w3.org/XML/1998/namespace">
  <xs:attribute name="lang" type="xs:language"/>
  <xs:attribute name="base" type="xs:anyURI"/>
</xs:schema>`
	for name, data := range map[string][]byte{"genericode.xsd": gc, "xml.xsd": []byte(xmlXSD)} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	lists, _ := filepath.Glob(filepath.Join(filepath.Dir(schemaBlaueKarte), "C*_genericode.xml"))
	more, _ := filepath.Glob(filepath.Join(filepath.Dir(schemaArbeitgeber), "C*_genericode.xml"))
	lists = append(lists, more...)
	if len(lists) < 5 {
		t.Fatalf("code lists: %v", lists)
	}
	args := append([]string{"--noout", "--nonet", "--schema", filepath.Join(dir, "genericode.xsd")}, lists...)
	if out, err := exec.Command(xmllint, args...).CombinedOutput(); err != nil {
		t.Fatalf("code lists do not validate: %s", out)
	}
}

// Every rule of the Blue Card schema is in the import report and in the
// definition with its text: the translated ones with their checks, the
// manual ones with the reason the importer has for each.
func TestFIMRulesAllReported(t *testing.T) {
	t.Parallel()
	enforced := []string{"R99000201", "R99000202", "R99000203", "R99000204", "R99000205", "R99000206", "R99000207",
		"R99000208", "R99000209", "R99000210", "R99000211", "R99000212", "R99000213", "R99000215", "R99000216"}
	manual := map[string]string{ // id → part of the reason
		"R99000101": "not a pattern",                       // calendar validity of day, month, year
		"R99000214": "not a pattern",                       // "bis zu dreimal …, jeder … nur einmal"
		"R99000301": `has no option "009"`,                 // the list has 999
		"R99000302": "whether it is filled cannot be told", // number field
		"R99000303": "cannot be told apart",                // = "falsch" on yes/no
		"R99000304": "occurs 2 times",                      // ambiguous id
		"R99000305": "lies in the repeatable group",        // condition in another repeatable group
		"R99000306": `has no option "221"`,                 // code list missing: free text
		"R99000307": "ODER and UND mixed",                  //
		"R99000308": "unbalanced quotation marks",          //
		"R99000309": "occurs 2 times",                      //
		"R99000310": "not among the imported fields",       //
		"R99000311": "not a pattern",                       // prose
		"R99000312": "is not 'muss … befüllt sein'",        // consequence not understood
	}
	data, err := os.ReadFile(schemaBlaueKarte)
	if err != nil {
		t.Fatal(err)
	}
	def, rep := importFile(t, schemaBlaueKarte)
	if n := strings.Count(string(data), "<xdf:regel>"); n != len(rep.Rules) || n != len(def.Rules) || n != len(enforced)+len(manual) {
		t.Errorf("%d rules in the schema, %d in the report, %d in the definition, %d in this test", n, len(rep.Rules), len(def.Rules), len(enforced)+len(manual))
	}
	isEnforced := map[string]bool{}
	for _, id := range enforced {
		isEnforced[id] = true
	}
	for _, e := range rep.Rules {
		id := e.Rule.ID
		if e.Rule.Text.DE != ruleText(t, schemaBlaueKarte, id) {
			t.Errorf("%s: text %q", id, e.Rule.Text.DE)
		}
		// A permission ("kann … befüllt werden") is understood and needs no check.
		if e.Rule.Enforced != isEnforced[id] || (e.Rule.Enforced && len(e.Checks) == 0 && id != "R99000216") {
			t.Errorf("%s: enforced %v with checks %v, want enforced %v (reason %q)", id, e.Rule.Enforced, e.Checks, isEnforced[id], e.Rule.Reason)
		}
		if want, ok := manual[id]; ok && !strings.Contains(e.Rule.Reason, want) {
			t.Errorf("%s: reason %q, want it to say %q", id, e.Rule.Reason, want)
		}
	}
	s := rep.String()
	for id := range manual {
		if !strings.Contains(s, id) {
			t.Errorf("report text lacks the manual rule %s", id)
		}
	}
	if !strings.Contains(s, "MANUAL") {
		t.Errorf("report text lacks the manual marker:\n%s", s)
	}
	warned := false
	for _, w := range rep.Warnings {
		warned = warned || strings.Contains(w.Path, "F99000130")
	}
	if !warned {
		t.Errorf("no warning for the select F99000130 whose code list is missing: %+v", rep.Warnings)
	}
}

// The bewohnerparken example (FIM's published sample) keeps both its rules
// enforced.
func TestFIMRulesBewohnerparken(t *testing.T) {
	t.Parallel()
	file := "../refdata/fim/examples/bewohnerparken/S05000058V1.0_xdf2.xml"
	def, rep := importFile(t, file)
	if len(rep.Rules) != 2 || len(def.Rules) != 2 {
		t.Fatalf("rules: %+v", rep.Rules)
	}
	for _, e := range rep.Rules {
		if !e.Rule.Enforced || len(e.Checks) == 0 || e.Rule.Text.DE != ruleText(t, file, e.Rule.ID) {
			t.Errorf("%+v", e)
		}
	}
}
