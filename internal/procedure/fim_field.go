package procedure

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// fimDataTypes maps FIM data types (Datentyp) to field types.
var fimDataTypes = map[string]FieldType{
	"text": ShortText, "text_latin": ShortText, "date": Date, "bool": YesNo, "num": Decimal,
	"num_int": Integer, "num_currency": Money, "file": FileUpload, "obj": FileUpload,
	"datetime": ShortText, "time": ShortText,
}

// field maps a Datenfeld.
func (im *fimImport) field(el *xnode, lo, hi int, path string, names *ids, depth int) (Field, bool) {
	fid := el.child("identifikation").str("id")
	path += "/datenfeld " + fid
	label := firstNonEmpty(el.str("bezeichnungEingabe"), el.str("name"), fid, "Datenfeld")
	f := Field{Label: Text{DE: label}, Hint: Text{DE: el.str("hilfetextEingabe")},
		Help: Text{DE: el.str("beschreibung")}, Source: "FIM " + fid}
	f.Notes = im.rules(el, path)
	kind, dtype, inhalt := el.code("feldart"), el.code("datentyp"), el.str("inhalt")
	switch kind {
	case "label":
		f.Type, f.Help = Label, Text{DE: firstNonEmpty(inhalt, f.Help.DE)}
		f.ID = names.take(label)
		im.mapped(path, "label "+f.ID, "")
		return f, true
	case "hidden", "locked":
		return im.fixedField(f, kind, dtype, inhalt, path, names)
	case "select":
		im.choice(el, &f, dtype, path)
	default:
		if kind != "input" {
			im.unmapped(path+"/feldart", fmt.Sprintf("field type %q unknown; treated as input", kind))
		}
		f.Type = im.dataType(dtype, path, &f)
	}
	if inhalt != "" {
		im.unmapped(path+"/inhalt", "default value not supported, not prefilled: "+inhalt)
	}
	im.precision(el, &f, path)
	im.fileLimits(el, &f, path)
	f.ID = names.take(label)
	if hi != 1 && f.Type != FileUpload && depth >= maxGroupDepth {
		im.unmapped(path+"/anzahl", fmt.Sprintf("cardinality %d:%d would make a group nested deeper than %d levels; one value only", lo, hi, maxGroupDepth))
		hi = 1
	}
	return im.fieldCardinality(f, lo, hi, path), true
}

// dataType maps a Datentyp; datetime and time get a pattern, unknown types
// become short text.
func (im *fimImport) dataType(dtype, path string, f *Field) FieldType {
	t, ok := fimDataTypes[dtype]
	switch {
	case !ok:
		im.unmapped(path+"/datentyp", fmt.Sprintf("data type %q unknown; mapped to short text", dtype))
		return ShortText
	case dtype == "datetime":
		f.Pattern = `\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?`
		im.mapped(path+"/datentyp", "short_text with pattern", "datetime has no field type of its own")
	case dtype == "time":
		f.Pattern = `([01]\d|2[0-3]):[0-5]\d`
		im.mapped(path+"/datentyp", "short_text with pattern", "time has no field type of its own")
	case dtype == "obj":
		im.mapped(path+"/datentyp", "file", "binary object (obj) is uploaded as a file")
	}
	return t
}

// choice maps a select field: yes/no for bool, else a single choice over
// inline values (3.0) or a resolved code list.
func (im *fimImport) choice(el *xnode, f *Field, dtype, path string) {
	if dtype == "bool" {
		f.Type = YesNo
		im.markOptions(el, path, "bool select is a yes/no field; its values are not needed")
		return
	}
	f.Type = SingleChoice
	if w := el.child("werte"); len(w.kids) > 0 {
		for _, v := range w.all("wert") {
			code, name := v.str("code"), v.str("name")
			v.child("hilfe")
			if code != "" && !hasOption(f.Options, code) {
				f.Options = append(f.Options, Option{Value: code, Label: Text{DE: firstNonEmpty(name, code)}})
			}
		}
	}
	if len(f.Options) == 0 {
		f.CodeList = im.codeList(el, path)
	}
	if len(f.Options) == 0 && f.CodeList == "" {
		f.Type = im.dataType(dtype, path, f)
		if m := im.missing; m != nil {
			m.CodeKey, m.NameKey = el.peekText("codeKey"), el.peekText("nameKey")
			f.MissingCodeList, im.missing = m, nil
			im.report.Warnings = append(im.report.Warnings, ReportEntry{Path: path, Target: string(f.Type),
				Reason: fmt.Sprintf("select offered as free text: code list %s %s is missing; import it later with 'amtsweg procedure import-codelist %s --codelists DIR'",
					firstNonEmpty(m.URN, m.ID), m.Version, im.def.ID)})
		}
		im.unmapped(path, "select without options that resolve; mapped to a "+string(f.Type)+" field")
	}
}

// markOptions marks option elements read and reports them.
func (im *fimImport) markOptions(el *xnode, path, reason string) {
	for _, name := range []string{"werte", "codelisteReferenz"} {
		if n := el.peek(name); n != nil {
			n.markAll()
			im.unmapped(path+"/"+name, reason)
		}
	}
}

