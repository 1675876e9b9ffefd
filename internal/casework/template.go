package casework

import (
	"fmt"
	"strings"
	"text/template"
	"time"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
)

// Template is the notice template (Bescheidvorlage) of a procedure:
// text/template sources for the notice's title and body per outcome and
// for the instructions on legal remedies (Rechtsbehelfsbelehrung). They
// see TemplateData and a restricted set of functions (date, datetime,
// upper, lower, trim, default) in the bounded subset of text/template
// that procedure.ParseNoticeTemplate accepts (no loops, no sub-templates,
// capped sizes), since tenants write overlays of them; the case worker
// edits the result before sending.
type Template struct {
	Title  map[Outcome]string
	Body   map[Outcome]string
	Remedy string
}

// TemplateData is what a notice template can use, e.g. {{.Reference}},
// {{.ApplicantName}}, {{.Salutation}}, {{.Authority.At}},
// {{.Answers.antragsteller.name}}, {{date .ReceivedAt}}. Render derives
// Salutation, ApplicantAddress and the authority's grammatical forms when
// they are empty.
type TemplateData struct {
	Reference     string
	ApplicantName string
	// Salutation is the letter's opening (Anrede), e.g. "Sehr geehrte Frau
	// Schmidt," or "Guten Tag Anna Schmidt,".
	Salutation string
	// ApplicantAddress is the applicant's postal address, one line each.
	ApplicantAddress []string
	ProcedureTitle   string
	Outcome          string // German label, e.g. "abgelehnt"
	Answers          map[string]any
	Authority        AuthorityData
	ReceivedAt       time.Time
	Today            time.Time
	Deadline         time.Time
}

// AuthorityData is the issuing authority as templates see it: its name
// also in the grammatical forms of AuthorityName ({{.Authority.Genitive}}
// "des Landratsamts Bautzen", {{.Authority.At}} "bei der Stadt Dresden").
type AuthorityData struct {
	Name string
	AuthorityName
	Street   string
	Postcode string
	City     string
	Email    string
	Phone    string
}

// funcs is the restricted function map of notice templates: formatting
// only, nothing that reaches outside the data.
func funcs() template.FuncMap {
	return template.FuncMap{
		"date":     anyDate,
		"datetime": germanDateTime,
		"upper":    strings.ToUpper,
		"lower":    strings.ToLower,
		"trim":     strings.TrimSpace,
		"default": func(def string, v any) string {
			if s := strings.TrimSpace(fmt.Sprint(v)); v != nil && s != "" && s != "<no value>" {
				return s
			}
			return def
		},
	}
}

// NoticeText is the editable text of a notice.
type NoticeText struct {
	Title  string
	Body   string // decision and reasons (Tenor und Begründung)
	Remedy string // Rechtsbehelfsbelehrung
}

// Render fills the template for outcome with d.
func (t Template) Render(o Outcome, d TemplateData) (NoticeText, error) {
	d = d.derived()
	var out NoticeText
	var err error
	if out.Title, err = execute("title", t.Title[o], d); err != nil {
		return out, err
	}
	if out.Body, err = execute("body", t.Body[o], d); err != nil {
		return out, err
	}
	out.Remedy, err = execute("remedy", t.Remedy, d)
	return out, err
}

func execute(name, src string, d TemplateData) (string, error) {
	tpl, err := procedure.ParseNoticeTemplate(name, src, funcs())
	if err != nil {
		return "", fault.Wrap(err, fault.Invalid, "the notice template (%s) is broken", name)
	}
	out, err := procedure.ExecuteNoticeTemplate(tpl, d)
	if err != nil {
		return "", fault.Wrap(err, fault.Invalid, "the notice template (%s) cannot be filled", name)
	}
	return strings.TrimSpace(strings.ReplaceAll(out, "<no value>", missingValue)), nil
}

// derived fills what Render derives from the rest of d.
func (d TemplateData) derived() TemplateData {
	if d.Salutation == "" {
		d.Salutation = salutation(d.Answers, d.ApplicantName)
	}
	if d.ApplicantAddress == nil {
		d.ApplicantAddress = applicantAddress(d.Answers)
	}
	if d.Authority.At == "" {
		d.Authority.AuthorityName = NameAuthority(d.Authority.Name)
	}
	return d
}

// TemplateFor returns the notice template of a procedure: the package's
// template for the demo procedures, else the general one.
func TemplateFor(procedureID string) Template {
	t := defaultTemplate()
	if spec, ok := procedureTemplates()[procedureID]; ok {
		for o, s := range spec.Title {
			t.Title[o] = s
		}
		for o, s := range spec.Body {
			t.Body[o] = s
		}
		if spec.Remedy != "" {
			t.Remedy = spec.Remedy
		}
	}
	return t
}

// anyDate formats a time or an ISO date string (as answers hold dates) in
// the German form; other values print as they are.
func anyDate(v any) string {
	switch x := v.(type) {
	case time.Time:
		return germanDate(x)
	case string:
		if t, err := time.Parse(time.DateOnly, x); err == nil {
			return t.Format("02.01.2006")
		}
		return x
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}
