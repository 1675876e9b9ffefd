package procedure

import (
	"encoding/json"
	"regexp"
	"strings"
)

var (
	procedureID = regexp.MustCompile(`^[a-z][a-z0-9-]{1,62}$`)
	fieldID     = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)
	leikaKey    = regexp.MustCompile(`^[0-9]{14}$`)
	serviceKey  = regexp.MustCompile(`^[a-z][a-z0-9-]{1,62}$`)
	// celReserved are CEL keywords and reserved words; a field id must not
	// be one, or answers.<id> would not parse.
	celReserved = map[string]bool{
		"true": true, "false": true, "null": true, "in": true, "as": true, "break": true,
		"const": true, "continue": true, "else": true, "for": true, "function": true,
		"if": true, "import": true, "let": true, "loop": true, "package": true,
		"namespace": true, "return": true, "var": true, "void": true, "while": true,
	}
	assuranceLevels = map[string]bool{"low": true, "substantial": true, "high": true}
)

const (
	maxGroupDepth = 6
	maxRepeat     = 1000
)

// checkDefinition checks everything but the rules, which compile checks.
func (c *checker) checkDefinition() {
	d := c.def
	if !procedureID.MatchString(d.ID) {
		c.addf("", "", "id %q must be a slug: lower-case letters, digits and '-', 2 to 63 characters", d.ID)
	}
	if d.Version < 1 {
		c.addf("", "", "version must be a positive whole number, got %d", d.Version)
	}
	if strings.TrimSpace(d.Title.DE) == "" {
		c.addf("", "", "title.de is missing")
	}
	for _, k := range d.LeiKa {
		if !leikaKey.MatchString(k) {
			c.addf("", "", "LeiKa key %q must have 14 digits", k)
		}
	}
	for _, k := range d.Services {
		if !serviceKey.MatchString(k) {
			c.addf("", "", "service key %q must be lower-case letters, digits and '-' (use leika for LeiKa keys)", k)
		}
	}
	if !assuranceLevels[d.Assurance] {
		c.addf("", "", "assurance %q must be low, substantial or high", d.Assurance)
	}
	for name, v := range map[string]string{"deadline": d.Deadline, "retention": d.Retention} {
		if err := checkDuration(v); err != nil {
			c.addf("", "", "%s: %v", name, err)
		}
	}
	if f := d.Filing.Disposal; f != "" && f != "A" && f != "B" && f != "V" {
		c.addf("", "", "filing.disposal %q must be A (archivieren), B (bewerten) or V (vernichten)", f)
	}
	if err := d.Fees.check(); err != nil {
		c.addf("", "", "%v", err)
	}
	c.checkCodeLists()
	c.checkPages()
}

func (c *checker) checkCodeLists() {
	for name, cl := range c.def.CodeLists {
		if len(cl.Options) == 0 {
			c.addf("", "", "code list %q has no options", name)
		}
		c.checkOptions("", "code list "+name, cl.Options)
	}
}

func (c *checker) checkOptions(page, field string, opts []Option) {
	seen := map[string]bool{}
	for _, o := range opts {
		if strings.TrimSpace(o.Value) == "" || strings.TrimSpace(o.Label.DE) == "" {
			c.addf(page, field, "every option needs a value and label.de")
		}
		if seen[o.Value] {
			c.addf(page, field, "option value %q appears twice", o.Value)
		}
		seen[o.Value] = true
	}
}

func (c *checker) checkPages() {
	if len(c.def.Pages) == 0 {
		c.addf("", "", "a procedure needs at least one page")
	}
	pageIDs := map[string]bool{}
	topIDs := map[string]string{}
	for i := range c.def.Pages {
		pg := &c.def.Pages[i]
		if !fieldID.MatchString(pg.ID) {
			c.addf(pg.ID, "", "page id must be lower-case letters, digits and '_'")
		}
		if pageIDs[pg.ID] {
			c.addf(pg.ID, "", "page id appears twice")
		}
		pageIDs[pg.ID] = true
		if strings.TrimSpace(pg.Title.DE) == "" {
			c.addf(pg.ID, "", "title.de is missing")
		}
		if len(pg.Fields) == 0 {
			c.addf(pg.ID, "", "a page needs at least one field")
		}
		for j := range pg.Fields {
			f := &pg.Fields[j]
			if other, dup := topIDs[f.ID]; dup {
				c.addf(pg.ID, f.ID, "field id already used on page %q: answers are one namespace", other)
			}
			topIDs[f.ID] = pg.ID
		}
		c.checkFields(pg.ID, "", pg.Fields, 1)
	}
}

