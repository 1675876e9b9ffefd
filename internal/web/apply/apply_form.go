package apply

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/procedure"
)

// formField is one field of a form page as the templates draw it (the
// "applyfield" partial): the KERN markup is picked by Kind.
type formField struct {
	Kind     string // text, textarea, date, address, radios, select, checkboxes, declaration, file, label, group, repeat
	ID       string // id of the field's (first) input: the error summary links here
	Name     string // form name: the field's path, e.g. "kinder[0].name"
	Label    string
	Hint     string
	Help     string
	Required bool
	Error    string // the message shown at the field; "" for none
	// Value is the entered text; Parts the inputs of a date or address.
	Value string
	Parts []formPart
	// Checked marks the chosen options of radios, selects and checkboxes.
	Options []formOption

	InputType, InputMode, Autocomplete string
	Unit                               string
	MaxLength                          int

	// File fields.
	Accept   string
	Multiple bool
	Limits   string // e.g. "PDF, JPEG; höchstens 10 MB je Datei, bis zu 2 Dateien"
	Files    []formFile

	// Groups: Children of a plain group; Entries of a repeatable one.
	Children []formField
	Entries  []formEntry
	CanAdd   bool
	AddLabel string
	Count    int
	Optional bool // marked "optional" at the label

	// ShowIf is the data-show-if of a conditional question (JSON, see
	// showIf); CondHint says when it applies.
	ShowIf, CondHint string
	// Rules are the texts of the procedure's rules (Regeln) that concern
	// the field, shown in its hint area.
	Rules []string

	T *formTexts // shared button and status texts
}

// formPart is one input of a date (day, month, year) or an address
// (street, number, postal code, place).
type formPart struct {
	ID, Name, Label, Value, Error  string
	InputMode, Autocomplete, Class string
	MaxLength                      int
}

// formOption is one choice of a choice field.
type formOption struct {
	ID, Value, Label string
	Checked          bool
}

// formFile is one uploaded file of a file field.
type formFile struct {
	ID          int64
	Name        string
	Size        string
	RemoveLabel string
}

// Breakable is the file name with line break opportunities (<wbr>) after
// each "_", "-" and ".", so a long name wraps between its parts rather
// than inside a word.
func (f formFile) Breakable() template.HTML {
	var b strings.Builder
	for _, r := range f.Name {
		b.WriteString(template.HTMLEscapeString(string(r)))
		if r == '_' || r == '-' || r == '.' {
			b.WriteString("<wbr>")
		}
	}
	return template.HTML(b.String()) // every part escaped above
}

// formEntry is one entry of a repeatable group.
type formEntry struct {
	ID          string // the entry's fieldset, target of "add"
	Legend      string
	Path        string // e.g. "kinder[1]"
	Fields      []formField
	CanRemove   bool
	RemoveLabel string
	Error       string // e.g. a rule on the entry
}

// formTexts are the texts the field partial needs besides the fields'
// own, translated once per page.
type formTexts struct {
	Add, Remove, RemoveFile, Optional, Day, Month, Year  string
	Street, Number, PostalCode, Place, Uploaded, NoFiles string
	ChooseOne, Choose                                    string
}

// formBuilder turns a procedure page into formFields.
type formBuilder struct {
	def    procedure.Definition
	lang   string
	errs   map[string]string // path → message
	files  map[string][]apply.Attachment
	texts  *formTexts
	places func(ars string) string // the name of a municipality by ARS
	// choices lists the municipalities matching a place name.
	choices func(text string) []formOption
	msgs    func(key string, args ...any) string
	// shown maps the path of every error shown at a field to the id the
	// error summary links to; labels maps field paths to their labels, so
	// the summary names the field of each error.
	shown  map[string]string
	labels map[string]string
	// page holds the page's top-level fields (the scope of answers.x in
	// conditions), entry the repeatable group entry being built (of
	// item.x), hidden the field paths the saved answers hide.
	page   []procedure.Field
	entry  *entryScope
	hidden map[string]bool
}

