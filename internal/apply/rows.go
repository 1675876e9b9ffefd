package apply

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/procedure"
)

// PageRows are the answered fields of one form page, for display.
type PageRows struct {
	PageID string
	Title  string
	Rows   []Row
}

// Row is one answered field as label and display value.
type Row struct {
	Path  string // e.g. "children[1].name"
	Label string // with group labels, e.g. "Kind 2 › Name"
	Value string
	Type  procedure.FieldType
}

// Rows walks def and yields the answered fields of answers as label/value
// rows per page in lang ("de" or "en"): choices as their option labels,
// yes/no in words, dates and numbers in the language's format (numbers
// digit for digit, never through binary floating point), places by name,
// addresses on one line, files as names with sizes, group fields prefixed
// with their group's label (and the entry number in a repeatable group).
// A value kept as entered (Answers.Entered) is shown as typed. Pages
// without answers are left out.
func Rows(def procedure.Definition, answers Answers, lang string) []PageRows {
	var out []PageRows
	for _, pg := range def.Pages {
		w := rowWalker{def: def, lang: lang, ans: answers}
		w.fields(pg.Fields, answers.Values, "", "")
		if len(w.rows) > 0 {
			out = append(out, PageRows{PageID: pg.ID, Title: pg.Title.In(lang), Rows: w.rows})
		}
	}
	return out
}

type rowWalker struct {
	def  procedure.Definition
	lang string
	ans  Answers
	rows []Row
}

func (w *rowWalker) fields(fields []procedure.Field, m map[string]any, path, label string) {
	for _, f := range fields {
		v, ok := m[f.ID]
		if !ok || v == nil || f.Type == procedure.Label {
			continue
		}
		p, l := path+f.ID, label+f.Label.In(w.lang)
		switch {
		case f.Type == procedure.Group && f.Repeat == nil:
			sub, _ := v.(map[string]any)
			w.fields(f.Fields, sub, p+".", l+" › ")
		case f.Type == procedure.Group:
			list, _ := v.([]any)
			for i, e := range list {
				sub, _ := e.(map[string]any)
				w.fields(f.Fields, sub, fmt.Sprintf("%s[%d].", p, i), fmt.Sprintf("%s %d › ", l, i+1))
			}
		case w.ans.Entered[p]:
			if s := asEntered(v); s != "" {
				w.rows = append(w.rows, Row{Path: p, Label: l, Value: s, Type: f.Type})
			}
		default:
			if s := w.value(f, v); s != "" {
				w.rows = append(w.rows, Row{Path: p, Label: l, Value: s, Type: f.Type})
			}
		}
	}
}

// value formats one normalized value for display; a value not of its
// field's normalized type is shown as it is, never reinterpreted.
func (w *rowWalker) value(f procedure.Field, v any) string {
	switch f.Type {
	case procedure.YesNo:
		if b, ok := v.(bool); ok {
			return w.yesNo(b)
		}
		return asEntered(v)
	case procedure.Declaration:
		if b, ok := v.(bool); !ok || !b {
			return asEntered(v)
		}
		return pick(w.lang, "bestätigt", "confirmed")
	case procedure.Place:
		if name := w.ans.Places[fmt.Sprint(v)]; name != "" {
			return name
		}
		return asEntered(v)
	case procedure.SingleChoice:
		return w.option(f, fmt.Sprint(v))
	case procedure.MultipleChoice:
		list, _ := v.([]any)
		var parts []string
		for _, e := range list {
			parts = append(parts, w.option(f, fmt.Sprint(e)))
		}
		return strings.Join(parts, ", ")
	case procedure.Date:
		return w.date(fmt.Sprint(v))
	case procedure.Money:
		return w.number(fmt.Sprint(v)) + " €"
	case procedure.Integer, procedure.Decimal:
		return w.number(fmt.Sprint(v))
	case procedure.Address:
		return address(v)
	case procedure.FileUpload:
		return w.files(v)
	}
	return asEntered(v)
}

// asEntered shows a value as it was entered: text as is, a list or an
// address with its parts joined.
func asEntered(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []any:
		parts := make([]string, 0, len(x))
		for _, e := range x {
			parts = append(parts, asEntered(e))
		}
		return strings.Join(parts, ", ")
	case map[string]any:
		return address(x)
	}
	return fmt.Sprint(v)
}

func (w *rowWalker) yesNo(b bool) string {
	if b {
		return pick(w.lang, "ja", "yes")
	}
	return pick(w.lang, "nein", "no")
}

func (w *rowWalker) option(f procedure.Field, value string) string {
	opts := f.Options
	if f.CodeList != "" {
		opts = w.def.CodeLists[f.CodeList].Options
	}
	for _, o := range opts {
		if o.Value == value {
			return o.Label.In(w.lang)
		}
	}
	return value
}

// date shows "2026-03-01" as 01.03.2026 in German, unchanged in English.
func (w *rowWalker) date(s string) string {
	if w.lang == "en" || len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return s
	}
	return s[8:] + "." + s[5:7] + "." + s[:4]
}

// number shows a normalized decimal string ("-1234.50") digit for digit;
// German uses a decimal comma. Anything else is shown as it is.
func (w *rowWalker) number(s string) string {
	if !procedure.IsDecimal(s) || w.lang == "en" {
		return s
	}
	return strings.Replace(s, ".", ",", 1)
}

func address(v any) string {
	m, _ := v.(map[string]any)
	str := func(k string) string { s, _ := m[k].(string); return s }
	line1 := strings.TrimSpace(str("street") + " " + str("number"))
	line2 := strings.TrimSpace(str("postal_code") + " " + str("place"))
	return strings.Trim(line1+", "+line2, ", ")
}

func (w *rowWalker) files(v any) string {
	list, _ := v.([]any)
	var parts []string
	for _, e := range list {
		m, _ := e.(map[string]any)
		size, _ := strconv.ParseFloat(fmt.Sprint(m["size"]), 64)
		parts = append(parts, fmt.Sprintf("%v (%s)", m["name"], w.size(int64(size))))
	}
	return strings.Join(parts, "; ")
}

// size shows a byte count in kB or MB (1000-based, as on the receipt).
func (w *rowWalker) size(n int64) string {
	switch {
	case n >= 1_000_000:
		return w.number(strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64)) + " MB"
	case n >= 1000:
		return w.number(strconv.FormatFloat(float64(n)/1e3, 'f', 0, 64)) + " kB"
	}
	return fmt.Sprintf("%d B", n)
}

func pick(lang, de, en string) string {
	if lang == "en" {
		return en
	}
	return de
}
