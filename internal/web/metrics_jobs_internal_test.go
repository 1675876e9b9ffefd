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

// fakeFailures stands in for the job queue (the real one is tested with
// both engines in apply's TestFailedReceiptDoesNotStrandSubmission).
type fakeFailures struct{ err error }

func (f fakeFailures) DiscardedByKind(context.Context) (map[string]int, error) {
	return map[string]int{"application.receipt_pdf": 3}, f.err
}

func (fakeFailures) Failures() (failed, discarded map[string]uint64) {
	return map[string]uint64{"application.receipt_pdf": 24, "mailbox.send": 2},
		map[string]uint64{"application.receipt_pdf": 3}
}

// TestJobFailureMetrics: failed jobs are exposed by kind; a database that
// does not answer drops the gauge, not the scrape or the counters.
func TestJobFailureMetrics(t *testing.T) {
	for _, tt := range []struct {
		name     string
		err      error
		gaugeOut bool
	}{{"ok", nil, true}, {"db down", errors.New("db down"), false}} {
		t.Run(tt.name, func(t *testing.T) {
			m, err := newMetrics(prometheus.NewRegistry(), fakeFailures{tt.err}, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				t.Fatal(err)
			}
			rec := httptest.NewRecorder()
			m.handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
			body := rec.Body.String()
			for _, want := range []string{
				`amtsweg_job_failures_total{kind="application.receipt_pdf"} 24`,
				`amtsweg_job_failures_total{kind="mailbox.send"} 2`,
				`amtsweg_job_discards_total{kind="application.receipt_pdf"} 3`,
				`amtsweg_job_discards_total{kind="mailbox.send"} 0`,
			} {
				if !strings.Contains(body, want) {
					t.Errorf("metrics lack %s:\n%s", want, body)
				}
			}
			gauge := `amtsweg_jobs_discarded{kind="application.receipt_pdf"} 3`
			if strings.Contains(body, gauge) != tt.gaugeOut || rec.Code != 200 {
				t.Errorf("status %d, gauge %s shown: %v, want %v", rec.Code, gauge, !tt.gaugeOut, tt.gaugeOut)
			}
		})
	}
}
