package journeys_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// isoAPIWrites: own's clients (the authority's and the tenant-wide one)
// can neither acknowledge, move, write to nor decide other's case — 404,
// and nothing changes; the same calls on own's case succeed (the notice
// decides it; its id is kept for the citizen pages). Both tenants upload
// the very same notice bytes: a notice's SHA-256 is unique per tenant only,
// so one tenant's notices can neither block nor reveal another's.
func isoAPIWrites(t *testing.T, w *boWorld, own *isoTenant, other isoTenant) {
	calls := []struct {
		path, ctype, body string
		ok                int
	}{
		{"/api/v1/submissions/%d/ack", "", "", http.StatusOK},
		{"/api/v1/cases/%d/status", "application/json", `{"action":"review"}`, http.StatusOK},
		{"/api/v1/cases/%d/messages", "application/json", `{"subject":"Fremd","body":"Fremd"}`, http.StatusCreated},
		{"/api/v1/cases/%d/notice?outcome=approved&title=Bescheid", "application/pdf", "%PDF-1.4\n% Bescheid aus dem Fachverfahren\n", http.StatusCreated},
	}
	for _, key := range []string{own.apiKey, own.wideKey} {
		for _, c := range calls {
			before := isoFingerprint(t, w, other)
			path := fmt.Sprintf(c.path, other.c.ID)
			status, body := isoAPIDo(t, w, http.MethodPost, path, key, own.host, c.ctype, strings.ReplaceAll(c.body, "REF", other.c.Reference))
			if status != http.StatusNotFound || strings.Contains(body, other.c.Reference) {
				t.Errorf("%s: POST %s on %s's case: %d, want 404", own.name, path, other.name, status)
			}
			if after := isoFingerprint(t, w, other); after != before {
				t.Errorf("%s: POST %s on %s's case changed data: %s → %s", own.name, path, other.name, before, after)
			}
		}
	}
	for _, c := range calls {
		status, body := isoAPIDo(t, w, http.MethodPost, fmt.Sprintf(c.path, own.c.ID), own.apiKey, own.host, c.ctype,
			strings.ReplaceAll(c.body, "REF", own.c.Reference))
		if status != c.ok {
			t.Fatalf("%s: POST %s on its own case: %d, want %d: %s", own.name, c.path, status, c.ok, body)
		}
		if strings.Contains(c.path, "/notice") {
			var n struct {
				NoticeID int64 `json:"noticeId"`
			}
			boCheck(t, json.Unmarshal([]byte(body), &n))
			own.notice = n.NoticeID
		}
	}
}

// isoFitConnect: once both submissions are sealed, own's clients list
// own's FIT-Connect submission and not other's, and fetching other's by
// its id is 404 while own's is 200.
func isoFitConnect(t *testing.T, w *boWorld, own, other isoTenant) {
	ownSub := isoSealed(t, w, own)
	otherSub := isoSealed(t, w, other)
	for _, key := range []string{own.apiKey, own.wideKey} {
		status, body := isoAPIGet(t, w, "/api/v1/fitconnect/submissions?status=all", key, own.host)
		if status != http.StatusOK || !strings.Contains(body, ownSub) || strings.Contains(body, otherSub) {
			t.Errorf("%s: FIT-Connect list %d: own listed %v, %s's listed %v", own.name, status,
				strings.Contains(body, ownSub), other.name, strings.Contains(body, otherSub))
		}
		if status, _ := isoAPIGet(t, w, "/api/v1/fitconnect/submissions/"+ownSub, key, own.host); status != http.StatusOK {
			t.Errorf("%s: own FIT-Connect submission: %d", own.name, status)
		}
		status, body = isoAPIGet(t, w, "/api/v1/fitconnect/submissions/"+otherSub, key, own.host)
		if status != http.StatusNotFound || strings.Contains(body, "encryptedData") {
			t.Errorf("%s: %s's FIT-Connect submission %s: %d, want 404", own.name, other.name, otherSub, status)
		}
	}
}

