package api

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
)

// TestProblemOfDatabaseOutage: an API call that fails because the
// database is unreachable answers 503 with Retry-After (crisis mode), not
// 500; other unclassified errors stay 500.
func TestProblemOfDatabaseOutage(t *testing.T) {
	t.Parallel()
	down := fmt.Errorf("list submissions: %w", syscall.ECONNREFUSED)
	rec := httptest.NewRecorder()
	writeProblem(rec, problemOf(down))
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Errorf("outage: %d, Retry-After %q; want 503 with Retry-After", rec.Code, rec.Header().Get("Retry-After"))
	}
	if p := problemOf(fmt.Errorf("boom")); p.Status != http.StatusInternalServerError {
		t.Errorf("plain error: %d, want 500", p.Status)
	}
}