// fields builds the fields at prefix from the stored (as entered) answers.
func (b *formBuilder) fields(fs []procedure.Field, answers map[string]any, prefix string) []formField {
	out := make([]formField, 0, len(fs))
	for _, f := range fs {
		if f.Compute != "" {
			continue // computed values are not entered
		}
		show, showIf, hint := b.condition(f, prefix+f.ID)
		if !show {
			continue // hidden by the saved answers, in a way only the server decides
		}
		ff := b.field(f, answers[f.ID], prefix+f.ID)
		ff.ShowIf, ff.CondHint = showIf, hint
		out = append(out, ff)
	}
	return out
}

// field builds one field with its value v at path.
func (b *formBuilder) field(f procedure.Field, v any, path string) formField {
	ff := formField{ID: fieldID(path), Name: path, Label: f.Label.In(b.lang), Hint: f.Hint.In(b.lang),
		Help: f.Help.In(b.lang), Required: f.Required, MaxLength: f.MaxLength, Unit: f.Unit, T: b.texts}
	ff.Optional = !f.Required && f.RequiredIf == "" && len(f.RequiredWhen) == 0 && f.Type != procedure.Group && f.Type != procedure.Label &&
		f.Type != procedure.Declaration
	for _, rule := range b.def.RulesFor(path) {
		ff.Rules = append(ff.Rules, rule.Text.In(b.lang))
	}
	b.labels[path] = ff.Label
	if i := strings.LastIndexByte(path, '.'); i > 0 && b.labels[path[:i]] != "" {
		b.labels[path] = b.labels[path[:i]] + " – " + ff.Label
	}
	ff.Error = b.take(path, ff.ID)
	if f.Type == procedure.FileUpload {
		ff.Error = b.takeFiles(path, ff.ID)
	}
	switch f.Type {
	case procedure.Group:
		return b.group(f, v, ff)
	case procedure.Label:
		ff.Kind = "label"
	case procedure.Date:
		ff.Kind, ff.Parts = "date", b.dateParts(path, f, v)
	case procedure.Address:
		ff.Kind, ff.Parts = "address", b.addressParts(path, v)
	case procedure.SingleChoice, procedure.YesNo:
		b.choice(f, v, &ff)
	case procedure.MultipleChoice:
		ff.Kind, ff.Options = "checkboxes", b.options(f, ff.ID, v)
	case procedure.Declaration:
		ff.Kind, ff.Value = "declaration", asString(v)
	case procedure.FileUpload:
		b.file(f, path, &ff)
	case procedure.LongText:
		ff.Kind, ff.Value = "textarea", asString(v)
	case procedure.Place:
		b.place(v, &ff)
	default:
		ff.Kind, ff.Value = "text", asString(v)
		ff.InputType, ff.InputMode, ff.Autocomplete = inputAttrs(f)
	}
	return ff
}

// choice draws yes/no and single choices as radios, or as a select when
// the list is long (a country list).
func (b *formBuilder) choice(f procedure.Field, v any, ff *formField) {
	if f.Type == procedure.YesNo {
		ff.Kind = "radios"
		val := asString(v)
		ff.Options = []formOption{
			{ID: ff.ID, Value: "true", Label: b.msgs("apply.field.yes"), Checked: val == "true"},
			{ID: ff.ID + "-no", Value: "false", Label: b.msgs("apply.field.no"), Checked: val == "false"},
		}
		return
	}
	ff.Options = b.options(f, ff.ID, v)
	ff.Kind = "radios"
	if len(ff.Options) > 8 {
		ff.Kind = "select"
	}
}

// options lists f's options (its own or its code list's) with the chosen
// ones checked; the first option's id is the field's id.
func (b *formBuilder) options(f procedure.Field, id string, v any) []formOption {
	opts := f.Options
	if f.CodeList != "" {
		opts = b.def.CodeLists[f.CodeList].Options
	}
	chosen := map[string]bool{}
	switch x := v.(type) {
	case string:
		chosen[x] = true
	case []any:
		for _, e := range x {
			chosen[asString(e)] = true
		}
	}
	out := make([]formOption, 0, len(opts))
	for i, o := range opts {
		oid := id
		if i > 0 {
			oid = fmt.Sprintf("%s-%d", id, i)
		}
		out = append(out, formOption{ID: oid, Value: o.Value, Label: o.Label.In(b.lang), Checked: chosen[o.Value]})
	}
	return out
}

