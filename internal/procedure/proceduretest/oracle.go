package proceduretest

import (
	"fmt"
	"html"
	"math/big"
	"regexp"
	"strings"
	"unicode"

	"github.com/amtsweg/amtsweg/internal/procedure"
)

// Disagreement is one field a representation does not carry as entered.
type Disagreement struct {
	App   *Application
	Rep   string // "review", "receipt", "receipt.pdf", "case", "api", "fitconnect", "xdomea", "form"
	Path  string
	Label string
	Type  procedure.FieldType
	Want  string
	Got   string
}

func (d Disagreement) String() string {
	return fmt.Sprintf("%s: %s: %s (%s): want %s, got %s", d.App, d.Rep, d.Path, d.Label, d.Want, d.Got)
}

// Row is a label and value pair as a page shows it.
type Row struct{ Label, Value string }

var (
	rowRE  = regexp.MustCompile(`(?s)<dt[^>]*>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>`)
	brRE   = regexp.MustCompile(`(?i)<br\s*/?>`)
	tagRE  = regexp.MustCompile(`(?s)<[^>]*>`)
	wsRE   = regexp.MustCompile(`\s+`)
	arsRE  = regexp.MustCompile(`\b[0-9]{12}\b`)
	bodyRE = regexp.MustCompile(`(?s)<main.*</main>`)
)

// HTMLRows reads the label/value pairs (dt/dd) of a page.
func HTMLRows(page string) []Row {
	var out []Row
	for _, m := range rowRE.FindAllStringSubmatch(page, -1) {
		out = append(out, Row{Label: cellText(m[1]), Value: cellText(m[2])})
	}
	return out
}

// HTMLText is the text of a page's main part, whitespace collapsed.
func HTMLText(page string) string {
	if m := bodyRE.FindString(page); m != "" {
		page = m
	}
	return cellText(page)
}

func cellText(s string) string {
	s = brRE.ReplaceAllString(s, "\n")
	s = html.UnescapeString(tagRE.ReplaceAllString(s, " "))
	return collapse(s)
}

func collapse(s string) string { return strings.TrimSpace(wsRE.ReplaceAllString(s, " ")) }

// CheckRows compares the rows of a rendered representation (review,
// receipt page, case view) with the expected answers: every answered
// field needs a row with its label whose value shows the answer. The
// review ("review…") is checked for the answers entered only: computed
// fields (hidden FIM values among them) are the system's, shown from the
// receipt on.
func CheckRows(rep string, a *Application, rows []Row) []Disagreement {
	var out []Disagreement
	for _, l := range a.Expected {
		if l.Computed && strings.HasPrefix(rep, "review") {
			continue
		}
		cands := rowsFor(rows, l)
		if len(cands) == 0 {
			out = append(out, Disagreement{App: a, Rep: rep, Path: l.Path, Label: l.Label, Type: l.Field.Type, Want: l.display(), Got: "no row with this label"})
			continue
		}
		ok, got := false, ""
		for _, r := range cands {
			if l.matchCell(r.Value) {
				ok = true
				break
			}
			got = r.Value
		}
		if !ok {
			out = append(out, Disagreement{App: a, Rep: rep, Path: l.Path, Label: l.Label, Type: l.Field.Type, Want: l.display(), Got: quote(got)})
		}
	}
	return out
}

// rowsFor finds the rows of a leaf: by its full label, else by its own
// field label at the end of a row's label.
func rowsFor(rows []Row, l Leaf) []Row {
	var exact, suffix []Row
	own := collapse(l.Field.Label.DE)
	for _, r := range rows {
		switch {
		case r.Label == collapse(l.Label):
			exact = append(exact, r)
		case strings.HasSuffix(r.Label, own):
			suffix = append(suffix, r)
		}
	}
	if len(exact) > 0 {
		return exact
	}
	return suffix
}

func quote(s string) string {
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return fmt.Sprintf("%q", s)
}

// display is the expected value for messages.
func (l Leaf) display() string {
	alts := l.shown()
	if len(alts) == 1 {
		return quote(alts[0])
	}
	return fmt.Sprintf("one of %q", alts)
}

