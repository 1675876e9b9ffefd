package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestAdminFourEyes: the tenant admin sets a co-signing rule for one
// procedure and authority, which decides the next draft's four-eyes
// requirement; a bad scope and another tenant's authority are refused
// with the reason and nothing stored; case workers get no page.
func TestAdminFourEyes(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			w := webtest.Start(t, d)
			ctx := context.Background()
			admin := w.Principal(t, w.TenantA, "")
			token := w.Session(t, admin.AccountID)
			auths, err := catalog.NewDirectory(w.DB).Authorities(ctx, w.TenantA)
			webtest.Check(t, err)
			w.Principal(t, w.TenantB, "") // creates B's clearing office
			authB, err := catalog.NewDirectory(w.DB).Authorities(ctx, w.TenantB)
			webtest.Check(t, err)
			a := auths[0]

			status, _, body := w.Do(t, http.MethodGet, "/verwaltung/mandant/mitzeichnung", token, "", "")
			if status != http.StatusOK || !strings.Contains(body, `id="four-eyes-rules"`) || strings.Contains(body, i18n.MissingMarker) {
				t.Fatalf("page: %d", status)
			}
			form := fmt.Sprintf("procedure=bo-matrix&authority=%d&scope=rejections", a.ID)
			status, loc, _ := w.Do(t, http.MethodPost, "/verwaltung/mandant/mitzeichnung", token, "", form)
			if status != http.StatusSeeOther || loc != "/verwaltung/mandant/mitzeichnung?hinweis=gespeichert" {
				t.Fatalf("save: %d %s", status, loc)
			}
			if sc, _ := casework.FourEyes(ctx, w.DB, w.TenantA, "bo-matrix", a.ID); sc != casework.FourEyesRejections {
				t.Fatalf("stored scope %q", sc)
			}
			_, _, body = w.Do(t, http.MethodGet, "/verwaltung/mandant/mitzeichnung?hinweis=gespeichert", token, "", "")
			if !strings.Contains(body, `id="four-eyes-saved"`) || !strings.Contains(body, "Ablehnungen (auch teilweise)") {
				t.Errorf("the saved rule is not listed")
			}
			for form, want := range map[string]string{
				"procedure=bo-matrix&authority=0&scope=sometimes":                      "Bitte wählen Sie, welche Bescheide",
				fmt.Sprintf("procedure=bo-matrix&authority=%d&scope=all", authB[0].ID): "gibt es bei diesem Mandanten nicht",
			} {
				status, _, body := w.Do(t, http.MethodPost, "/verwaltung/mandant/mitzeichnung", token, "", form)
				if status != http.StatusUnprocessableEntity || !strings.Contains(body, want) {
					t.Errorf("%s: %d, want 422 with %q", form, status, want)
				}
			}
			if sc, _ := casework.FourEyes(ctx, w.DB, w.TenantA, "bo-matrix", 0); sc != casework.FourEyesNone {
				t.Errorf("a refused rule was stored: %q", sc)
			}
			worker := w.Staff(t, w.TenantA, "Sabine Sachbearbeiterin", account.StaffRole{Role: account.RoleCaseWorker, AuthorityID: a.ID})
			if status, _, _ := w.Do(t, http.MethodGet, "/verwaltung/mandant/mitzeichnung", w.Session(t, worker), "", ""); status != http.StatusForbidden && status != http.StatusNotFound {
				t.Errorf("a case worker got the page: %d", status)
			}
		})
	}
}
