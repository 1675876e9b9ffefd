package webhook

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/events"
)

// body returns the delivery of e to c in c's format and sets its
// Content-Type: a CloudEvents 1.0 event in structured JSON mode, or — for
// a client still on the deprecated format — amtsweg's own envelope, marked
// with the Deprecation and Sunset headers.
func (s *Service) body(ctx context.Context, h http.Header, c apiclient.Client, e events.Event) ([]byte, error) {
	if c.WebhookFormat == apiclient.FormatAmtsweg {
		h.Set("Content-Type", "application/json")
		events.MarkDeprecated(h, "")
		return json.Marshal(e)
	}
	base := ""
	if s.cfg.BaseURL != nil {
		base = s.cfg.BaseURL()
	}
	src, err := events.Source(ctx, s.db, base, c.TenantID)
	if err != nil {
		return nil, err
	}
	h.Set("Content-Type", events.CloudEventsMediaType)
	return json.Marshal(e.CloudEvent(src))
}
