package webhook_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/webhook"
)

// benchEvent is a typical case.decided event.
var benchEvent = events.Event{Seq: 123456, ID: "5b0e7c55-8f0e-4d5e-9d43-2f1c4c1d1a7e", Type: events.Decided, AuthorityID: 3,
	ApplicationID: 77, CaseID: 99, Reference: "SN-2026-000042", At: time.Date(2026, 12, 7, 10, 15, 42, 123456000, time.UTC),
	Data: map[string]any{"action": "notice", "from": "in_review", "to": "decided", "outcome": "approved"}}

// BenchmarkDeliveryBody: encoding one event as the deprecated envelope
// and as a CloudEvent; reports the body sizes.
func BenchmarkDeliveryBody(b *testing.B) {
	b.Run("amtsweg", func(b *testing.B) {
		var n int
		for b.Loop() {
			raw, _ := json.Marshal(benchEvent)
			n = len(raw)
		}
		b.ReportMetric(float64(n), "bytes/body")
	})
	b.Run("cloudevents", func(b *testing.B) {
		var n int
		for b.Loop() {
			raw, _ := json.Marshal(benchEvent.CloudEvent("https://sn.amtsweg.example"))
			n = len(raw)
		}
		b.ReportMetric(float64(n), "bytes/body")
	})
}

// BenchmarkSign: the deprecated Amtsweg-Signature and the Standard
// Webhooks signature of one CloudEvent body.
func BenchmarkSign(b *testing.B) {
	body, _ := json.Marshal(benchEvent.CloudEvent("https://sn.amtsweg.example"))
	secret := "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	now := time.Now()
	b.Run("amtsweg", func(b *testing.B) {
		for b.Loop() {
			webhook.Sign(secret, now, body)
		}
	})
	b.Run("standard", func(b *testing.B) {
		for b.Loop() {
			webhook.SignStandard(http.Header{}, [][]byte{[]byte(secret)}, benchEvent.ID, now, body)
		}
	})
}
