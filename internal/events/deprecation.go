package events

import (
	"net/http"
	"strconv"
	"time"
)

// The deprecation of amtsweg's own event envelope (Event as JSON, the
// feed's {"items", "next"} page) and of the Amtsweg-Signature header in
// favour of CloudEvents and Standard Webhooks: deprecated since
// EnvelopeDeprecated, served until EnvelopeSunset, then removed
// (docs/webhooks.md says how a receiver switches).
var (
	EnvelopeDeprecated = time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	EnvelopeSunset     = time.Date(2027, 12, 31, 23, 59, 59, 0, time.UTC)
)

// MarkDeprecated sets the headers that announce the deprecation on a
// response or delivery in the old format: Deprecation (RFC 9745, a
// structured-field date) and Sunset (RFC 8594, an HTTP date), and, when
// successor is not empty, a Link to it (rel="successor-version").
func MarkDeprecated(h http.Header, successor string) {
	h.Set("Deprecation", "@"+strconv.FormatInt(EnvelopeDeprecated.Unix(), 10))
	h.Set("Sunset", EnvelopeSunset.Format(http.TimeFormat))
	if successor != "" {
		h.Add("Link", "<"+successor+`>; rel="successor-version"`)
	}
}
