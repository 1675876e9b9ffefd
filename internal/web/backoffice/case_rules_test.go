package backoffice_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/casework/caseworktest"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// rulesProcedure has one enforced and one manual rule (as an imported FIM
// schema has).
const rulesProcedure = `id: bo-rules
version: 1
title: {de: Regelprüfung, en: Rule check}
assurance: low
guest: true
deadline: P1M
retention: P10Y
rules:
  - {id: R1, text: {de: "Der Name ist wie im Ausweis anzugeben."}, fields: [name], enforced: true}
  - {id: R2, text: {de: "Bei Listenhunden ist ein Wesenstest beizufügen."}, enforced: false, reason: prose}
pages:
  - id: p
    title: {de: Angaben}
    fields:
      - {id: name, type: short_text, label: {de: Name}, required: true}
`

// TestCasePageListsRules: the case worker sees the rules of the
// procedure version, marked checked automatically or to check by hand.
// On both databases.
func TestCasePageListsRules(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			w := webtest.Start(t, d)
			_, err := procedure.Import(context.Background(), w.DB, []byte(rulesProcedure), "bo-rules.yaml")
			webtest.Check(t, err)
			staff := w.Principal(t, w.TenantA, "")
			s := w.CW.Submit(t, caseworktest.Submission{TenantID: w.TenantA, Procedure: "bo-rules",
				Owner: apply.GuestOwner(w.TenantA, ""), Name: "Erika Mustermann", Staff: staff})
			token := w.Session(t, staff.AccountID)
			st, _, body := w.Do(t, http.MethodGet, "/verwaltung/vorgaenge/"+s.Case.Reference, token, "", "")
			if st != http.StatusOK {
				t.Fatalf("case page: %d", st)
			}
			_, section, _ := strings.Cut(body, `id="rules"`)
			section, _, _ = strings.Cut(section, "</ul>")
			for _, want := range []string{">Regeln des Verfahrens<", "automatisch geprüft</span></span> Der Name ist wie im Ausweis anzugeben.",
				"bitte selbst prüfen</span></span> Bei Listenhunden ist ein Wesenstest beizufügen."} {
				if !strings.Contains(section, want) {
					t.Errorf("the rules section of the case page lacks %q:\n%s", want, section)
				}
			}
		})
	}
}
