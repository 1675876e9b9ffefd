package admin_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fitconnect/subscriber"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

const fitPath = "/verwaltung/mandant/fitconnect"

// TestAdminFitConnect: tenant A's admin sees the empty inbox explained;
// a destination with a bad id or B's authority is refused on its field
// with the input kept and nothing written; a good one is created, audited
// and its public keys download (not for B's admin). Submissions sent
// through the simulated Submission Service and processed by the real
// subscriber then show as accepted (with a link to the case while the
// admin may open it, its reference only after it went to another
// authority) and rejected (the problem in German), newest first, filtered
// by outcome; B's admin sees none of it — on both databases.
func TestAdminFitConnect(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			w := webtest.Start(t, d)
			ctx := context.Background()
			admin := w.Principal(t, w.TenantA, "")
			token := w.Session(t, admin.AccountID)
			tokenB := w.Session(t, w.Principal(t, w.TenantB, "").AccountID)
			clearing, err := casework.Clearing(ctx, w.DB, w.TenantA)
			webtest.Check(t, err)
			authB, err := catalog.ListAuthorities(ctx, w.DB, w.TenantB)
			webtest.Check(t, err)

			status, _, body := w.Do(t, http.MethodGet, fitPath, token, "", "")
			if status != http.StatusOK || !strings.Contains(body, "Noch keine Einreichungen über FIT-Connect") ||
				!strings.Contains(body, `id="fit-no-destinations"`) || strings.Contains(body, i18n.MissingMarker) {
				t.Fatalf("empty inbox: %d", status)
			}
			const id = "6f3c2a1e-4b5d-4c7e-8f90-a1b2c3d4e5f6"
			fitRefused(t, w, token, fmt.Sprint("authority=", clearing, "&destination=6F3C-KEINE-UUID"), "fit-id-error", "6F3C-KEINE-UUID")
			fitRefused(t, w, token, fmt.Sprint("authority=", authB[0].ID, "&destination=", id), "fit-authority-error", id)
			status, loc, _ := w.Do(t, http.MethodPost, fitPath, token, "", fmt.Sprint("authority=", clearing, "&destination=", id))
			if status != http.StatusSeeOther || loc != fitPath+"?hinweis=angelegt&zustellpunkt="+id {
				t.Fatalf("create: %d %s", status, loc)
			}
			fitRefused(t, w, token, fmt.Sprint("authority=", clearing, "&destination=", id), "fit-id-error", id) // exists already
			var actor string
			webtest.Check(t, w.DB.QueryRowContext(ctx, `SELECT actor FROM audit_log WHERE action = 'fitconnect.destination'
				AND tenant_id = $1 AND details LIKE $2`, w.TenantA, "%"+id+"%").Scan(&actor))
			if actor != fmt.Sprint("staff:", admin.AccountID) {
				t.Errorf("destination audited as %q", actor)
			}
			jwks := fitJWKS(t, w, token, id)
			if status, _, _ := w.Do(t, http.MethodGet, fitPath+"/"+id+"/jwks.json", tokenB, webtest.HostB, ""); status != http.StatusNotFound {
				t.Errorf("B's admin downloads A's keys: %d", status)
			}

			f := newFitSender(t, w)
			f.register(t, id, jwks)
			ds, err := subscriber.NewInbox(w.DB, nil).Destinations(ctx, w.TenantA)
			webtest.Check(t, err)
			good := f.send(t, id, ds[0].EncKeyID, "", "OD-4711")
			bad := f.send(t, id, ds[0].EncKeyID, "urn:de:fim:leika:leistung:99999999999999", "OD-4712")
			webtest.Check(t, f.svc.Poll(ctx))
			ref := fitFiled(t, w, good.SubmissionID)

			_, _, body = w.Do(t, http.MethodGet, fitPath, token, "", "")
			for _, want := range []string{good.SubmissionID, bad.SubmissionID, "Zeichen des Absenders: OD-4711", "Angenommen", "Zurückgewiesen",
				`href="/verwaltung/vorgaenge/` + ref + `"`, "Verwaltungsleistung stimmt nicht überein", "urn:de:fim:leika:leistung:99999999999999",
				"Seite 1 von 1 (2 Einreichungen)", `download>JWK-Set herunterladen`} {
				if !strings.Contains(body, want) {
					t.Errorf("the inbox lacks %q", want)
				}
			}
			if strings.Index(body, bad.SubmissionID) > strings.Index(body, good.SubmissionID) {
				t.Errorf("not newest first")
			}
			if _, _, body = w.Do(t, http.MethodGet, fitPath+"?seite=7", token, "", ""); !strings.Contains(body, "Seite 1 von 1 (2 Einreichungen)") {
				t.Errorf("a page past the end does not show the last one")
			}
			_, _, body = w.Do(t, http.MethodGet, fitPath+"?ergebnis=abgelehnt", token, "", "")
			if !strings.Contains(body, bad.SubmissionID) || strings.Contains(body, good.SubmissionID) || !strings.Contains(body, "(1 Einreichung)") {
				t.Errorf("the filter on rejected shows the accepted one or not the rejected one")
			}
			_, _, body = w.Do(t, http.MethodGet, fitPath, tokenB, webtest.HostB, "")
			for _, leak := range []string{id, good.SubmissionID, bad.SubmissionID, ref} {
				if strings.Contains(body, leak) {
					t.Errorf("B's admin sees A's %s", leak)
				}
			}
			fitForwarded(t, w, admin, token, ref)
		})
	}
}

