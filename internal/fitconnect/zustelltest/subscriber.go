package zustelltest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// The event types a subscriber may send.
const (
	eventAccept = "https://schema.fitko.de/fit-connect/events/accept-submission"
	eventReject = "https://schema.fitko.de/fit-connect/events/reject-submission"
)

// list answers GET /v1/submissions?destinationId=…&offset=…&limit=…
// with the submitted submissions waiting for their subscriber.
func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	offset, _ := strconv.Atoi(q.Get("offset"))
	limit, err := strconv.Atoi(q.Get("limit"))
	if err != nil || limit <= 0 || limit > 500 {
		limit = 100
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var all []map[string]string
	for _, id := range s.order {
		x := s.submissions[id]
		if x.Status == "submitted" && (q.Get("destinationId") == "" || x.Destination == q.Get("destinationId")) {
			all = append(all, map[string]string{"destinationId": x.Destination, "submissionId": x.ID, "caseId": x.CaseID})
		}
	}
	page := []map[string]string{}
	if offset < len(all) {
		page = all[offset:min(len(all), offset+limit)]
	}
	writeJSON(w, http.StatusOK, map[string]any{"count": len(page), "offset": offset, "totalCount": len(all), "submissions": page})
}

// waiting returns the submitted submission of the request's {id}.
func (s *Server) waiting(w http.ResponseWriter, r *http.Request) *submission {
	x := s.submissions[r.PathValue("id")]
	if x == nil || x.Status == "created" {
		problem(w, http.StatusNotFound, "submission-not-found", "no such submission")
		return nil
	}
	if x.Status != "submitted" {
		problem(w, http.StatusGone, "submission-state-invalid", "the submission was "+x.Status+" and its content deleted")
		return nil
	}
	return x
}

// get answers GET /v1/submissions/{id}.
func (s *Server) get(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if x := s.waiting(w, r); x != nil {
		out := map[string]any{"destinationId": x.Destination, "submissionId": x.ID, "caseId": x.CaseID,
			"serviceType": x.ServiceType, "attachments": x.Announced, "encryptedMetadata": x.Metadata}
		if x.Data != "" {
			out["encryptedData"] = x.Data
		}
		writeJSON(w, http.StatusOK, out)
	}
}

// attachment answers GET /v1/submissions/{id}/attachments/{aid} with the
// JWE (application/jose).
func (s *Server) attachment(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	x := s.waiting(w, r)
	if x == nil {
		return
	}
	jwe, ok := x.Attachments[r.PathValue("aid")]
	if !ok {
		problem(w, http.StatusNotFound, "attachment-not-found", "no such attachment")
		return
	}
	w.Header().Set("Content-Type", "application/jose")
	io.WriteString(w, jwe)
}

