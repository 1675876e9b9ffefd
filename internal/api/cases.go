package api

import (
	"encoding/json"
	"io"
	"net/http"
	"time"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// StatusChange asks for a workflow action on a case.
type StatusChange struct {
	Action string `json:"action"` // review, resume or close
	Reason string `json:"reason,omitempty"`
}

// CaseStatus is a case's status after a change.
type CaseStatus struct {
	CaseID    int64     `json:"caseId"`
	Reference string    `json:"reference"`
	Status    string    `json:"status"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// NewMessage is a message to the applicant.
type NewMessage struct {
	Subject string `json:"subject"`
	Body    string `json:"body"`
}

// MessageCreated names the message written.
type MessageCreated struct {
	MessageID int64     `json:"messageId"`
	CaseID    int64     `json:"caseId"`
	CreatedAt time.Time `json:"createdAt"`
}

// NoticeCreated names the notice the case was decided with.
type NoticeCreated struct {
	NoticeID int64  `json:"noticeId"`
	CaseID   int64  `json:"caseId"`
	Outcome  string `json:"outcome"`
	SHA256   string `json:"sha256"`
}

// readJSON decodes the request body into v (at most 1 MB, no unknown
// fields).
func readJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fault.New(fault.Invalid, "the body is not valid JSON for this operation: %v", err)
	}
	return nil
}

// changeStatus serves POST /api/v1/cases/{id}/status.
func (a *API) changeStatus(w http.ResponseWriter, r *http.Request, c apiclient.Client) {
	var in StatusChange
	id, err := parseID(r.PathValue("id"))
	if err == nil {
		err = readJSON(r, &in)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	k, err := a.d.Integration.Move(r.Context(), c, id, casework.Action(in.Action), in.Reason)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, CaseStatus{CaseID: k.ID, Reference: k.Reference, Status: string(k.Status), UpdatedAt: k.UpdatedAt})
}

// postMessage serves POST /api/v1/cases/{id}/messages.
func (a *API) postMessage(w http.ResponseWriter, r *http.Request, c apiclient.Client) {
	var in NewMessage
	id, err := parseID(r.PathValue("id"))
	if err == nil {
		err = readJSON(r, &in)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	m, err := a.d.Integration.PostMessage(r.Context(), c, id, in.Subject, in.Body)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, MessageCreated{MessageID: m.ID, CaseID: m.CaseID, CreatedAt: m.CreatedAt})
}

// uploadNotice serves POST /api/v1/cases/{id}/notice with the PDF as body.
func (a *API) uploadNotice(w http.ResponseWriter, r *http.Request, c apiclient.Client) {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	pdf, err := io.ReadAll(io.LimitReader(r.Body, casework.MaxExternalNotice+1))
	if err != nil {
		a.fail(w, r, fault.New(fault.Invalid, "could not read the body"))
		return
	}
	q := r.URL.Query()
	n, err := a.d.Integration.Decide(r.Context(), c, id, casework.Outcome(q.Get("outcome")), q.Get("title"), pdf)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, NoticeCreated{NoticeID: n.ID, CaseID: n.CaseID, Outcome: string(n.Outcome), SHA256: n.SHA256})
}