// file describes a file input: accepted types, limits and the files
// already uploaded for path.
func (b *formBuilder) file(f procedure.Field, path string, ff *formField) {
	ff.Kind, ff.Accept, ff.Multiple = "file", strings.Join(f.MediaTypes, ","), f.MaxFiles > 1
	limit, binary := limitSize(b.lang, maxSize(f))
	ff.Limits = b.msgs("apply.file.limits", "types", typeNames(f.MediaTypes, b.mediaFamily), "size", limit, "count", max(f.MaxFiles, 1))
	for _, t := range b.files[path] {
		ff.Files = append(ff.Files, formFile{ID: t.ID, Name: t.Name, Size: sizeIn(b.lang, t.Size, binary),
			RemoveLabel: b.msgs("apply.file.remove", "name", t.Name)})
	}
}

// mediaFamily names a family of media types ("image" of image/*): the
// catalog's "apply.file.family.image", else the family in upper case.
func (b *formBuilder) mediaFamily(major string) string {
	if name := b.msgs("apply.file.family." + major); !strings.HasPrefix(name, i18n.MissingMarker) {
		return name
	}
	return strings.ToUpper(major)
}

// group builds a plain group (a fieldset) or a repeatable one (a fieldset
// per entry, with add and remove buttons).
func (b *formBuilder) group(f procedure.Field, v any, ff formField) formField {
	if f.Repeat == nil {
		ff.Kind = "group"
		ff.Children = b.fields(f.Fields, stringAnyMap(v), ff.Name+".")
		return ff
	}
	ff.Kind = "repeat"
	list, _ := v.([]any)
	for len(list) < f.Repeat.Min {
		list = append(list, map[string]any{})
	}
	ff.Count, ff.CanAdd = len(list), len(list) < f.Repeat.Max
	ff.AddLabel = b.msgs("apply.repeat.add", "label", ff.Label)
	limits := b.msgs("apply.repeat.limits", "min", f.Repeat.Min, "count", f.Repeat.Max)
	if f.Repeat.Min == f.Repeat.Max {
		limits = b.msgs("apply.repeat.exactly", "count", f.Repeat.Max)
	}
	ff.Hint = strings.TrimSpace(ff.Hint + " " + limits)
	for i, e := range list {
		p := fmt.Sprintf("%s[%d]", ff.Name, i)
		legend := b.msgs("apply.repeat.entry", "label", ff.Label, "n", i+1)
		b.labels[p] = legend
		outer := b.entry
		b.entry = &entryScope{fields: f.Fields, path: p}
		ff.Entries = append(ff.Entries, formEntry{ID: fieldID(p), Path: p, CanRemove: len(list) > f.Repeat.Min,
			Legend: legend, RemoveLabel: b.msgs("apply.repeat.remove", "entry", legend),
			Fields: b.fields(f.Fields, stringAnyMap(e), p+"."), Error: b.take(p, fieldID(p))})
		b.entry = outer
	}
	return ff
}

// fieldID turns a field path into an HTML id: "f-kinder-0-name".
func fieldID(path string) string {
	r := strings.NewReplacer("[", "-", "]", "", ".", "-")
	return "f-" + r.Replace(path)
}

func asString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	}
	return fmt.Sprint(v)
}

func stringAnyMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	return m
}

// Described is the aria-describedby of the field's input: its hint, help
// and error, by id.
func (f formField) Described() string {
	var ids []string
	if f.Hint != "" || f.Limits != "" || f.CondHint != "" || len(f.Rules) > 0 {
		ids = append(ids, f.ID+"-hint")
	}
	if f.Help != "" {
		ids = append(ids, f.ID+"-help")
	}
	if f.Error != "" {
		ids = append(ids, f.ID+"-error")
	}
	return strings.Join(ids, " ")
}
