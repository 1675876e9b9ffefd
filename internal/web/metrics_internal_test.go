package web

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// TestQueueDepthGauge: Deps.QueueDepth feeds the gauge at scrape time; a
// failing query leaves the gauge out without breaking the scrape.
func TestQueueDepthGauge(t *testing.T) {
	tests := []struct {
		name  string
		depth func(context.Context) (int, error)
		want  string
		found bool
	}{
		{"ok", func(context.Context) (int, error) { return 7, nil }, "amtsweg_job_queue_depth 7\n", true},
		{"failing", func(context.Context) (int, error) { return 0, errors.New("db down") }, "amtsweg_job_queue_depth", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := New(Deps{Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
				Metrics: prometheus.NewRegistry(), QueueDepth: tt.depth})
			if err != nil {
				t.Fatal(err)
			}
			rec := httptest.NewRecorder()
			s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "http://127.0.0.1/metrics", nil)) // metrics answer loopback names only
			if rec.Code != 200 {
				t.Fatalf("scrape status %d", rec.Code)
			}
			if got := strings.Contains(rec.Body.String(), tt.want); got != tt.found {
				t.Errorf("metrics contain %q: %v, want %v", tt.want, got, tt.found)
			}
		})
	}
}
