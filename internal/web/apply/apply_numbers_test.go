package apply_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/fitconnect"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// numbersProcedure has every number type, a 20-digit bound and a small
// range, and a place so that the submission is routed to an authority.
const numbersProcedure = `id: zahlentest
version: 1
title: {de: "Zahlentest", en: "Number test"}
leika: ["99115005104000"]
assurance: low
guest: true
deadline: P2W
retention: P1Y
pages:
  - id: zahlen
    title: {de: "Zahlen", en: "Numbers"}
    fields:
      - {id: gemeinde, type: place, label: {de: "Gemeinde", en: "Municipality"}, required: true}
      - {id: ganz17, type: integer, label: {de: "Siebzehn Stellen", en: "Seventeen digits"}}
      - {id: ganz20, type: integer, label: {de: "Zwanzig Stellen", en: "Twenty digits"}, min: 0, max: "99999999999999999999"}
      - {id: dezimal, type: decimal, label: {de: "Dezimalzahl", en: "Decimal"}}
      - {id: betrag, type: money, label: {de: "Betrag", en: "Amount"}}
      - {id: monat, type: integer, label: {de: "Monat", en: "Month"}, min: 1, max: 12}
`

// TestNumbersExact: a 17- and a 20-digit whole number, a decimal with 17
// fraction digits and a 13-digit amount go through the form, the review,
// the submission and the receipt, and arrive digit for digit in the API's
// submission JSON and the FIT-Connect data (they used to be float64: 12345678901234567 became
// 12345678901234568, 20 digits were refused). A value outside the field's
// range is a field error, on both engines.
func TestNumbersExact(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			w := webtest.Start(t, d, func(c *config.Config) { c.Jobs = true })
			if _, err := procedure.Import(context.Background(), w.DB, []byte(numbersProcedure), "zahlentest.yaml"); err != nil {
				t.Fatal(err)
			}
			var dresden int64 // the registration office the submission is routed to
			webtest.Check(t, w.DB.QueryRowContext(context.Background(), `SELECT id FROM authority WHERE tenant_id = $1 AND name = $2`,
				w.TenantA, "Bürgerbüro der Stadt Dresden").Scan(&dresden))
			_, err := fitconnect.RegisterKey(context.Background(), w.DB, "test", w.TenantA, dresden, webtest.FITJWK(t))
			webtest.Check(t, err)
			c := newAnClient(t, w.Base)
			st, at, _ := c.post("/antrag/zahlentest", url.Values{}, "", "", nil)
			m := draftRE.FindStringSubmatch(at)
			if st != http.StatusOK || m == nil {
				t.Fatalf("start: %d at %s", st, at)
			}
			draft := "/antraege/" + m[1]
			form := url.Values{"aktion": {"weiter"}, "gemeinde": {"Dresden"}, "gemeinde.wahl": {anPlaceARS},
				"ganz17": {"12345678901234567"}, "ganz20": {"12345678901234567890"},
				"dezimal": {"1234,56789012345678901"}, "betrag": {"1.234.567.890.123,45"}, "monat": {"13"}}
			st, _, body := c.post(draft+"/seiten/zahlen", form, "", "", nil)
			if st != http.StatusUnprocessableEntity || !strings.Contains(errorSummary(body), "höchstens 12") {
				t.Fatalf("month 13: %d, want 422 with 'höchstens 12'\n%s", st, errorSummary(body))
			}
			form.Set("monat", "12")
			review := c.page(draft+"/seiten/zahlen", form, "/pruefen")
			want := map[string]string{"Siebzehn Stellen": "12345678901234567", "Zwanzig Stellen": "12345678901234567890",
				"Dezimalzahl": "1234,56789012345678901", "Betrag": "1234567890123,45 €", "Monat": "12"}
			wantRows(t, "review", review, want)
			key := regexpKey(t, review)
			st, at, receipt := c.post(draft+"/einreichen", url.Values{"einwilligung": {"ja"}, "schluessel": {key}}, "", "", nil)
			if st != http.StatusOK || !strings.HasSuffix(at, "/eingangsbestaetigung") {
				t.Fatalf("submit: %d at %s\n%s", st, at, errorSummary(receipt))
			}
			wantRows(t, "receipt", receipt, want)

			cs := w.RoutedCase(t, answerRows(receipt)["Aktenzeichen"])
			cl, err := apiclient.Create(context.Background(), w.DB, "test", apiclient.New{TenantID: w.TenantA, AuthorityID: cs.AuthorityID,
				Name: "Fachverfahren", Scopes: apiclient.Scopes(), RatePerMin: 600, Secrets: blobtest.KeysOf(t, w.DB, w.Dir)})
			webtest.Check(t, err)
			for via, data := range map[string]map[string]any{"API": apiSubmissionData(t, w.Base, cl.APIKey, cs.ID),
				"FIT-Connect": fitConnectData(t, w.Base, cl.APIKey, cs.ID)} {
				for id, digits := range map[string]string{"ganz17": "12345678901234567", "ganz20": "12345678901234567890",
					"dezimal": "1234.56789012345678901", "monat": "12"} {
					if n, ok := data[id].(json.Number); !ok || n.String() != digits {
						t.Errorf("%s data.%s = %#v, want the JSON number %s", via, id, data[id], digits)
					}
				}
				if data["betrag"] != "1234567890123.45" || data["gemeinde"] != anPlaceARS {
					t.Errorf("%s data: betrag %#v, gemeinde %#v; want \"1234567890123.45\" and the ARS", via, data["betrag"], data["gemeinde"])
				}
			}
		})
	}
}

