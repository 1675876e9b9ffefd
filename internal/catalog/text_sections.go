package catalog

import (
	"slices"
	"strings"
)

// The names of the text sections (Abschnitte der Leistungsbeschreibung),
// as in the JSON of Texts; Texts.Get, Texts.IsHTML and the service page
// use them.
const (
	SectionTitle          = "title"
	SectionTeaser         = "teaser"
	SectionSummary        = "summary"
	SectionDescription    = "description"
	SectionPrerequisites  = "prerequisites"
	SectionDocuments      = "documents"
	SectionFees           = "fees"
	SectionDeadlines      = "deadlines"
	SectionProcessingTime = "processingTime"
	SectionProcess        = "process"
	SectionForms          = "forms"
	SectionLegal          = "legal"
	SectionRemedy         = "remedy"
	SectionHints          = "hints"
	SectionMoreInfo       = "moreInfo"
	SectionResponsible    = "responsible"
	SectionContact        = "contact"
	SectionAuthor         = "author"
)

// textFields maps each section name to its field of Texts.
var textFields = map[string]func(*Texts) *string{
	SectionTitle:          func(t *Texts) *string { return &t.Title },
	SectionTeaser:         func(t *Texts) *string { return &t.Teaser },
	SectionSummary:        func(t *Texts) *string { return &t.Summary },
	SectionDescription:    func(t *Texts) *string { return &t.Description },
	SectionPrerequisites:  func(t *Texts) *string { return &t.Prerequisites },
	SectionDocuments:      func(t *Texts) *string { return &t.Documents },
	SectionFees:           func(t *Texts) *string { return &t.Fees },
	SectionDeadlines:      func(t *Texts) *string { return &t.Deadlines },
	SectionProcessingTime: func(t *Texts) *string { return &t.ProcessingTime },
	SectionProcess:        func(t *Texts) *string { return &t.Process },
	SectionForms:          func(t *Texts) *string { return &t.Forms },
	SectionLegal:          func(t *Texts) *string { return &t.Legal },
	SectionRemedy:         func(t *Texts) *string { return &t.Remedy },
	SectionHints:          func(t *Texts) *string { return &t.Hints },
	SectionMoreInfo:       func(t *Texts) *string { return &t.MoreInfo },
	SectionResponsible:    func(t *Texts) *string { return &t.Responsible },
	SectionContact:        func(t *Texts) *string { return &t.Contact },
	SectionAuthor:         func(t *Texts) *string { return &t.Author },
}

// Get returns the text of section name ("" for an unknown name).
func (t Texts) Get(name string) string {
	if f, ok := textFields[name]; ok {
		return *f(&t)
	}
	return ""
}

// IsHTML reports whether section name holds sanitised HTML (rich text)
// rather than plain text.
func (t Texts) IsHTML(name string) bool {
	return t.Rich != "" && slices.Contains(strings.Split(t.Rich, ","), name)
}

// set stores text in section name, rich or plain, and keeps Rich sorted.
func (t *Texts) set(name, text string, rich bool) {
	f, ok := textFields[name]
	if !ok {
		return
	}
	*f(t) = text
	var names []string
	if t.Rich != "" {
		names = strings.Split(t.Rich, ",")
	}
	names = slices.DeleteFunc(names, func(n string) bool { return n == name })
	if rich && text != "" {
		names = append(names, name)
	}
	slices.Sort(names)
	t.Rich = strings.Join(names, ",")
}

// mergeTexts lays the non-empty sections of add over base, each with its
// rich-text mark, and returns the result.
func mergeTexts(base, add Texts) Texts {
	for name, f := range textFields {
		if v := *f(&add); v != "" {
			base.set(name, v, add.IsHTML(name))
		}
	}
	return base
}

// Plain returns section name as plain text (rich text without its tags).
func (t Texts) Plain(name string) string {
	if t.IsHTML(name) {
		return PlainText(t.Get(name))
	}
	return t.Get(name)
}

// sanitized returns t with every rich section passed through
// SanitizeHTML, so that rich text from any import (a JSON file may mark
// sections as rich too) is stored only in its allowed form.
func (t Texts) sanitized() Texts {
	for name, f := range textFields {
		if t.IsHTML(name) {
			*f(&t) = SanitizeHTML(*f(&t))
		}
	}
	return t
}