// codeList resolves the code list of a field into def.CodeLists and
// returns its id, or "" (reported) when it cannot be resolved.
func (im *fimImport) codeList(el *xnode, path string) string {
	ref := el.peek("codelisteReferenz")
	if ref == nil {
		return ""
	}
	ref.markAll()
	gi := ref
	if g := ref.peek("genericodeIdentification"); g != nil {
		gi = g
	}
	r := CodeListRef{ID: ref.child("identifikation").str("id"), URN: gi.str("canonicalIdentification"),
		Version: gi.str("version"), VersionURN: gi.str("canonicalVersionUri")}
	key := r.URN + "|" + r.Version + "|" + r.ID
	if id, ok := im.lists[key]; ok {
		return id
	}
	where := path + "/codelisteReferenz " + firstNonEmpty(r.ID, r.URN)
	if im.codes == nil {
		im.unmapped(where, "no code list resolver given")
		im.missing = &MissingCodeList{CodeListRef: r}
		return ""
	}
	data, err := im.codes.CodeList(r)
	if err != nil {
		im.unmapped(where, "code list not resolved: "+err.Error())
		im.missing = &MissingCodeList{CodeListRef: r}
		return ""
	}
	gc, err := parseGenericode(data)
	if err != nil {
		im.unmapped(where, "code list is not genericode: "+err.Error())
		return ""
	}
	opts := gc.options(el.str("codeKey"), el.str("nameKey"))
	if len(opts) == 0 {
		im.unmapped(where, "code list has no rows")
		return ""
	}
	if im.def.CodeLists == nil {
		im.def.CodeLists = map[string]CodeList{}
	}
	id := slugField(firstNonEmpty(r.ID, r.URN))
	for i := 2; im.def.CodeLists[id].Options != nil; i++ {
		id = fmt.Sprintf("%s_%d", slugField(firstNonEmpty(r.ID, r.URN)), i)
	}
	im.def.CodeLists[id] = CodeList{URN: firstNonEmpty(gc.URN, r.URN), Version: firstNonEmpty(gc.Version, r.Version), Options: opts}
	im.lists[key] = id
	im.mapped(where, "code list "+id, fmt.Sprintf("%d options", len(opts)))
	return id
}

// fixedField maps a hidden or locked field with fixed content to a
// computed constant (shown read-only, kept in the answers).
func (im *fimImport) fixedField(f Field, kind, dtype, inhalt, path string, names *ids) (Field, bool) {
	f.Type = fimDataTypes[dtype]
	switch {
	case inhalt == "":
		im.unmapped(path, kind+" field without content (inhalt); nothing to keep")
		return Field{}, false
	case f.Type == ShortText || (f.Type == Date && isISODate(inhalt)):
		f.Compute = celString(inhalt)
	case f.Type == Integer && isInt(inhalt):
		f.Compute = inhalt
	case f.Type == YesNo && (inhalt == "true" || inhalt == "false"):
		f.Compute = inhalt
	default:
		im.unmapped(path, fmt.Sprintf("%s field of type %q with content %q cannot be a constant; left out", kind, dtype, inhalt))
		return Field{}, false
	}
	f.ID = names.take(f.Label.DE)
	im.mapped(path, "computed field "+f.ID, kind+" field with fixed content becomes a computed constant")
	return f, true
}

// fieldCardinality applies the cardinality: required for min >= 1; a
// field that may occur more than once becomes a repeatable group of one
// field (uploads get max_files instead).
func (im *fimImport) fieldCardinality(f Field, lo, hi int, path string) Field {
	if f.Type == FileUpload {
		f.Required = lo >= 1
		if f.MaxFiles = hi; hi < 0 || hi > maxRepeat {
			f.MaxFiles = unboundedRepeat
		}
		im.mapped(path, "file "+f.ID, fmt.Sprintf("cardinality %d:%d", lo, hi))
		return f
	}
	if hi == 1 {
		f.Required = lo >= 1
		im.mapped(path, string(f.Type)+" "+f.ID, fmt.Sprintf("cardinality %d:%d", lo, hi))
		return f
	}
	inner := f
	inner.Required, inner.Notes, inner.Source = true, nil, ""
	g := Field{ID: f.ID, Type: Group, Label: f.Label, Hint: f.Hint, Source: f.Source, Notes: f.Notes,
		Repeat: &Repeat{Min: lo, Max: im.upper(hi, path)}, Fields: []Field{inner}}
	im.mapped(path, "repeatable group "+f.ID, fmt.Sprintf("field with cardinality %d:%d becomes a group of one field", lo, hi))
	return g
}

func isISODate(s string) bool { _, err := parseISODate(s); return err == nil }

func isInt(s string) bool { _, err := strconv.ParseInt(s, 10, 64); return err == nil }