// checkFields checks a list of sibling fields; prefix is the path of their
// group for messages.
func (c *checker) checkFields(page, prefix string, fields []Field, depth int) {
	seen := map[string]bool{}
	for i := range fields {
		f := &fields[i]
		path := prefix + f.ID
		if !fieldID.MatchString(f.ID) || celReserved[f.ID] {
			c.addf(page, path, "field id must be lower-case letters, digits and '_', start with a letter and not be a CEL keyword")
		}
		if seen[f.ID] {
			c.addf(page, path, "field id appears twice in the same group")
		}
		seen[f.ID] = true
		c.checkField(page, path, f)
		if f.Type == Group {
			if depth >= maxGroupDepth {
				c.addf(page, path, "groups nest deeper than %d levels", maxGroupDepth)
				continue
			}
			c.checkFields(page, path+".", f.Fields, depth+1)
		}
	}
}

// checkField checks the attributes of one field against its type.
func (c *checker) checkField(page, path string, f *Field) {
	if !fieldTypes[f.Type] {
		c.addf(page, path, "unknown type %q", f.Type)
		return
	}
	if strings.TrimSpace(f.Label.DE) == "" {
		c.addf(page, path, "label.de is missing")
	}
	c.checkTypeAttributes(page, path, f)
	if f.Pattern != "" {
		if _, err := regexp.Compile(anchored(f.Pattern)); err != nil {
			c.addf(page, path, "pattern: %v", err)
		}
	}
	for name, b := range map[string]string{"min_date": f.MinDate, "max_date": f.MaxDate} {
		if b != "" {
			if err := checkDateBound(b); err != nil {
				c.addf(page, path, "%s: %v", name, err)
			}
		}
	}
	if f.MinLength < 0 || f.MaxLength < 0 || (f.MaxLength > 0 && f.MinLength > f.MaxLength) {
		c.addf(page, path, "min_length/max_length must be >= 0 and min_length <= max_length")
	}
	for name, b := range map[string]*json.Number{"min": f.Min, "max": f.Max} {
		if _, ok := bound(b); b != nil && !ok {
			c.addf(page, path, "%s %q must be a plain decimal number of at most %d digits", name, b.String(), maxDigits)
		}
	}
	if boundsCrossed(f.Min, f.Max) {
		c.addf(page, path, "min must not be larger than max")
	}
	if f.MaxSize < 0 || f.MaxFiles < 0 {
		c.addf(page, path, "max_size and max_files must not be negative")
	}
	for _, r := range append(f.Checks[:len(f.Checks):len(f.Checks)], f.RequiredWhen...) {
		if strings.TrimSpace(r.Message.DE) == "" {
			c.addf(page, path, "check or required_when %q needs message.de", r.Expr)
		}
	}
}

// checkTypeAttributes rejects attributes that mean nothing for the type,
// so an author's mistake is not silently ignored.
func (c *checker) checkTypeAttributes(page, path string, f *Field) {
	t := f.Type
	bad := func(attr string, set bool) {
		if set {
			c.addf(page, path, "%s does not apply to type %s", attr, t)
		}
	}
	bad("min_length/max_length/pattern", !t.hasLength() && (f.MinLength != 0 || f.MaxLength != 0 || f.Pattern != ""))
	bad("min/max", !t.isNumber() && (f.Min != nil || f.Max != nil))
	bad("min_date/max_date", t != Date && (f.MinDate != "" || f.MaxDate != ""))
	bad("options/code_list", !t.isChoice() && (len(f.Options) > 0 || f.CodeList != ""))
	bad("media_types/max_size/max_files", t != FileUpload && (len(f.MediaTypes) > 0 || f.MaxSize != 0 || f.MaxFiles != 0))
	bad("repeat/fields", t != Group && (f.Repeat != nil || len(f.Fields) > 0))
	bad("required/required_if/required_when", t == Label && (f.Required || f.RequiredIf != "" || len(f.RequiredWhen) > 0))
	bad("compute", (t == Group || t == Label || t == FileUpload || t == Address) && f.Compute != "")
	if t.isChoice() {
		c.checkChoice(page, path, f)
	}
	if t == Group {
		if len(f.Fields) == 0 {
			c.addf(page, path, "a group needs at least one field")
		}
		if r := f.Repeat; r != nil && (r.Min < 0 || r.Max < 1 || r.Min > r.Max || r.Max > maxRepeat) {
			c.addf(page, path, "repeat needs 0 <= min <= max, 1 <= max <= %d", maxRepeat)
		}
	}
}

func (c *checker) checkChoice(page, path string, f *Field) {
	switch {
	case len(f.Options) > 0 && f.CodeList != "":
		c.addf(page, path, "give either options or code_list, not both")
	case f.CodeList != "":
		if _, ok := c.def.CodeLists[f.CodeList]; !ok {
			c.addf(page, path, "code list %q is not defined in code_lists", f.CodeList)
		}
	case len(f.Options) == 0:
		c.addf(page, path, "a choice field needs options or a code_list")
	}
	c.checkOptions(page, path, f.Options)
}

// anchored makes pattern match the whole input, as in XML Schema and HTML.
func anchored(pattern string) string { return `^(?:` + pattern + `)$` }
