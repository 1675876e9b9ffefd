package apply_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestReceiptPDFNeverFails500 (issue 11): the receipt PDF of an
// application with an emoji in a text field is either a PDF or, while the
// renderer cannot lay it out, the "being prepared" page with the reference
// number (503, Retry-After) — never the 500 page.
func TestReceiptPDFNeverFails500(t *testing.T) {
	w := webtest.Start(t, store.SQLite)
	citizen := w.Citizen(t, w.TenantA, "Bürgerin")
	c, _ := w.Submit(t, w.TenantA, apply.AccountOwner(citizen, 0), "Straße 😀")
	token := w.Session(t, citizen)
	status, _, body := w.Do(t, http.MethodGet, fmt.Sprintf("/antraege/%d/eingangsbestaetigung.pdf", c.ApplicationID), token, "", "")
	if strings.Contains(body, i18n.MissingMarker) {
		t.Errorf("missing message: %.300s", body)
	}
	switch {
	case status == http.StatusOK && strings.HasPrefix(body, "%PDF-"):
		t.Log("the renderer lays the emoji out: a PDF")
	case status == http.StatusServiceUnavailable && strings.Contains(body, `id="receipt-pdf-pending"`) && strings.Contains(body, c.Reference):
		t.Log("the renderer fails on the emoji: the pending page")
	default:
		t.Errorf("receipt PDF: status %d, want a PDF or the pending page:\n%.300s", status, body)
	}
}