// fitFiled routes the application of accepted submission sid to its case
// (as the app's job would) and returns the case's reference.
func fitFiled(t *testing.T, w *webtest.World, sid string) string {
	t.Helper()
	ctx := context.Background()
	rs, _, err := subscriber.Received(ctx, w.DB, w.TenantA, subscriber.ReceivedQuery{Outcome: subscriber.Accepted, Limit: 10})
	webtest.Check(t, err)
	if len(rs) != 1 || rs[0].SubmissionID != sid {
		t.Fatalf("accepted: %+v", rs)
	}
	webtest.Check(t, w.Cases.OnSubmitted(ctx, rs[0].ApplicationID))
	var ref string
	webtest.Check(t, w.DB.QueryRowContext(ctx, `SELECT reference FROM case_record WHERE application_id = $1`, rs[0].ApplicationID).Scan(&ref))
	return ref
}

// fitForwarded: once the case went to an authority the admin does not
// head, the inbox names its reference without a link.
func fitForwarded(t *testing.T, w *webtest.World, admin casework.Staff, token, ref string) {
	t.Helper()
	ctx := context.Background()
	c, err := w.Cases.ByReference(ctx, admin, ref)
	webtest.Check(t, err)
	auths, err := catalog.ListAuthorities(ctx, w.DB, w.TenantA)
	webtest.Check(t, err)
	for _, a := range auths {
		if a.ID != c.AuthorityID {
			_, err = w.Cases.Forward(ctx, admin, c.ID, a.ID, "zuständig")
			webtest.Check(t, err)
			break
		}
	}
	_, _, body := w.Do(t, http.MethodGet, fitPath, token, "", "")
	if !strings.Contains(body, "Vorgang "+ref+" (bei einer anderen Behörde)") || strings.Contains(body, `href="/verwaltung/vorgaenge/`+ref+`"`) {
		t.Errorf("after the forward the inbox does not name %s without a link", ref)
	}
}

// fitRefused posts form as A's admin and expects it refused on the field
// whose error has id errID, the posted value kept, and no destination.
func fitRefused(t *testing.T, w *webtest.World, token, form, errID, kept string) {
	t.Helper()
	before := fitCount(t, w)
	status, _, body := w.Do(t, http.MethodPost, fitPath, token, "", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="`+errID+`"`) || !strings.Contains(body, `id="fit-errors"`) ||
		!strings.Contains(body, `value="`+kept+`"`) || strings.Contains(body, i18n.MissingMarker) {
		t.Errorf("%s: %d, want 422 with %s keeping %q", form, status, errID, kept)
	}
	if fitCount(t, w) != before {
		t.Errorf("%s: a refused destination was written", form)
	}
}

func fitCount(t *testing.T, w *webtest.World) int {
	t.Helper()
	var n int
	webtest.Check(t, w.DB.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM fitconnect_destination`).Scan(&n))
	return n
}

// fitJWKS downloads destination id's public keys as A's admin and checks
// they are two public keys.
func fitJWKS(t *testing.T, w *webtest.World, token, id string) []byte {
	t.Helper()
	status, _, body := w.Do(t, http.MethodGet, fitPath+"/"+url.PathEscape(id)+"/jwks.json", token, "", "")
	var set struct {
		Keys []map[string]any `json:"keys"`
	}
	if err := json.Unmarshal([]byte(body), &set); status != http.StatusOK || err != nil || len(set.Keys) != 2 {
		t.Fatalf("JWK set: %d %v", status, err)
	}
	for _, k := range set.Keys {
		if k["d"] != nil || k["p"] != nil {
			t.Fatalf("the JWK set holds a private key part: %v", k["kid"])
		}
	}
	return []byte(body)
}