// shown lists the German display forms of the value that count as right.
func (l Leaf) shown() []string {
	switch v := l.Value.(type) {
	case bool:
		if l.Field.Type == procedure.Declaration {
			return []string{"bestätigt", "ja", "✓"}
		}
		if v {
			return []string{"ja"}
		}
		return []string{"nein"}
	case []string:
		var labels []string
		for _, o := range v {
			labels = append(labels, l.option(o))
		}
		return []string{strings.Join(labels, ", ")}
	case []File:
		var names []string
		for _, f := range v {
			names = append(names, f.Name)
		}
		return []string{strings.Join(names, "; ")}
	case map[string]any:
		return []string{fmt.Sprintf("%s %s, %s %s", v["street"], v["number"], v["postal_code"], v["place"])}
	case string:
		switch l.Field.Type {
		case procedure.SingleChoice:
			return []string{l.option(v)}
		case procedure.Date:
			return []string{v[8:] + "." + v[5:7] + "." + v[:4]}
		case procedure.Integer, procedure.Decimal, procedure.Money:
			return germanNumbers(v, l.Field.Type == procedure.Money)
		case procedure.Place:
			if l.PlaceName != "" {
				return []string{l.PlaceName + " (not the code " + v + ")"}
			}
		}
		return []string{v}
	}
	return []string{fmt.Sprint(l.Value)}
}

func (l Leaf) option(v string) string {
	for _, o := range l.Options {
		if o.Value == v {
			return o.Label.DE
		}
	}
	return v
}

// matchCell reports whether a row's value shows the leaf's answer.
func (l Leaf) matchCell(cell string) bool {
	cell = collapse(cell)
	switch v := l.Value.(type) {
	case bool:
		c := strings.ToLower(strings.TrimSpace(cell))
		if l.Field.Type == procedure.Declaration {
			return c != "" && c != "nein"
		}
		return c == l.shown()[0]
	case []string:
		for _, o := range v {
			if !strings.Contains(cell, collapse(l.option(o))) {
				return false
			}
		}
		return true
	case []File:
		for _, f := range v {
			if !strings.Contains(cell, collapse(f.Name)) {
				return false
			}
		}
		return true
	case map[string]any:
		for _, k := range []string{"street", "number", "postal_code", "place"} {
			if !strings.Contains(cell, collapse(v[k].(string))) {
				return false
			}
		}
		return true
	case string:
		switch l.Field.Type {
		case procedure.Integer, procedure.Decimal, procedure.Money:
			return sameNumber(cell, v)
		case procedure.IBAN:
			return strings.ReplaceAll(cell, " ", "") == v
		case procedure.Place:
			return l.placeShown(cell)
		case procedure.SingleChoice, procedure.Date:
			return cell == l.shown()[0]
		case procedure.Email: // the domain's case does not matter
			at := strings.LastIndexByte(v, '@')
			return len(cell) == len(v) && cell[:at] == v[:at] && strings.EqualFold(cell[at:], v[at:])
		}
		return cell == collapse(v)
	}
	return false
}

// placeShown: a place shows its name (with a district where needed), not
// its 12-digit code alone.
func (l Leaf) placeShown(cell string) bool {
	name := l.PlaceName
	if name == "" {
		return !arsRE.MatchString(cell) && cell != ""
	}
	return strings.Contains(cell, name) && strings.TrimSpace(arsRE.ReplaceAllString(cell, "")) != ""
}

// sameNumber reads a German number as shown ("1.234,50 €", "12 345") and
// compares it exactly with the canonical decimal.
func sameNumber(cell, want string) bool {
	s := strings.Map(func(r rune) rune {
		switch {
		case r == '.' || unicode.IsSpace(r) || r == '\u202f' || r == '\u00a0':
			return -1
		case r == ',':
			return '.'
		case r == '−':
			return '-'
		}
		return r
	}, cell)
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(s, "€"), "EUR"))
	s = strings.TrimRightFunc(s, func(r rune) bool { return !unicode.IsDigit(r) }) // a unit
	got, ok1 := new(big.Rat).SetString(s)
	exp, ok2 := new(big.Rat).SetString(want)
	return ok1 && ok2 && got.Cmp(exp) == 0
}

// germanNumbers are the German ways to show a decimal: with and without
// thousands separators, with trailing zeros for money.
func germanNumbers(v string, money bool) []string {
	whole, frac, _ := strings.Cut(v, ".")
	neg := strings.HasPrefix(whole, "-")
	whole = strings.TrimPrefix(whole, "-")
	if money {
		frac = (frac + "00")[:2]
	}
	var grouped strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			grouped.WriteByte('.')
		}
		grouped.WriteRune(c)
	}
	var out []string
	for _, w := range []string{grouped.String(), whole} {
		if neg {
			w = "-" + w
		}
		if frac != "" {
			w += "," + frac
		}
		out = append(out, w)
	}
	if out[0] == out[1] {
		out = out[:1]
	}
	return out
}
