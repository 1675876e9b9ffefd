package proceduretest

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"net/url"
	"strings"

	"github.com/amtsweg/amtsweg/internal/procedure"
)

// Post is one submission of a form page as a browser sends it: the
// values (with the pressed button as "aktion") and the chosen files.
type Post struct {
	Values url.Values
	Files  []FormFile
}

// FormFile is a file chosen in the file input named Field.
type FormFile struct {
	Field string
	File
}

// Action is the pressed button of the post.
func (p Post) Action() string { return p.Values.Get("aktion") }

// Form returns the posts a citizen sends on page pageID, in order: the
// "add entry" buttons of repeatable groups (and now and then an entry
// added and removed again), then the filled page with "weiter" and its
// files. places names the municipalities by ARS (place fields are typed
// by name and the match chosen).
func (a *Application) Form(pageID string, places map[string]string) []Post {
	var pg procedure.Page
	for _, p := range a.def.Pages {
		if p.ID == pageID {
			pg = p
		}
	}
	h := fnv.New64a()
	h.Write([]byte(pageID))
	fb := &formBuilder{r: rand.New(rand.NewPCG(a.Seed, h.Sum64())), places: places, shown: map[string]int{}}
	var posts []Post
	for {
		path, ok := fb.nextAdd(pg.Fields, a.Values, "")
		if !ok {
			break
		}
		posts = append(posts, fb.post(pg.Fields, a.Values, "hinzufuegen:"+path, false))
		fb.shown[path]++
	}
	if a.Size == Mixed {
		posts = append(posts, fb.addRemove(pg.Fields, a.Values)...)
	}
	return append(posts, fb.post(pg.Fields, a.Values, "weiter", true))
}

type formBuilder struct {
	r      *rand.Rand
	places map[string]string
	shown  map[string]int // entries a repeatable group shows, by path
	extra  string         // a group path that shows one entry more (empty), at extraAt
	at     int
}

// count is the number of entries the page shows for the group at path.
func (fb *formBuilder) count(f procedure.Field, path string) int {
	if n, ok := fb.shown[path]; ok {
		return n
	}
	fb.shown[path] = f.Repeat.Min
	return f.Repeat.Min
}

// nextAdd finds the first repeatable group (outer before inner) showing
// fewer entries than the application has.
func (fb *formBuilder) nextAdd(fields []procedure.Field, values map[string]any, prefix string) (string, bool) {
	for _, f := range fields {
		if f.Type != procedure.Group {
			continue
		}
		path := prefix + f.ID
		if f.Repeat == nil {
			sub, _ := values[f.ID].(map[string]any)
			if p, ok := fb.nextAdd(f.Fields, sub, path+"."); ok {
				return p, true
			}
			continue
		}
		list, _ := values[f.ID].([]any)
		shown := fb.count(f, path)
		if shown < len(list) {
			return path, true
		}
		for i := range min(shown, len(list)) {
			sub, _ := list[i].(map[string]any)
			if p, ok := fb.nextAdd(f.Fields, sub, fmt.Sprintf("%s[%d].", path, i)); ok {
				return p, true
			}
		}
	}
	return "", false
}

// addRemove adds an entry to a top-level repeatable group below its
// maximum and removes an entry again (at a random place; the empty one
// lands there), as a citizen correcting themselves does.
func (fb *formBuilder) addRemove(fields []procedure.Field, values map[string]any) []Post {
	for _, f := range fields {
		list, _ := values[f.ID].([]any)
		if f.Type != procedure.Group || f.Repeat == nil || len(list) >= f.Repeat.Max || fb.r.IntN(2) == 0 || hasFile(f.Fields) {
			continue
		}
		add := fb.post(fields, values, "hinzufuegen:"+f.ID, false)
		fb.extra, fb.at = f.ID, fb.r.IntN(len(list)+1)
		remove := fb.post(fields, values, fmt.Sprintf("entfernen:%s[%d]", f.ID, fb.at), false)
		fb.extra = ""
		return []Post{add, remove}
	}
	return nil
}

// PageHasFiles reports whether page pageID has a file field: its form
// is sent as multipart/form-data.
func (a *Application) PageHasFiles(pageID string) bool {
	for _, p := range a.def.Pages {
		if p.ID == pageID {
			return hasFile(p.Fields)
		}
	}
	return false
}

func hasFile(fields []procedure.Field) bool {
	for _, f := range fields {
		if f.Type == procedure.FileUpload || hasFile(f.Fields) {
			return true
		}
	}
	return false
}

// post builds the page's form with the given button; files only on the
// final post.
func (fb *formBuilder) post(fields []procedure.Field, values map[string]any, action string, files bool) Post {
	p := Post{Values: url.Values{}}
	fb.fields(&p, fields, values, "", files)
	p.Values.Set("aktion", action)
	return p
}