// isoSealed waits until it's case is sealed for FIT-Connect (the app's
// job workers do it) and returns the submission id, read with it's own
// client on it's own host.
func isoSealed(t *testing.T, w *boWorld, it isoTenant) string {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		_, body := isoAPIGet(t, w, "/api/v1/fitconnect/submissions?status=all", it.apiKey, it.host)
		var l struct {
			Submissions []struct {
				SubmissionID string `json:"submissionId"`
				CaseID       int64  `json:"amtswegCaseId"`
			} `json:"submissions"`
		}
		boCheck(t, json.Unmarshal([]byte(body), &l))
		if i := slices.IndexFunc(l.Submissions, func(s struct {
			SubmissionID string `json:"submissionId"`
			CaseID       int64  `json:"amtswegCaseId"`
		}) bool {
			return s.CaseID == it.c.ID
		}); i >= 0 {
			return l.Submissions[i].SubmissionID
		}
	}
	t.Fatalf("%s: case %s was not sealed for FIT-Connect", it.name, it.c.Reference)
	return ""
}

// isoAPIDo sends an API request with the bearer key to host.
func isoAPIDo(t *testing.T, w *boWorld, method, path, key, host, ctype, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, w.base+path, strings.NewReader(body))
	boCheck(t, err)
	if host != "" {
		req.Host = host
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := boClient().Do(req)
	boCheck(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	boCheck(t, err)
	return resp.StatusCode, string(raw)
}

// isoFingerprint is the state of tenant it as refused calls of another
// tenant could change it: the rows of its case (events, notes, requests,
// notices, messages, documents, acknowledgement, status, assignee,
// authority), its API clients and its dead webhook deliveries. It is
// scoped to it, so the other tenant's background jobs do not disturb it.
func isoFingerprint(t *testing.T, w *boWorld, it isoTenant) string {
	t.Helper()
	var b []string
	for _, q := range []string{
		`SELECT COUNT(*) FROM case_event WHERE case_id = $1`, `SELECT COUNT(*) FROM case_note WHERE case_id = $1`,
		`SELECT COUNT(*) FROM case_request WHERE case_id = $1`, `SELECT COUNT(*) FROM case_notice WHERE case_id = $1`,
		`SELECT COUNT(*) FROM mailbox_message WHERE case_id = $1`, `SELECT COUNT(*) FROM akte_document WHERE case_id = $1`,
		`SELECT COUNT(*) FROM api_ack WHERE case_id = $1`,
		`SELECT COUNT(*) FROM case_record WHERE id = $1 AND status IN ('in_review', 'decided')`,
		`SELECT COALESCE(SUM(COALESCE(assignee_id, 0) + authority_id), 0) FROM case_record WHERE id = $1`,
	} {
		b = append(b, isoCount(t, w, q, it.c.ID))
	}
	b = append(b, isoCount(t, w, `SELECT COUNT(*) FROM api_client WHERE tenant_id = $1`, it.tenantID),
		isoCount(t, w, `SELECT COUNT(*) FROM webhook_delivery d JOIN api_client c ON c.id = d.client_id
			WHERE c.tenant_id = $1 AND d.state = 'dead'`, it.tenantID),
		isoCount(t, w, `SELECT COUNT(*) FROM api_client WHERE tenant_id = $1 AND webhook_format = 'cloudevents'`, it.tenantID),
		isoCount(t, w, `SELECT COUNT(*) FROM fitconnect_destination WHERE authority_id = $1`, it.authority))
	return strings.Join(b, " ")
}

func isoCount(t *testing.T, w *boWorld, query string, arg any) string {
	t.Helper()
	var n int64
	boCheck(t, w.db.QueryRowContext(context.Background(), query, arg).Scan(&n))
	return strconv.FormatInt(n, 10)
}
