package catalog

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The parts of the structured modules (modulKosten, modulFrist,
// modulBearbeitungsdauer) and their items the importer knows. Anything
// else inside them is a warning with its path: nothing is dropped
// silently.
var (
	moduleKnown = map[string]bool{"beschreibung": true, "positionDarstellung": true, "gueltigkeit": true,
		"kosten": true, "frist": true, "bearbeitungsdauer": true}
	itemKnown = map[string]bool{"beschreibung": true, "positionDarstellung": true, "typ": true, "gueltigkeit": true,
		"betrag": true, "kostenFix": true, "kostenVon": true, "kostenBis": true, "betragFix": true,
		"betragVon": true, "betragBis": true, "waehrung": true, "fristauswahl": true, "fristDauer": true,
		"fristStichtag": true, "dauer": true, "dauerBis": true, "einheit": true, "einheitBis": true,
		"von": true, "bis": true, "datum": true, "stichtag": true, "zeitraum": true, "code": true, "name": true}
)

// checkModule warns about children of a structured module other than its
// description and items.
func (p *xzufiParser) checkModule(m *xNode, item string) {
	for _, k := range m.Kids {
		if !moduleKnown[k.Name] || (isItemName(k.Name) && k.Name != item) {
			p.warn(k.Line, "leistung/"+m.Name+"/"+k.Name, "unknown element, not imported")
		}
	}
}

// isItemName tells the item elements of the structured modules apart.
func isItemName(name string) bool {
	return name == "kosten" || name == "frist" || name == "bearbeitungsdauer"
}

// checkItem warns about elements inside an item (at any depth) that are
// none of the known values; path is the item's path.
func (p *xzufiParser) checkItem(it *xNode, path string) {
	for _, k := range it.Kids {
		if !itemKnown[k.Name] {
			p.warn(k.Line, path+"/"+k.Name, "unknown element, not imported")
			continue
		}
		if k.Name != "beschreibung" && k.Name != "typ" && k.Name != "waehrung" && k.Name != "einheit" && k.Name != "einheitBis" {
			p.checkItem(k, path+"/"+k.Name)
		}
	}
}

// byPosition orders items by their positionDarstellung (items without one
// keep their order after those with one).
func byPosition(items []*xNode) []*xNode {
	pos := func(n *xNode) int {
		v, err := strconv.Atoi(n.value("positionDarstellung"))
		if err != nil {
			return 1 << 30
		}
		return v
	}
	out := append([]*xNode(nil), items...)
	sort.SliceStable(out, func(i, j int) bool { return pos(out[i]) < pos(out[j]) })
	return out
}

// typName is the name of an item's typ (Kostenart, Fristart) in lang when
// the message names it (typ/name, or a name with that languageCode); a
// bare code stays unshown, since its code list is not shipped.
func typName(it *xNode, lang string) string {
	t := it.kid("typ")
	if t == nil {
		return ""
	}
	var fallback string
	for _, n := range t.kids("name") {
		s := cleanSpace(n.Text)
		switch l := n.attr("languageCode"); {
		case l != "" && normLang(l) == lang:
			return s
		case l == "" && lang == "de":
			fallback = s
		}
	}
	return fallback
}

// leaf returns the first descendant (depth first) called one of names, in
// the order of names, that holds a value rather than elements; nil
// without one.
func (n *xNode) leaf(names ...string) *xNode {
	for _, name := range names {
		if f := n.findLeaf(name); f != nil {
			return f
		}
	}
	return nil
}

// findLeaf returns the first descendant called name without children and
// with text.
func (n *xNode) findLeaf(name string) *xNode {
	for _, k := range n.Kids {
		if k.Name == name && len(k.Kids) == 0 && strings.TrimSpace(k.Text) != "" {
			return k
		}
		if f := k.findLeaf(name); f != nil {
			return f
		}
	}
	return nil
}

// deadlineDates formats a fristStichtag: its dates (xs:date "2026-05-31"
// or a yearly xs:gMonthDay "--05-31") in lang, a range joined by "–"; the
// German text reads "bis 31.05.2026", the English "by 31 May 2026".
func deadlineDates(st *xNode, lang string) string {
	var dates []string
	var walk func(*xNode)
	walk = func(n *xNode) {
		if len(n.Kids) == 0 {
			if d := formatDate(strings.TrimSpace(n.Text), lang); d != "" {
				dates = append(dates, d)
			}
		}
		for _, k := range n.Kids {
			walk(k)
		}
	}
	walk(st)
	switch {
	case len(dates) == 0:
		return ""
	case len(dates) > 1:
		return strings.Join(dates[:2], "–")
	case lang == "de":
		return "bis " + dates[0]
	}
	return "by " + dates[0]
}

// formatDate formats an xs:date or xs:gMonthDay in lang; "" for anything
// else.
func formatDate(s, lang string) string {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		if lang == "de" {
			return t.Format("02.01.2006")
		}
		return t.Format("2 January 2006")
	}
	if t, err := time.Parse("--01-02", s); err == nil {
		if lang == "de" {
			return t.Format("02.01.")
		}
		return fmt.Sprintf("%d %s", t.Day(), t.Month())
	}
	return ""
}