func (fb *formBuilder) fields(p *Post, fields []procedure.Field, values map[string]any, prefix string, files bool) {
	for _, f := range fields {
		path := prefix + f.ID
		if f.Type == procedure.Group {
			fb.group(p, f, values[f.ID], path, files)
			continue
		}
		v, ok := values[f.ID]
		if !ok || f.Compute != "" {
			continue
		}
		fb.field(p, f, v, path, files)
	}
}

func (fb *formBuilder) group(p *Post, f procedure.Field, v any, path string, files bool) {
	if f.Repeat == nil {
		sub, _ := v.(map[string]any)
		fb.fields(p, f.Fields, sub, path+".", files)
		return
	}
	list, _ := v.([]any)
	n := len(list)
	if !files {
		n = min(fb.count(f, path), n)
	}
	entries := append([]any(nil), list[:n]...)
	if fb.extra == path {
		entries = append(entries[:fb.at:fb.at], append([]any{map[string]any{}}, entries[fb.at:]...)...)
	}
	p.Values.Set(path+".count", fmt.Sprint(len(entries)))
	for i, e := range entries {
		sub, _ := e.(map[string]any)
		fb.fields(p, f.Fields, sub, fmt.Sprintf("%s[%d].", path, i), files)
	}
}

// field writes one value as typed into the page.
func (fb *formBuilder) field(p *Post, f procedure.Field, v any, path string, files bool) {
	set := func(name, s string) { p.Values.Add(name, s) }
	switch f.Type {
	case procedure.ShortText, procedure.PostalCode, procedure.Phone:
		set(path, fb.padded(v.(string)))
	case procedure.LongText:
		set(path, strings.ReplaceAll(v.(string), "\n", "\r\n"))
	case procedure.Email:
		s := v.(string)
		if at := strings.LastIndexByte(s, '@'); at > 0 && fb.r.IntN(3) == 0 {
			s = s[:at] + strings.ToUpper(s[at:])
		}
		set(path, s)
	case procedure.Integer:
		set(path, v.(string))
	case procedure.Decimal, procedure.Money:
		set(path, fb.german(v.(string)))
	case procedure.Date:
		d := v.(string)
		day, month := strings.TrimPrefix(d[8:], "0"), strings.TrimPrefix(d[5:7], "0")
		if fb.r.IntN(2) == 0 {
			day, month = d[8:], d[5:7]
		}
		set(path+".day", day)
		set(path+".month", month)
		set(path+".year", d[:4])
	case procedure.YesNo, procedure.Declaration:
		set(path, fmt.Sprint(v))
	case procedure.SingleChoice:
		set(path, v.(string))
	case procedure.MultipleChoice:
		for _, o := range v.([]string) {
			set(path, o)
		}
	case procedure.IBAN:
		set(path, grouped(v.(string)))
	case procedure.Address:
		m := v.(map[string]any)
		for _, k := range []string{"street", "number", "postal_code", "place"} {
			set(path+"."+k, m[k].(string))
		}
	case procedure.Place:
		ars := v.(string)
		name := fb.places[ars]
		if name == "" {
			name = ars
		}
		set(path, name)
		set(path+".wahl", ars)
	case procedure.FileUpload:
		if files {
			for _, file := range v.([]File) {
				p.Files = append(p.Files, FormFile{Field: path, File: file})
			}
		}
	}
}

// padded adds the blanks a citizen may type around a value now and then.
func (fb *formBuilder) padded(s string) string {
	if fb.r.IntN(4) == 0 {
		return " " + s + "  "
	}
	return s
}

// german writes a decimal as typed in Germany: decimal comma, sometimes
// with thousands dots.
func (fb *formBuilder) german(s string) string {
	whole, frac, hasFrac := strings.Cut(s, ".")
	neg := strings.HasPrefix(whole, "-")
	whole = strings.TrimPrefix(whole, "-")
	if fb.r.IntN(2) == 0 && hasFrac && len(whole) > 3 {
		var b strings.Builder
		for i, c := range whole {
			if i > 0 && (len(whole)-i)%3 == 0 {
				b.WriteByte('.')
			}
			b.WriteRune(c)
		}
		whole = b.String()
	}
	if neg {
		whole = "-" + whole
	}
	if hasFrac {
		return whole + "," + frac
	}
	return whole
}

// grouped writes an IBAN in groups of four.
func grouped(iban string) string {
	var parts []string
	for len(iban) > 4 {
		parts = append(parts, iban[:4])
		iban = iban[4:]
	}
	return strings.Join(append(parts, iban), " ")
}