// eventLog answers GET /v1/cases/{id}/events?offset=…&limit=… (at most
// 500 events a page, as the Submission API gives them).
func (s *Server) eventLog(w http.ResponseWriter, r *http.Request) {
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	limit, err := strconv.Atoi(r.URL.Query().Get("limit"))
	if err != nil || limit <= 0 {
		limit = 100
	}
	if limit > 500 || offset < 0 {
		problem(w, http.StatusBadRequest, "invalid-request", "limit is at most 500, offset not negative")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	all := s.events[r.PathValue("id")]
	page := []string{}
	if offset < len(all) {
		page = append(page, all[offset:min(len(all), offset+limit)]...)
	}
	writeJSON(w, http.StatusOK, map[string]any{"count": len(page), "offset": offset, "totalCount": len(all), "eventLog": page})
}

// postEvent takes a subscriber's accept-submission or reject-submission
// SET (POST /v1/cases/{id}/events, application/jose) after verifying it.
func (s *Server) postEvent(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Content-Type") != "application/jose" {
		problem(w, http.StatusUnsupportedMediaType, "unsupported-media-type", "events are sent as application/jose")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		problem(w, http.StatusBadRequest, "invalid-request", err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failEvents > 0 {
		s.failEvents--
		problem(w, http.StatusServiceUnavailable, "service-unavailable", "try again later")
		return
	}
	x, event, err := s.verify(r.PathValue("id"), string(body))
	if err != nil {
		problem(w, http.StatusUnprocessableEntity, "invalid-event", err.Error())
		return
	}
	if x.Status != "submitted" {
		problem(w, http.StatusConflict, "submission-state-invalid", "the submission was "+x.Status+" already")
		return
	}
	x.Status = map[string]string{eventAccept: "accepted", eventReject: "rejected"}[event]
	x.Metadata, x.Data, x.Attachments = "", "", nil // the service deletes the content once decided
	s.events[x.CaseID] = append(s.events[x.CaseID], string(body))
	w.WriteHeader(http.StatusNoContent)
}

// verify checks a SET as the Submission Service does and returns its
// submission and event type.
func (s *Server) verify(caseID, set string) (*submission, string, error) {
	jws, err := jose.ParseSigned(set, []jose.SignatureAlgorithm{jose.PS512})
	if err != nil {
		return nil, "", fmt.Errorf("not a JWS signed PS512: %v", err)
	}
	h := jws.Signatures[0].Protected
	if h.ExtraHeaders["typ"] != "secevent+jwt" {
		return nil, "", fmt.Errorf("typ is %v, not secevent+jwt", h.ExtraHeaders["typ"])
	}
	var claims struct {
		Schema string                     `json:"$schema"`
		JTI    string                     `json:"jti"`
		Iss    string                     `json:"iss"`
		IAT    int64                      `json:"iat"`
		Sub    string                     `json:"sub"`
		Txn    string                     `json:"txn"`
		Events map[string]json.RawMessage `json:"events"`
	}
	if err := json.Unmarshal(jws.UnsafePayloadWithoutVerification(), &claims); err != nil {
		return nil, "", fmt.Errorf("payload: %v", err)
	}
	x := s.submissions[strings.TrimPrefix(claims.Sub, "submission:")]
	switch {
	case !strings.HasPrefix(claims.Sub, "submission:") || x == nil:
		return nil, "", fmt.Errorf("sub %q names no submission", claims.Sub)
	case claims.Txn != "case:"+caseID || x.CaseID != caseID:
		return nil, "", fmt.Errorf("txn %q is not case %s of the submission", claims.Txn, caseID)
	case claims.Iss != x.Destination:
		return nil, "", fmt.Errorf("iss %q is not the submission's destination", claims.Iss)
	case claims.JTI == "" || claims.IAT == 0 || time.Since(time.Unix(claims.IAT, 0)) > time.Hour:
		return nil, "", fmt.Errorf("jti and a recent iat are required")
	case len(claims.Events) != 1:
		return nil, "", fmt.Errorf("a SET carries exactly one event")
	}
	d := s.destinations[x.Destination]
	if h.KeyID != d.sig.KeyID {
		return nil, "", fmt.Errorf("kid %q is not the destination's signature key", h.KeyID)
	}
	if _, err := jws.Verify(d.sig.Key); err != nil {
		return nil, "", fmt.Errorf("signature: %v", err)
	}
	for event, payload := range claims.Events {
		if event != eventAccept && event != eventReject {
			return nil, "", fmt.Errorf("a subscriber cannot send %s", event)
		}
		if claims.Schema != "" {
			if err := checkPayload(x, claims.Schema, event, payload); err != nil {
				return nil, "", err
			}
		}
		return x, event, nil
	}
	return nil, "", fmt.Errorf("no event")
}

// setPayloadSchema matches the SET payload schemas 1.x
// (https://schema.fitko.de/fit-connect/set-payload/1.0.0/set-payload.schema.json).
var setPayloadSchema = regexp.MustCompile(`^https://schema\.fitko\.de/fit-connect/set-payload/1\.\d+\.\d+/set-payload\.schema\.json$`)

// checkPayload checks the event payload a SET with $schema must carry
// (FIT-Connect "SET Erzeugung": an event without payload names no
// $schema): accept-submission the authentication tags of exactly the
// JWEs the submission holds, reject-submission at least one problem with
// type, title, detail and instance.
func checkPayload(x *submission, schema, event string, raw json.RawMessage) error {
	if !setPayloadSchema.MatchString(schema) {
		return fmt.Errorf("$schema %q is no SET payload schema 1.x", schema)
	}
	var p struct {
		Tags *struct {
			Metadata    string            `json:"metadata"`
			Data        string            `json:"data"`
			Attachments map[string]string `json:"attachments"`
		} `json:"authenticationTags"`
		Problems []struct{ Type, Title, Detail, Instance string } `json:"problems"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		return fmt.Errorf("event payload: %v", err)
	}
	if event == eventReject {
		for _, pr := range p.Problems {
			if pr.Type == "" || pr.Title == "" || pr.Detail == "" || pr.Instance == "" {
				return fmt.Errorf("a problem needs type, title, detail and instance")
			}
		}
		if len(p.Problems) == 0 {
			return fmt.Errorf("reject-submission carries its problems")
		}
		return nil
	}
	switch {
	case p.Tags == nil:
		return fmt.Errorf("accept-submission carries the authenticationTags")
	case p.Tags.Metadata != authTag(x.Metadata) || p.Tags.Data != authTag(x.Data):
		return fmt.Errorf("the authenticationTags of metadata or data are not the submission's")
	case len(p.Tags.Attachments) != len(x.Attachments):
		return fmt.Errorf("the authenticationTags name %d attachments, the submission has %d", len(p.Tags.Attachments), len(x.Attachments))
	}
	for id, jwe := range x.Attachments {
		if p.Tags.Attachments[id] != authTag(jwe) {
			return fmt.Errorf("the authenticationTag of attachment %s is not the submission's", id)
		}
	}
	return nil
}

// authTag is the fifth part of a JWE compact serialization, "" for none.
func authTag(jwe string) string {
	parts := strings.Split(jwe, ".")
	if len(parts) != 5 {
		return ""
	}
	return parts[4]
}
