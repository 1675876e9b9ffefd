package apply

import (
	"strconv"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/web/site"
)

// messageArgs turns a field error's args into catalog arguments written
// as the user's language writes them: dates "06.12.2026" / "6 December
// 2026" (as {date} too), numbers with a decimal comma in German, a file
// size limit in its own unit (as {size}); the number a plural message
// depends on is also given as {count}.
func messageArgs(lang i18n.Lang, e fault.FieldError) []any {
	var args []any
	for k, v := range e.Args {
		switch x := v.(type) {
		case string:
			if d, err := time.Parse(time.DateOnly, x); err == nil {
				args = append(args, k, site.FormatDate(lang, d), "date", site.FormatDate(lang, d))
				continue
			}
			args = append(args, k, x)
		case float64:
			args = append(args, k, formatNumber(lang, x))
		default:
			args = append(args, k, v)
		}
	}
	if strings.HasSuffix(e.Key, "file_size") {
		if n, ok := wholeArg(e.Args["max"]); ok {
			size, _ := limitSize(string(lang), n)
			args = append(args, "size", size)
		}
	}
	for _, k := range []string{"count", "max", "min"} {
		if n, ok := wholeArg(e.Args[k]); ok {
			return append(args, "count", n)
		}
	}
	return args
}

// wholeArg reads a whole number from an error argument.
func wholeArg(v any) (int64, bool) {
	switch x := v.(type) {
	case int:
		return int64(x), true
	case int64:
		return x, true
	case float64:
		return int64(x), x == float64(int64(x))
	}
	return 0, false
}

// formatNumber writes a number without exponent, with a decimal comma in
// German.
func formatNumber(lang i18n.Lang, x float64) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if lang != i18n.English {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// summaryItem is one line of the error summary: the field's label and
// the message, joined so that a label that is a sentence or a question
// ("… vollständig sind.", "Ziehen … ein?") keeps its own punctuation
// instead of gaining a colon after it.
func (s *Handler) summaryItem(lang i18n.Lang, label, message string) string {
	label = strings.TrimSpace(label)
	switch {
	case strings.HasSuffix(label, ":"):
		label = strings.TrimSuffix(label, ":")
	case strings.HasSuffix(label, ".") || strings.HasSuffix(label, "?") || strings.HasSuffix(label, "!"):
		return s.msgs.T(lang, "apply.error.item_sentence", "field", label, "message", message)
	}
	return s.msgs.T(lang, "apply.error.item", "field", label, "message", message)
}