func regexpKey(t *testing.T, review string) string {
	t.Helper()
	i := strings.Index(review, `name="schluessel" value="`)
	if i < 0 {
		t.Fatal("review without idempotency key")
	}
	rest := review[i+len(`name="schluessel" value="`):]
	return rest[:strings.IndexByte(rest, '"')]
}

// fitConnectData waits until the case's FIT-Connect submission is sealed,
// fetches it over the API and returns its decrypted data, numbers as
// written.
func fitConnectData(t *testing.T, base, key string, caseID int64) map[string]any {
	t.Helper()
	var sub struct {
		SubmissionID  string `json:"submissionId"`
		CaseID        int64  `json:"amtswegCaseId"`
		EncryptedData string `json:"encryptedData"`
	}
	for deadline := time.Now().Add(60 * time.Second); sub.SubmissionID == ""; time.Sleep(200 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("case %d was not sealed for FIT-Connect", caseID)
		}
		var l struct {
			Submissions []struct {
				SubmissionID string `json:"submissionId"`
				CaseID       int64  `json:"amtswegCaseId"`
			}
		}
		webtest.Check(t, json.Unmarshal(apiGet(t, base+"/api/v1/fitconnect/submissions?status=all", key), &l))
		for _, s := range l.Submissions {
			if s.CaseID == caseID {
				sub.SubmissionID = s.SubmissionID
			}
		}
	}
	webtest.Check(t, json.Unmarshal(apiGet(t, base+"/api/v1/fitconnect/submissions/"+sub.SubmissionID, key), &sub))
	obj, err := jose.ParseEncryptedCompact(sub.EncryptedData, []jose.KeyAlgorithm{jose.RSA_OAEP_256}, []jose.ContentEncryption{jose.A256GCM})
	webtest.Check(t, err)
	priv, err := webtest.FITKey()
	webtest.Check(t, err)
	plain, err := obj.Decrypt(priv)
	webtest.Check(t, err)
	var data map[string]any
	dec := json.NewDecoder(bytes.NewReader(plain))
	dec.UseNumber()
	webtest.Check(t, dec.Decode(&data))
	return data
}

// apiGet is a GET with the client's key that must answer 200.
func apiGet(t *testing.T, url, key string) []byte {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	webtest.Check(t, err)
	req.Header.Set("Authorization", "Bearer "+key)
	res, err := http.DefaultClient.Do(req)
	webtest.Check(t, err)
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, res.StatusCode, raw)
	}
	return raw
}

// apiSubmissionData fetches GET /api/v1/submissions/{caseID} and returns
// its data with numbers as written (json.Number).
func apiSubmissionData(t *testing.T, base, key string, caseID int64) map[string]any {
	t.Helper()
	raw := apiGet(t, fmt.Sprintf("%s/api/v1/submissions/%d", base, caseID), key)
	var out struct {
		Data map[string]any `json:"data"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	webtest.Check(t, dec.Decode(&out))
	return out.Data
}
