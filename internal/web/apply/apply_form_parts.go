package apply

import (
	"sort"
	"strings"

	"github.com/amtsweg/amtsweg/internal/procedure"
)

// take returns the error at path and notes that the field with id shows it.
func (b *formBuilder) take(path, id string) string {
	msg, ok := b.errs[path]
	if ok {
		b.shown[path] = id
	}
	return msg
}

// takeFiles returns the errors of a file field and of its single files
// ("proof[1]"), joined.
func (b *formBuilder) takeFiles(path, id string) string {
	var keys []string
	for p := range b.errs {
		if p == path || strings.HasPrefix(p, path+"[") {
			keys = append(keys, p)
		}
	}
	sort.Strings(keys)
	var msgs []string
	for _, p := range keys {
		msgs = append(msgs, b.take(p, id))
	}
	return strings.Join(msgs, " ")
}

// dateParts are the day, month and year inputs of a date field at path,
// from a stored date ("2026-03-01", or as entered "1.3.2026").
func (b *formBuilder) dateParts(path string, f procedure.Field, v any) []formPart {
	s := asString(v)
	day, month, year := "", "", ""
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		day, month, year = s[8:], s[5:7], s[:4]
	} else if s != "" {
		p := append(strings.SplitN(s, ".", 3), "", "")
		day, month, year = p[0], p[1], p[2]
	}
	auto := autocompleteFor(f.ID, "bday")
	part := func(key, label, value, ac string, n int) formPart {
		id := fieldID(path)
		if key != "day" {
			id = fieldID(path + "." + key)
		}
		if auto == "" {
			ac = ""
		}
		cls := "amtsweg-date__part"
		if n == 4 {
			cls = "amtsweg-date__year"
		}
		return formPart{ID: id, Name: path + "." + key, Label: label, Value: value, InputMode: "numeric",
			Autocomplete: ac, Class: cls, MaxLength: n}
	}
	return []formPart{
		part("day", b.texts.Day, day, "bday-day", 2),
		part("month", b.texts.Month, month, "bday-month", 2),
		part("year", b.texts.Year, year, "bday-year", 4),
	}
}

// addressParts are the four inputs of an address field; each part has
// its own errors (the procedure checks them one by one).
func (b *formBuilder) addressParts(path string, v any) []formPart {
	m := stringAnyMap(v)
	parts := []struct{ key, label, mode, auto, class string }{
		{"street", b.texts.Street, "", "address-line1", "amtsweg-address__street"},
		{"number", b.texts.Number, "", "", "amtsweg-address__number"},
		{"postal_code", b.texts.PostalCode, "numeric", "postal-code", "amtsweg-address__postcode"},
		{"place", b.texts.Place, "", "address-level2", "amtsweg-address__place"},
	}
	out := make([]formPart, 0, len(parts))
	for _, p := range parts {
		id := fieldID(path + "." + p.key)
		b.labels[path+"."+p.key] = b.labels[path] + " – " + p.label
		out = append(out, formPart{ID: id, Name: path + "." + p.key, Label: p.label, Value: asString(m[p.key]),
			Error: b.take(path+"."+p.key, id), InputMode: p.mode, Autocomplete: p.auto, Class: p.class})
	}
	if len(out) > 0 {
		// An error on the whole address (e.g. required) is shown at the street.
		b.take(path, out[0].ID)
	}
	return out
}

// place draws a municipality field as a text input for the name or the
// postal code; a stored ARS shows the municipality's name (and travels
// along hidden), an ambiguous name shows the matching municipalities.
func (b *formBuilder) place(v any, ff *formField) {
	ff.Kind, ff.Value, ff.Autocomplete = "place", asString(v), "off"
	if isARS(ff.Value) {
		ff.Parts = []formPart{{Name: ff.Name + ".ars", Value: ff.Value}}
		if name := b.places(ff.Value); name != "" {
			ff.Value = name
		}
		return
	}
	if ff.Value != "" {
		ff.Options = b.choices(ff.Value)
		for i := range ff.Options {
			ff.Options[i].ID = ff.ID + "-wahl-" + ff.Options[i].Value
		}
	}
}

func isARS(s string) bool { return len(s) == 12 && strings.Trim(s, "0123456789") == "" }