// celString quotes s as a CEL string literal.
func celString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range strings.ToValidUTF8(s, "") {
		switch {
		case c == '\\' || c == '"':
			b.WriteByte('\\')
			b.WriteRune(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c < 0x20 || c == 0x7f:
		default:
			b.WriteRune(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// rangeForm is the free-text Praezisierung of older XDatenfelder 2.0
// schemas: "1..12", "..255", "0,5..99,5", "1..*" (a length range for
// text, a value range for numbers).
var rangeForm = regexp.MustCompile(`^(-?[0-9]+(?:[.,][0-9]+)?)?\s*\.\.\s*(-?[0-9]+(?:[.,][0-9]+)?|\*)?$`)

// rangeText reads a rangeForm; an open end is "".
func rangeText(t string) (lo, hi string, ok bool) {
	m := rangeForm.FindStringSubmatch(t)
	if m == nil || (m[1] == "" && (m[2] == "" || m[2] == "*")) {
		return "", "", false
	}
	if m[2] == "*" {
		m[2] = ""
	}
	return m[1], m[2], true
}

// precisionJSON matches a 2.0 Praezisierung, whose values are strings or
// numbers.
type precisionJSON map[string]json.RawMessage

// precision applies Praezisierung: lengths and pattern for text, ranges for
// numbers and dates; whatever does not fit is reported.
func (im *fimImport) precision(el *xnode, f *Field, path string) {
	p := el.peek("praezisierung")
	if p == nil {
		return
	}
	p.used = true
	path += "/praezisierung"
	vals := map[string]string{}
	for k, v := range p.attrs {
		vals[k] = v
	}
	if t := strings.TrimSpace(p.text); t != "" {
		var raw precisionJSON
		if lo, hi, ok := rangeText(t); ok {
			lowKey, highKey := "minValue", "maxValue"
			if f.Type.hasLength() {
				lowKey, highKey = "minLength", "maxLength"
			}
			raw = precisionJSON{}
			if lo != "" {
				vals[lowKey] = lo
			}
			if hi != "" {
				vals[highKey] = hi
			}
		} else if err := json.Unmarshal([]byte(t), &raw); err != nil {
			im.unmapped(path, "not JSON, ignored: "+t)
		}
		for k, v := range raw {
			var s string
			if json.Unmarshal(v, &s) != nil {
				s = string(v)
			}
			vals[k] = strings.TrimSpace(s)
		}
	}
	for _, k := range sortedKeys(vals) {
		if reason := applyPrecision(f, k, vals[k]); reason != "" {
			im.unmapped(path+"/"+k, reason)
		} else {
			im.mapped(path+"/"+k, f.ID+" "+k+" "+vals[k], "")
		}
	}
	if f.MaxLength > 0 && f.MinLength > f.MaxLength {
		f.MinLength, f.MaxLength = 0, 0
		im.unmapped(path, "minLength > maxLength; both ignored")
	}
	if boundsCrossed(f.Min, f.Max) {
		f.Min, f.Max = nil, nil
		im.unmapped(path, "minValue > maxValue; both ignored")
	}
}

// applyPrecision applies one Praezisierung value; it returns why it could
// not, or "".
func applyPrecision(f *Field, key, v string) string {
	switch {
	case (key == "minLength" || key == "maxLength") && f.Type.hasLength():
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 1_000_000 {
			return fmt.Sprintf("%s %q is not a length", key, v)
		}
		if key == "minLength" {
			f.MinLength = n
		} else if n > 0 {
			f.MaxLength = n
		}
	case key == "pattern" && f.Type.hasLength():
		if _, err := regexp.Compile(anchored(v)); err != nil || len(v) > 1000 {
			return fmt.Sprintf("pattern %q is not supported by the Go regexp engine", v)
		}
		f.Pattern = v
	case (key == "minValue" || key == "maxValue") && f.Type.isNumber():
		digits, ok := number(v)
		if ok {
			digits, ok = canonicalDecimal(digits)
		}
		if !ok {
			return fmt.Sprintf("%s %q is not a number", key, v)
		}
		x := json.Number(digits)
		if key == "minValue" {
			f.Min = &x
		} else {
			f.Max = &x
		}
	case (key == "minValue" || key == "maxValue") && f.Type == Date && isISODate(v):
		if key == "minValue" {
			f.MinDate = v
		} else {
			f.MaxDate = v
		}
	default:
		return fmt.Sprintf("%s %q does not apply to a %s field", key, v, f.Type)
	}
	return ""
}

// fileLimits applies the 3.0 upload limits maxSize and mediaType.
func (im *fimImport) fileLimits(el *xnode, f *Field, path string) {
	for _, m := range el.all("mediaType") {
		if t := clean(m.text); f.Type == FileUpload && strings.Count(t, "/") == 1 {
			f.MediaTypes = append(f.MediaTypes, t)
		} else {
			im.unmapped(path+"/mediaType", fmt.Sprintf("media type %q does not apply to a %s field", t, f.Type))
		}
	}
	if m := el.peek("maxSize"); m != nil {
		m.used = true
		n, err := strconv.ParseInt(clean(m.text), 10, 64)
		if f.Type != FileUpload || err != nil || n <= 0 {
			im.unmapped(path+"/maxSize", fmt.Sprintf("maxSize %q does not apply", clean(m.text)))
			return
		}
		f.MaxSize = n
	}
}
