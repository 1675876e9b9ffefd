// Package i18n holds the portal's message catalogs (German first, English
// second) and picks a request's language. Every text a user sees comes from
// a catalog: embedded JSON files with flat keys ("home.title"), one per
// language, which must list the same keys (a test checks it).
//
// Placeholders are written {name} and filled from name/value pairs:
//
//	c.T(i18n.German, "layout.title", "page", "Start", "tenant", "Freistaat Sachsen")
//
// A message that shows a number may have CLDR plural forms, chosen by the
// argument named count (plural.go).
//
// A key missing from a catalog renders as "[[missing: key]]" so a test can
// spot it on any page.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"
)

// Lang is a supported language, as a BCP 47 primary tag ("de", "en").
type Lang string

// The supported languages; German is the default.
const (
	German  Lang = "de"
	English Lang = "en"
)

// Default is the language used when the request states no usable preference.
const Default = German

// MissingMarker starts the text rendered for a key no catalog holds.
const MissingMarker = "[[missing:"

// Langs lists the supported languages, the default first.
func Langs() []Lang { return []Lang{German, English} }

// Parse returns the supported language named by s ("de", "EN", "de-AT").
func Parse(s string) (Lang, bool) {
	primary, _, _ := strings.Cut(strings.TrimSpace(strings.ToLower(s)), "-")
	l := Lang(primary)
	return l, slices.Contains(Langs(), l)
}

//go:embed messages/*.json
var files embed.FS

// Catalog holds the messages of all supported languages.
type Catalog struct {
	msgs    map[Lang]map[string]string
	plurals map[Lang]map[string]map[string]string // key → CLDR category → text
}

// Load reads the embedded catalogs: for each language the base file
// messages/<lang>.json plus every area file messages/<area>.<lang>.json
// (one per capability, so pages of different areas never edit the same
// file). A key defined twice is an error.
func Load() (*Catalog, error) {
	c := &Catalog{msgs: map[Lang]map[string]string{}, plurals: map[Lang]map[string]map[string]string{}}
	for _, l := range Langs() {
		names, _ := fs.Glob(files, "messages/*."+string(l)+".json")
		names = append([]string{"messages/" + string(l) + ".json"}, names...)
		c.msgs[l], c.plurals[l] = map[string]string{}, map[string]map[string]string{}
		for _, name := range names {
			if err := c.merge(l, name); err != nil {
				return nil, err
			}
		}
	}
	return c, nil
}

// merge adds the messages of file name to language l: a string, or an
// object of plural forms whose "other" form is also its plain text.
func (c *Catalog) merge(l Lang, name string) error {
	b, err := files.ReadFile(name)
	if err != nil {
		return fmt.Errorf("i18n: %s: %w", name, err)
	}
	m := map[string]json.RawMessage{}
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("i18n: %s: %w", name, err)
	}
	for k, raw := range m {
		if _, dup := c.msgs[l][k]; dup {
			return fmt.Errorf("i18n: %s: key %q is defined twice", name, k)
		}
		var text string
		if err := json.Unmarshal(raw, &text); err == nil {
			c.msgs[l][k] = text
			continue
		}
		forms := map[string]string{}
		if err := json.Unmarshal(raw, &forms); err != nil || forms["other"] == "" {
			return fmt.Errorf("i18n: %s: %q is neither a text nor plural forms with \"other\"", name, k)
		}
		c.msgs[l][k], c.plurals[l][k] = forms["other"], forms
	}
	return nil
}

// T returns the message key in language l with its {placeholders} filled
// from args, given as name, value pairs; of a plural message the form for
// the argument count.
func (c *Catalog) T(l Lang, key string, args ...any) string {
	msg, ok := c.msgs[l][key]
	if !ok {
		return MissingMarker + " " + key + "]]"
	}
	if forms := c.plurals[l][key]; forms != nil {
		if n, ok := countArg(args); ok && forms[form(l, n)] != "" {
			msg = forms[form(l, n)]
		}
	}
	if len(args) == 0 {
		return msg
	}
	pairs := make([]string, 0, len(args))
	for i := 0; i+1 < len(args); i += 2 {
		pairs = append(pairs, "{"+fmt.Sprint(args[i])+"}", fmt.Sprint(args[i+1]))
	}
	return strings.NewReplacer(pairs...).Replace(msg)
}

// Keys returns the sorted keys of language l's catalog.
func (c *Catalog) Keys(l Lang) []string {
	keys := make([]string, 0, len(c.msgs[l]))
	for k := range c.msgs[l] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
