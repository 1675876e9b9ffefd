package procedure

import (
	"fmt"
	"strconv"
	"strings"
)

// unboundedRepeat caps FIM's "*" for repeatable groups and uploads.
const unboundedRepeat = 99

// pages maps the top-level structure: a group that occurs exactly once
// becomes a page of its own; other top-level elements are collected on
// general pages in order.
func (im *fimImport) pages(s *xnode) {
	top, pageIDs := newIDs(), newIDs()
	var general *Page
	for i, st := range s.all("struktur") {
		path := fmt.Sprintf("struktur[%d]", i)
		el := im.element(st, path)
		lo, hi, ok := im.cardinality(st, path)
		if el == nil || !ok {
			continue
		}
		if el.name == "datenfeldgruppe" && lo == 1 && hi == 1 {
			im.groupPage(el, path, top, pageIDs)
			general = nil
			continue
		}
		f, ok := im.item(el, lo, hi, path, top, 1)
		if !ok {
			continue
		}
		if general == nil {
			title := "Allgemeine Angaben"
			if f.Type == Group {
				title = f.Label.DE
			}
			im.def.Pages = append(im.def.Pages, Page{ID: pageIDs.take(title), Title: Text{DE: title}})
			general = &im.def.Pages[len(im.def.Pages)-1]
		}
		general.Fields = append(general.Fields, f)
	}
}

// groupPage makes a page of a top-level group.
func (im *fimImport) groupPage(el *xnode, path string, top, pageIDs *ids) {
	gid := el.child("identifikation").str("id")
	path += "/datenfeldgruppe " + gid
	title := firstNonEmpty(el.str("bezeichnungEingabe"), el.str("name"), gid, "Datenfeldgruppe")
	pg := Page{Title: Text{DE: title}, Intro: Text{DE: firstNonEmpty(el.str("hilfetextEingabe"), el.str("beschreibung"))}}
	notes := im.rulesScoped(el, path, "page")
	pg.Fields = im.children(el, path, top, 1)
	if len(pg.Fields) == 0 {
		im.unmapped(path, "group without fields that map; no page made")
		return
	}
	if len(notes) > 0 {
		pg.Fields[0].Notes = append(pg.Fields[0].Notes, notes...)
	}
	pg.ID = pageIDs.take(title)
	im.def.Pages = append(im.def.Pages, pg)
	im.mapped(path, "page "+pg.ID, "group occurring once at the top")
}

// children maps the structure of a group into fields at the given depth.
func (im *fimImport) children(el *xnode, path string, names *ids, depth int) []Field {
	var out []Field
	for i, st := range el.all("struktur") {
		p := fmt.Sprintf("%s/struktur[%d]", path, i)
		child := im.element(st, p)
		lo, hi, ok := im.cardinality(st, p)
		if child == nil || !ok {
			continue
		}
		if f, ok := im.item(child, lo, hi, p, names, depth); ok {
			out = append(out, f)
		}
	}
	return out
}

// element returns the datenfeld or datenfeldgruppe of a struktur.
func (im *fimImport) element(st *xnode, path string) *xnode {
	for _, k := range st.child("enthaelt").kids {
		if k.name == "datenfeld" || k.name == "datenfeldgruppe" {
			k.used = true
			return k
		}
	}
	im.unmapped(path, "struktur without datenfeld or datenfeldgruppe")
	return nil
}

// cardinality reads anzahl "min:max" (max may be "*", returned as -1).
func (im *fimImport) cardinality(st *xnode, path string) (lo, hi int, ok bool) {
	a := st.str("anzahl")
	l, h, found := strings.Cut(a, ":")
	lo, err1 := strconv.Atoi(l)
	hi, err2 := strconv.Atoi(h)
	if h == "*" {
		hi, err2 = -1, nil
	}
	switch {
	case !found || err1 != nil || err2 != nil || lo < 0 || lo > maxRepeat || hi > maxRepeat*1000:
		im.unmapped(path+"/anzahl", fmt.Sprintf("cardinality %q not understood; treated as 0:1", a))
		return 0, 1, true
	case hi == 0:
		im.unmapped(path, "cardinality 0:0: the element may not occur; left out")
		return 0, 0, false
	case hi > 0 && lo > hi:
		im.unmapped(path+"/anzahl", fmt.Sprintf("cardinality %q has min > max; treated as %d:%d", a, hi, hi))
		return hi, hi, true
	}
	return lo, hi, true
}

