package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestCasePageNamesChannel: the case page of an application that came
// through FIT-Connect says so, with the submission id and the sender's
// reference.
func TestCasePageNamesChannel(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			w := webtest.Start(t, d)
			ctx := context.Background()
			staff := w.Principal(t, w.TenantA, "")
			token := w.Session(t, staff.AccountID)
			const sid = "3a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c7d"
			rc, err := w.CW.Apps.FileExternal(ctx, apply.External{TenantID: w.TenantA, ProcedureID: "bo-matrix",
				Answers: map[string]any{"name": "Erika Eingang"}, Channel: "fitconnect", ExternalID: sid, Sender: "OD-4711"})
			webtest.Check(t, err)
			webtest.Check(t, w.CW.Cases.OnSubmitted(ctx, rc.ApplicationID))
			status, _, body := w.Do(t, http.MethodGet, "/verwaltung/vorgaenge/"+rc.Reference, token, "", "")
			if status != http.StatusOK {
				t.Fatalf("case page: %d", status)
			}
			for _, want := range []string{"Eingangskanal", "FIT-Connect, Einreichung " + sid, "Zeichen des Absenders: OD-4711"} {
				if !strings.Contains(body, want) {
					t.Errorf("case page lacks %q", want)
				}
			}
		})
	}
}
