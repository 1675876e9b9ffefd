package casework

import (
	"fmt"
	"unicode/utf8"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// The longest free texts of the back office, in characters: long enough
// for any real reason, note, request or notice, short enough that no text
// field fills the database, the case file or an export.
const (
	MaxReason      = 2000  // a reason (Begründung): legal hold, forwarding, status change
	MaxNote        = 20000 // an internal note (Vermerk)
	MaxSubject     = 200   // a request's subject (Betreff)
	MaxRequestBody = 10000 // what a request asks for, like a mailbox message
	MaxNoticeTitle = 300   // a notice's title
	MaxNoticeText  = 60000 // a notice's text (Tenor, Begründung)
	MaxRemedy      = 10000 // a notice's instructions on legal remedies (Rechtsbehelfsbelehrung)
)

// freeText is one free text of an input with its form field and limit.
type freeText struct {
	field, value string
	limit        int
}

// checkLengths returns an Invalid error with a field error
// ("field.too_long", with the limit as max) for every text over its limit.
func checkLengths(texts ...freeText) error {
	var fe []fault.FieldError
	for _, t := range texts {
		if utf8.RuneCountInString(t.value) > t.limit {
			fe = append(fe, fault.FieldError{Field: t.field, Key: "field.too_long", Args: map[string]any{"max": t.limit},
				Text: fmt.Sprintf("at most %d characters", t.limit)})
		}
	}
	if len(fe) > 0 {
		return fault.Fields("text too long", fe...)
	}
	return nil
}
