package catalog

import (
	"html"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
)

// Rich text (formatierter Text): XZuFi text modules carry HTML (the
// editorial systems write paragraphs, lists, emphasis and links). The
// catalog keeps it as rich text, but only after it went through one
// allow-list policy of github.com/microcosm-cc/bluemonday, the Go
// sanitiser of the field: p, br, ul, ol, li, strong, em, b, i, h3-h6 and
// a with an http, https or mailto href (rel="nofollow noopener
// noreferrer" added). Headings h1 and h2 become h3, since the service
// page uses h1 and h2 itself. Everything else — script, style, event
// handlers such as onerror, javascript: URLs, images, iframes — is
// removed; the text inside unknown tags stays.

var (
	// htmlPolicy is the one sanitising policy of the catalog; a Policy is
	// safe for concurrent use once built.
	htmlPolicy = newPolicy()
	// htmlTagRE recognises a text module that is HTML: an opening or
	// closing tag of an element such editors write.
	htmlTagRE = regexp.MustCompile(`(?i)</?(p|br|ul|ol|li|strong|em|b|i|u|a|h[1-6]|div|span|table|tr|td|script|style|img|iframe|object|svg)\b[^>]*>`)
	// bigHeadingRE matches the tags of h1 and h2.
	bigHeadingRE = regexp.MustCompile(`(?i)<(/?)h[12]\b`)
	// anyTagRE matches any tag left after sanitising.
	anyTagRE = regexp.MustCompile(`<[a-zA-Z/][^>]*>`)
)

// newPolicy builds the allow-list described at the top of this file.
func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "h3", "h4", "h5", "h6")
	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnLinks(true)
	return p
}

// SanitizeHTML returns s with everything removed that the catalog's
// allow-list does not permit (see the comment at the top of richtext.go);
// the result is safe to put into a page as HTML. The importer stores only
// its output as rich text, and the page passes rich text through it once
// more before it marks it safe, so a stored text that bypassed the
// importer can do no harm either.
func SanitizeHTML(s string) string {
	s = bigHeadingRE.ReplaceAllString(s, "<${1}h3")
	out := htmlPolicy.Sanitize(s)
	return strings.ReplaceAll(out, `rel="nofollow noreferrer"`, `rel="nofollow noopener noreferrer"`)
}

// PlainText returns the text of a rich text section without tags, with
// entities decoded and white space collapsed (for summaries and search).
func PlainText(s string) string {
	s = anyTagRE.ReplaceAllString(SanitizeHTML(s), " ")
	return cleanSpace(html.UnescapeString(s))
}

// richOrPlain turns a text module's content into what the catalog keeps:
// HTML is sanitised and stays rich when markup survives, and becomes plain
// text when none does; a plain text stays as it is. ok is false when
// nothing but markup was there.
func richOrPlain(s string) (text string, rich, ok bool) {
	s = strings.TrimSpace(s)
	if !htmlTagRE.MatchString(s) {
		return s, false, s != ""
	}
	clean := strings.TrimSpace(SanitizeHTML(s))
	if !anyTagRE.MatchString(clean) {
		plain := cleanSpace(html.UnescapeString(clean))
		return plain, false, plain != ""
	}
	return clean, true, PlainText(clean) != ""
}
