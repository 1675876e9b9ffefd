package journeys_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// isoResponsibilities: both tenants make their own authority responsible
// for the same service in the same municipality; the service page's finder,
// the API's responsibility lookup and the FIT-Connect routes on each host
// answer with that host's authority and never the other's.
func isoResponsibilities(t *testing.T, w *boWorld, a, b isoTenant) {
	ctx := context.Background()
	var leika, serviceKey, postcode, ars string
	boCheck(t, w.db.QueryRowContext(ctx, `SELECT leika_key, service_key FROM service WHERE leika_key LIKE '99%'
		ORDER BY leika_key LIMIT 1`).Scan(&leika, &serviceKey))
	boCheck(t, w.db.QueryRowContext(ctx, `SELECT p.postcode, p.ars FROM region_postcode p JOIN region r ON r.ars = p.ars
		WHERE r.ars LIKE '14%' AND NOT EXISTS (SELECT 1 FROM region_postcode q WHERE q.postcode = p.postcode AND q.ars <> p.ars)
		ORDER BY p.postcode LIMIT 1`).Scan(&postcode, &ars))
	for _, it := range []isoTenant{a, b} {
		_, err := w.db.ExecContext(ctx, `DELETE FROM responsibility WHERE tenant_id = $1 AND service_key = $2 AND region_ars = $3`,
			it.tenantID, serviceKey, ars)
		boCheck(t, err)
		_, err = w.db.ExecContext(ctx, `INSERT INTO responsibility (tenant_id, service_key, region_ars, audience, authority_id, updated_at)
			VALUES ($1, $2, $3, '', $4, $5)`, it.tenantID, serviceKey, ars, it.authority, time.Now().UTC())
		boCheck(t, err)
	}
	_, err := w.db.ExecContext(ctx, `UPDATE catalog_version SET version = version + 1 WHERE id = 1`)
	boCheck(t, err)
	for _, tt := range []struct{ own, other isoTenant }{{a, b}, {b, a}} {
		own, other := tt.own, tt.other
		body := isoUntil(t, func() (string, bool) {
			_, _, body := w.do(t, http.MethodGet, "/leistungen/"+leika+"?ort="+postcode, "", own.host, "")
			return body, strings.Contains(body, "Isolationsamt "+own.name)
		})
		if strings.Contains(body, "Isolationsamt "+other.name) {
			t.Errorf("service page on %s's host names %s's authority", own.name, other.name)
		}
		q := "?leikaKey=" + leika + "&ars=" + ars
		status, body := isoAPIGet(t, w, "/api/v1/responsibilities"+q, "", own.host)
		if status != http.StatusOK || !strings.Contains(body, "Isolationsamt "+own.name) || strings.Contains(body, "Isolationsamt "+other.name) {
			t.Errorf("API responsibility on %s's host: %d %s", own.name, status, body)
		}
		status, body = isoAPIGet(t, w, "/api/v1/fitconnect/routes"+q, "", own.host)
		if status != http.StatusOK || !strings.Contains(body, own.dest) || strings.Contains(body, other.dest) {
			t.Errorf("FIT-Connect routes on %s's host: %d, own destination %v, %s's %v", own.name, status,
				strings.Contains(body, own.dest), other.name, strings.Contains(body, other.dest))
		}
		if status, _ := isoAPIGet(t, w, "/api/v1/authorities/"+strconv.FormatInt(own.authority, 10), "", own.host); status != http.StatusOK {
			t.Errorf("API: own authority on %s's host: %d", own.name, status)
		}
	}
}

// isoUntil polls get for up to 10 seconds (the finder reloads the catalog
// in the background) and returns the last body.
func isoUntil(t *testing.T, get func() (string, bool)) string {
	t.Helper()
	var body string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		var ok bool
		if body, ok = get(); ok {
			return body
		}
	}
	t.Error("the expected answer did not come within 10 s")
	return body
}
