package portal_test

import (
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/browsertest"
)

// TestTenantPagesInChromium opens the second demo tenant's pages in
// Chromium through its own host name (*.localhost resolves to loopback)
// with its themed stylesheet linked: the pages stay free of WCAG 2.2 AA
// violations (axe checks contrast with the tenant's colours).
func TestTenantPagesInChromium(t *testing.T) {
	base := browsertest.Start(t)
	thBase := strings.Replace(base, "127.0.0.1", "thueringen.localhost", 1)
	ctx := browsertest.Tab(t)
	for _, path := range []string{"/antrag/elterngeld", "/impressum", "/datenschutz"} {
		t.Run(path, func(t *testing.T) {
			browsertest.Navigate(t, ctx, thBase+path)
			browsertest.Axe(t, ctx)
		})
	}
}
