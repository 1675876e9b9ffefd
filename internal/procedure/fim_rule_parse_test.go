package procedure

import (
	"strconv"
	"strings"
	"testing"
)

// The parser understands the patterns of real rules and refuses what it
// cannot read exactly.
func TestParseRule(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		text string
		want string // kinds and atoms, or "error: <part of the message>"
	}{
		{`Wenn im Datenfeld F00000463 der Wert 009 angegeben wurde, dann soll F00000601 zum Pflichtfeld werden.`, "require F00000601 if F00000463=009"},
		{`Wenn im Datenfeld F60000242 nicht der Wert "" angegeben wurde, dann soll F00002408 zum Pflichtfeld werden.`, "require F00002408 if F60000242 filled"},
		{`Wenn bei F05001047 "02 Das Fahrzeug ist auf einen anderen Halter zugelassen." angegeben wird, dann wird G05000499 zur Pflichtangabe.`, "require G05000499 if F05001047=02"},
		{`Wenn das Feld F60000352 "V" = 003 "Ja (x)." ODER = 005 "Ja.", dann muss die Datenfeldgruppe G60000223 "G" befüllt sein. Wenn das Feld F60000352 "V" <> 003 "Ja." UND <> 005 "Ja.", dann darf die Datenfeldgruppe G60000223 "G" nicht befüllt sein.`,
			"require G60000223 if F60000352=003 or F60000352=005; hide G60000223 if F60000352<>003 and F60000352<>005"},
		{`Wenn (aktuelles Datum - F00000539 "Beginn") > 7 Tage oder = 7 Tage darf das Feld F00002543 "Frist" nicht befüllt sein.`, "hide F00002543 if F00000539 date>=7"},
		{`Wenn F60000231 "Tag (ohne Monat und Jahr)" nicht leer, dann darf F60000232 "Monat" nicht leer sein.`, "require F60000232 if F60000231 filled"},
		{`Es muss mindestens eines der Felder F00000069 "Telefon", F00000072 "Telefax" oder F00000071 "E-Mail" befüllt sein.`, "atleast F00000069 F00000072 F00000071"},
		{`Es muss entweder die die Feldgruppe G00000237 "A" oder die Feldgruppe G00000046 "B" befüllt werden.`, "exactly G00000237 G00000046"},
		{`Wenn das Feld F1 = wahr, dann muss F2 befüllt sein.`, "error: not understood"},
		{`Wenn das Feld F00000001 "A" = wahr ODER das Feld F00000002 "B" = wahr UND das Feld F00000003 "C" leer ist, dann muss F00000004 befüllt sein.`, "error: ODER and UND mixed"},
		{`Es muss entweder das Feld F00002929 "A" oder (das Feld F00002936 "B) befüllt sein.`, "error: unbalanced"},
		{`Bei Listenhunden ist ein Wesenstest beizufügen.`, "error: not a pattern"},
		{`Wenn das Feld F00000001 "A" = "ja bitte", dann muss F00000004 befüllt sein.`, "error: neither a code"},
	} {
		stmts, err := parseRule(c.text)
		got := describeStmts(stmts)
		if err != nil {
			got = "error: " + err.Error()
		}
		if strings.HasPrefix(c.want, "error: ") && strings.HasPrefix(got, "error: ") {
			if !strings.Contains(got, strings.TrimPrefix(c.want, "error: ")) {
				t.Errorf("%s\n got %s\nwant %s", c.text, got, c.want)
			}
			continue
		}
		if got != c.want {
			t.Errorf("%s\n got %s\nwant %s", c.text, got, c.want)
		}
	}
}

func describeStmts(stmts []ruleStmt) string {
	var parts []string
	for _, s := range stmts {
		kind := [...]string{"require", "hide", "allow", "atleast", "exactly"}[s.kind]
		d := kind + " " + strings.Join(s.elems, " ")
		if s.kind <= stmtAllow {
			var atoms []string
			for _, a := range s.cond.atoms {
				switch a.kind {
				case atomEq:
					atoms = append(atoms, a.ref+"="+a.value)
				case atomNe:
					atoms = append(atoms, a.ref+"<>"+a.value)
				case atomFilled:
					atoms = append(atoms, a.ref+" filled")
				case atomEmpty:
					atoms = append(atoms, a.ref+" empty")
				case atomDate:
					atoms = append(atoms, a.ref+" date"+a.cmp+strconv.Itoa(a.n))
				}
			}
			sep := " and "
			if s.cond.or {
				sep = " or "
			}
			d += " if " + strings.Join(atoms, sep)
		}
		parts = append(parts, d)
	}
	return strings.Join(parts, "; ")
}
