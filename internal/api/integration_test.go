package api_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/api"
	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

var all = apiclient.Scopes()

func id(n int64) string { return strconv.FormatInt(n, 10) }

// token gets an access token with the client credentials grant.
func (f *fx) token(t *testing.T, c apiclient.Created, scope string) api.TokenResponse {
	t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "scope": {scope}}
	req, err := http.NewRequest("POST", f.url+"/api/oauth/token", strings.NewReader(form.Encode()))
	check(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(c.ClientID, c.Secret)
	var tok api.TokenResponse
	res, raw := f.validator.do(t, req)
	if res.StatusCode != 200 {
		t.Fatalf("token: %d %s", res.StatusCode, raw)
	}
	check(t, jsonUnmarshal(raw, &tok))
	return tok
}

func wantStatus(t *testing.T, res *http.Response, status int) {
	t.Helper()
	if res.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d", res.Request.Method, res.Request.URL.Path, res.StatusCode, status)
	}
	if status >= 400 && res.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("error without problem+json: %q", res.Header.Get("Content-Type"))
	}
}

// TestSpecialisedSystem drives the API as a specialised system would, on
// both engines; every response is validated against the OpenAPI document.
func TestSpecialisedSystem(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		a := f.client(t, f.clearing, 1000, "", all...)
		b := f.client(t, f.other, 1000, "", all...)
		eventsOnly := f.client(t, f.clearing, 1000, "", apiclient.EventsRead)
		c1, c2 := f.submit(t), f.submit(t)

		tok := f.token(t, a, "")
		if tok.TokenType != "Bearer" || tok.ExpiresIn != 300 || !strings.HasPrefix(tok.AccessToken, "awt_") {
			t.Fatalf("token %+v", tok)
		}
		var list api.SubmissionList
		wantStatus(t, f.call(t, "GET", "/api/v1/submissions", tok.AccessToken, nil, &list), 200)
		if len(list.Items) != 2 || list.Items[0].CaseID != c1.ID || list.Items[0].Reference != c1.Reference ||
			list.Items[0].ProcedureID != "fvtest" || list.Items[0].ProcedureVersion != 1 || list.Items[0].AckOverdue {
			t.Fatalf("list %+v", list)
		}
		var sub api.Submission
		wantStatus(t, f.call(t, "GET", "/api/v1/submissions/"+id(c1.ID), a.APIKey, nil, &sub), 200)
		if sub.Data["name"] != "Antragsteller 1" || sub.SubmittedAt.IsZero() {
			t.Fatalf("submission %+v", sub)
		}
		wantStatus(t, f.call(t, "POST", "/api/v1/submissions/"+id(c1.ID)+"/ack", a.APIKey, nil, &sub), 200)
		if sub.AcknowledgedAt == nil {
			t.Fatal("acknowledged without a time")
		}
		wantStatus(t, f.call(t, "GET", "/api/v1/submissions?status=new", a.APIKey, nil, &list), 200)
		if len(list.Items) != 1 || list.Items[0].CaseID != c2.ID {
			t.Fatalf("new after ack: %+v", list.Items)
		}

		// Scopes, other authorities, credentials.
		wantStatus(t, f.call(t, "GET", "/api/v1/submissions", eventsOnly.APIKey, nil, nil), 403)
		narrow := f.token(t, a, "events:read")
		wantStatus(t, f.call(t, "GET", "/api/v1/submissions", narrow.AccessToken, nil, nil), 403)
		wantStatus(t, f.call(t, "GET", "/api/v1/submissions/"+id(c1.ID), b.APIKey, nil, nil), 404)
		wantStatus(t, f.call(t, "POST", "/api/v1/cases/"+id(c1.ID)+"/status", b.APIKey, api.StatusChange{Action: "review"}, nil), 404)
		wantStatus(t, f.call(t, "GET", "/api/v1/submissions", "", nil, nil), 401)
		wantStatus(t, f.call(t, "GET", "/api/v1/submissions", "aw_"+a.ClientID+".wrong", nil, nil), 401)
		wantStatus(t, f.call(t, "GET", "/api/v1/submissions", "awt_forged", nil, nil), 401)

		// Case work: status, message, notice.
		var st api.CaseStatus
		wantStatus(t, f.call(t, "POST", "/api/v1/cases/"+id(c1.ID)+"/status", a.APIKey, api.StatusChange{Action: "review"}, &st), 200)
		if st.Status != string(casework.InReview) {
			t.Fatalf("status %+v", st)
		}
		wantStatus(t, f.call(t, "POST", "/api/v1/cases/"+id(c1.ID)+"/status", a.APIKey, api.StatusChange{Action: "review"}, nil), 409)
		wantStatus(t, f.call(t, "POST", "/api/v1/cases/"+id(c1.ID)+"/status", a.APIKey, api.StatusChange{Action: "decide"}, nil), 422)
		var msg api.MessageCreated
		wantStatus(t, f.call(t, "POST", "/api/v1/cases/"+id(c1.ID)+"/messages", a.APIKey,
			api.NewMessage{Subject: "Eingang", Body: "Ihr Antrag ist eingegangen."}, &msg), 201)
		wantStatus(t, f.call(t, "POST", "/api/v1/cases/"+id(c1.ID)+"/notice?outcome=approved&title=Bescheid", a.APIKey,
			[]byte("not a pdf"), nil), 422)
		var notice api.NoticeCreated
		wantStatus(t, f.call(t, "POST", "/api/v1/cases/"+id(c1.ID)+"/notice?outcome=approved&title=Bescheid", a.APIKey,
			[]byte("%PDF-1.4\n% Bescheid aus dem Fachverfahren\n"), &notice), 201)
		if notice.Outcome != "approved" || len(notice.SHA256) != 64 {
			t.Fatalf("notice %+v", notice)
		}
		if got, err := f.cases.Get(bg(), f.staff, c1.ID); err != nil || got.Status != casework.Decided {
			t.Fatalf("case after notice: %v %v", got.Status, err)
		}
		// The same bytes as another case's notice are refused with a clear
		// conflict (a notice PDF must name one case when checked), not a 500.
		wantStatus(t, f.call(t, "POST", "/api/v1/cases/"+id(c2.ID)+"/notice?outcome=approved&title=Bescheid", a.APIKey,
			[]byte("%PDF-1.4\n% Bescheid aus dem Fachverfahren\n"), nil), 409)
		if got, err := f.cases.Get(bg(), f.staff, c2.ID); err != nil || got.Status == casework.Decided {
			t.Fatalf("case decided by a refused notice: %v %v", got.Status, err)
		}

		// Catalog stays public and documented.
		wantStatus(t, f.call(t, "GET", "/api/v1/regions", "", nil, nil), 422)

		// Every call of the client is audited with its actor.
		var n int
		check(t, db.QueryRowContext(bg(), `SELECT COUNT(*) FROM audit_log WHERE actor = $1 AND action = 'api.getSubmission' AND object_id = $2`,
			a.Actor(), id(c1.ID)).Scan(&n))
		if n != 1 {
			t.Errorf("%d audit entries for getSubmission, want 1", n)
		}
		// Retention can still purge an acknowledged case; the ack goes with it.
		check(t, db.Tx(bg(), func(tx *store.Tx) error { return casework.PurgeTx(bg(), tx, c1.ID) }))
		var acks int
		check(t, db.QueryRowContext(bg(), `SELECT COUNT(*) FROM api_ack WHERE case_id = $1`, c1.ID).Scan(&acks))
		if acks != 0 {
			t.Fatal("acknowledgement of a purged case left behind")
		}
	})
}
