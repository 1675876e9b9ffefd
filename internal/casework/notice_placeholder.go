package casework

import (
	"regexp"
	"strings"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// missingValue stands in the drafted text where the template names a
// value the case does not have: a placeholder like the templates' own,
// so the notice cannot go out with a gap.
const missingValue = "[Angabe fehlt – bitte ergänzen]"

// placeholder matches what a case worker must still write before a
// notice may go out (Platzhalter): the templates' bracketed requests
// ("[Bitte ergänzen Sie die maßgeblichen Gründe.]", "[Umfang der
// Bewilligung]"), an unfilled template action ("{{.Answers.x}}") and
// text/template's "<no value>".
var placeholder = regexp.MustCompile(`\[[^\[\]\n]{2,}\]|\{\{[^\n]*?\}\}|<no value>`)

// PlaceholderKey is the message key of a placeholder's field error.
const PlaceholderKey = "notice.placeholder"

// Placeholders lists the placeholders left in a notice's text, one field
// error per placeholder: Field is "title", "body" or "remedy", Args
// "text" the placeholder as written.
func Placeholders(t NoticeText) []fault.FieldError {
	var out []fault.FieldError
	for _, part := range []struct{ field, text string }{{"title", t.Title}, {"body", t.Body}, {"remedy", t.Remedy}} {
		for _, m := range placeholder.FindAllString(part.text, -1) {
			out = append(out, fault.FieldError{Field: part.field, Key: PlaceholderKey, Args: map[string]any{"text": m},
				Text: "replace the placeholder " + m})
		}
	}
	return out
}

// checkComplete refuses a notice that still has placeholders
// (fault.Invalid with one field error each): it may be neither approved
// nor sent.
func checkComplete(t NoticeText) error {
	if p := Placeholders(t); len(p) > 0 {
		texts := make([]string, len(p))
		for i, f := range p {
			texts[i] = f.Args["text"].(string)
		}
		return fault.Fields("the notice still contains text to be completed: "+strings.Join(texts, "; "), p...)
	}
	return nil
}