// item maps a datenfeld or datenfeldgruppe.
func (im *fimImport) item(el *xnode, lo, hi int, path string, names *ids, depth int) (Field, bool) {
	if el.name == "datenfeldgruppe" {
		return im.group(el, lo, hi, path, names, depth)
	}
	return im.field(el, lo, hi, path, names, depth)
}

// group maps a Datenfeldgruppe; one that may occur other than exactly once
// becomes repeatable.
func (im *fimImport) group(el *xnode, lo, hi int, path string, names *ids, depth int) (Field, bool) {
	gid := el.child("identifikation").str("id")
	path += "/datenfeldgruppe " + gid
	label := firstNonEmpty(el.str("bezeichnungEingabe"), el.str("name"), gid, "Datenfeldgruppe")
	if depth >= maxGroupDepth {
		el.markAll()
		im.unmapped(path, fmt.Sprintf("group nested deeper than %d levels; left out", maxGroupDepth))
		return Field{}, false
	}
	f := Field{Type: Group, Label: Text{DE: label}, Hint: Text{DE: el.str("hilfetextEingabe")},
		Help: Text{DE: el.str("beschreibung")}, Source: "FIM " + gid}
	f.Notes = im.rules(el, path)
	f.Fields = im.children(el, path, newIDs(), depth+1)
	if len(f.Fields) == 0 {
		im.unmapped(path, "group without fields that map; left out")
		return Field{}, false
	}
	f.ID = names.take(label)
	if lo != 1 || hi != 1 {
		f.Repeat = &Repeat{Min: lo, Max: im.upper(hi, path)}
	}
	im.mapped(path, "group "+f.ID, fmt.Sprintf("cardinality %d:%d", lo, hi))
	return f, true
}

// upper turns a maximum count into a repeat maximum.
func (im *fimImport) upper(hi int, path string) int {
	if hi < 0 || hi > maxRepeat {
		im.mapped(path+"/anzahl", strconv.Itoa(unboundedRepeat), "unbounded or very large maximum capped")
		return unboundedRepeat
	}
	return hi
}

// ids hands out unique field or page ids from labels.
type ids struct{ used map[string]bool }

func newIDs() *ids { return &ids{used: map[string]bool{}} }

// take returns a unique id made from label.
func (s *ids) take(label string) string {
	base := slugField(label)
	id := base
	for i := 2; s.used[id]; i++ {
		id = fmt.Sprintf("%s_%d", base, i)
	}
	s.used[id] = true
	return id
}

// slugField makes a field id from a German label: "Straße" → "strasse".
func slugField(s string) string {
	s = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "ae", "Ö", "oe", "Ü", "ue", "ß", "ss").Replace(s)
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') {
			b.WriteRune(c)
		} else if b.Len() > 0 && !strings.HasSuffix(b.String(), "_") {
			b.WriteByte('_')
		}
	}
	out := strings.Trim(b.String(), "_")
	if len(out) > 40 {
		out = strings.TrimRight(out[:40], "_")
	}
	if out == "" || out[0] < 'a' || out[0] > 'z' || celReserved[out] {
		out = "f_" + out
	}
	return strings.TrimRight(out, "_")
}

// slugID makes a procedure id from a FIM id: "S05000058" → "fim-s05000058".
func slugID(id string) string {
	var b strings.Builder
	b.WriteString("fim-")
	for _, c := range strings.ToLower(id) {
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') {
			b.WriteRune(c)
		} else if !strings.HasSuffix(b.String(), "-") {
			b.WriteByte('-')
		}
	}
	out := strings.TrimRight(b.String(), "-")
	if len(out) > 63 {
		out = strings.TrimRight(out[:63], "-")
	}
	return out
}
