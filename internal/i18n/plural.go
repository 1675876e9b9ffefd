package i18n

import (
	"fmt"
	"strconv"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// Plural messages (Pluralformen). A catalog value may be an object of CLDR
// plural categories instead of a string:
//
//	"apply.file.count": {"one": "eine Datei", "other": "{count} Dateien"}
//
// T picks the form for the argument named count by the language's CLDR
// cardinal rules (golang.org/x/text/feature/plural, the Unicode CLDR data
// maintained by the Go team, rather than rules of our own), so no text
// needs "Datei(en)" and none says "1 Einträge". Every plural message must
// have exactly the forms its language needs (Forms); a test checks it.

// formNames are the CLDR plural categories as written in the catalogs.
var formNames = map[plural.Form]string{
	plural.Other: "other", plural.Zero: "zero", plural.One: "one",
	plural.Two: "two", plural.Few: "few", plural.Many: "many",
}

// Forms returns the CLDR plural categories language l distinguishes for
// whole numbers ("one", "other" for German and English), from the CLDR
// rules themselves.
func Forms(l Lang) []string {
	tag := language.Make(string(l))
	seen := map[plural.Form]bool{plural.Other: true}
	for n := range 1000 {
		seen[plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)] = true
	}
	var out []string
	for _, f := range []plural.Form{plural.Zero, plural.One, plural.Two, plural.Few, plural.Many, plural.Other} {
		if seen[f] {
			out = append(out, formNames[f])
		}
	}
	return out
}

// form is the CLDR category of count in language l; count is a whole
// number (int, int64, …) or its decimal string, anything else is "other".
func form(l Lang, count any) string {
	n, err := strconv.ParseInt(fmt.Sprint(count), 10, 64)
	if err != nil {
		return "other"
	}
	if n < 0 {
		n = -n
	}
	if n > 1_000_000 {
		n = 1_000_000 + n%1_000_000 // the rules look at the last digits only
	}
	return formNames[plural.Cardinal.MatchPlural(language.Make(string(l)), int(n), 0, 0, 0, 0)]
}

// PluralForms returns the forms of the plural message key in language l
// (category → text), or nil when key is not a plural message.
func (c *Catalog) PluralForms(l Lang, key string) map[string]string {
	return c.plurals[l][key]
}

// countArg returns the value of the argument named count in args.
func countArg(args []any) (any, bool) {
	for i := 0; i+1 < len(args); i += 2 {
		if fmt.Sprint(args[i]) == "count" {
			return args[i+1], true
		}
	}
	return nil, false
}
