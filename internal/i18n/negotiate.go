package i18n

import (
	"strconv"
	"strings"
)

// Negotiate picks the language for a request: an explicit choice (the
// language cookie) wins, then the best supported entry of the
// Accept-Language header, then Default.
func Negotiate(choice, acceptLanguage string) Lang {
	if l, ok := Parse(choice); ok {
		return l
	}
	best, bestQ := Default, 0.0
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag, q := splitQuality(part)
		l, ok := Parse(tag)
		if ok && q > bestQ {
			best, bestQ = l, q
		}
	}
	return best
}

// splitQuality splits "en-GB;q=0.8" into its tag and quality (1 when absent,
// 0 when malformed, which the caller ignores).
func splitQuality(part string) (string, float64) {
	tag, params, _ := strings.Cut(part, ";")
	q := 1.0
	for _, p := range strings.Split(params, ";") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(p), "q="); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f < 0 || f > 1 {
				return tag, 0
			}
			q = f
		}
	}
	return strings.TrimSpace(tag), q
}
