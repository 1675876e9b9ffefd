package api

import (
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/integration"
)

// Submission is a submitted application for the authority's specialised
// system. Data holds the answers by the procedure's field ids.
type Submission struct {
	CaseID           int64          `json:"caseId"`
	ApplicationID    int64          `json:"applicationId"`
	AuthorityID      int64          `json:"authorityId"`
	Reference        string         `json:"reference"`
	ProcedureID      string         `json:"procedureId"`
	ProcedureVersion int            `json:"procedureVersion"`
	LeiKaKey         string         `json:"leikaKey"`
	Status           string         `json:"status"`
	SubmittedAt      time.Time      `json:"submittedAt"`
	AcknowledgedAt   *time.Time     `json:"acknowledgedAt,omitempty"`
	AckOverdue       bool           `json:"ackOverdue"`
	Data             map[string]any `json:"data,omitempty"`
	Attachments      []Attachment   `json:"attachments,omitempty"`
}

// Attachment is a file of a submission with its download URL.
type Attachment struct {
	ID          int64  `json:"id"`
	FieldPath   string `json:"fieldPath"`
	Name        string `json:"name"`
	MediaType   string `json:"mediaType"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
	DownloadURL string `json:"downloadUrl"`
}

// SubmissionList is one page of submissions; Next is the cursor for the
// next page (the last caseId), 0 at the end.
type SubmissionList struct {
	Items []Submission `json:"items"`
	Next  int64        `json:"next"`
}

func submissionOf(x integration.Submission) Submission {
	s := Submission{CaseID: x.CaseID, ApplicationID: x.ApplicationID, AuthorityID: x.AuthorityID, Reference: x.Reference,
		ProcedureID: x.ProcedureID, ProcedureVersion: x.ProcedureVersion, LeiKaKey: x.LeiKaKey, Status: x.Status,
		SubmittedAt: x.SubmittedAt, AckOverdue: x.AckOverdue, Data: x.Data}
	if !x.AcknowledgedAt.IsZero() {
		t := x.AcknowledgedAt
		s.AcknowledgedAt = &t
	}
	for _, f := range x.Attachments {
		s.Attachments = append(s.Attachments, Attachment{ID: f.ID, FieldPath: f.FieldPath, Name: f.Name, MediaType: f.MediaType,
			Size: f.Size, SHA256: f.SHA256, DownloadURL: "/api/v1/submissions/" + strconv.FormatInt(x.CaseID, 10) +
				"/attachments/" + strconv.FormatInt(f.ID, 10)})
	}
	return s
}

// listSubmissions serves GET /api/v1/submissions.
func (a *API) listSubmissions(w http.ResponseWriter, r *http.Request, c apiclient.Client) {
	v := r.URL.Query()
	after, ferr1 := intParam(v.Get("after"), "after")
	limit, ferr2 := intParam(v.Get("limit"), "limit")
	status := v.Get("status")
	var ferr3 *fault.FieldError
	if status != "" && status != "new" && status != "all" {
		ferr3 = &fault.FieldError{Field: "status", Key: "api.invalid.status", Text: "status must be new or all"}
	}
	if err := joinFields(ferr1, ferr2, ferr3); err != nil {
		a.fail(w, r, err)
		return
	}
	xs, err := a.d.Integration.List(r.Context(), c, status != "all", int64(after), limit)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := SubmissionList{Items: []Submission{}}
	for _, x := range xs {
		out.Items = append(out.Items, submissionOf(x))
		out.Next = x.CaseID
	}
	writeJSON(w, http.StatusOK, out)
}

// getSubmission serves GET /api/v1/submissions/{id}.
func (a *API) getSubmission(w http.ResponseWriter, r *http.Request, c apiclient.Client) {
	id, err := parseID(r.PathValue("id"))
	if err == nil {
		var x integration.Submission
		if x, err = a.d.Integration.Get(r.Context(), c, id); err == nil {
			writeJSON(w, http.StatusOK, submissionOf(x))
			return
		}
	}
	a.fail(w, r, err)
}

// acknowledge serves POST /api/v1/submissions/{id}/ack.
func (a *API) acknowledge(w http.ResponseWriter, r *http.Request, c apiclient.Client) {
	id, err := parseID(r.PathValue("id"))
	if err == nil {
		var x integration.Submission
		if x, err = a.d.Integration.Acknowledge(r.Context(), c, id); err == nil {
			writeJSON(w, http.StatusOK, submissionOf(x))
			return
		}
	}
	a.fail(w, r, err)
}

// getAttachment serves GET /api/v1/submissions/{id}/attachments/{attachment}.
func (a *API) getAttachment(w http.ResponseWriter, r *http.Request, c apiclient.Client) {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	att, err := parseID(r.PathValue("attachment"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	f, rc, err := a.d.Integration.OpenAttachment(r.Context(), c, id, att)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	defer rc.Close()
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": apply.NameFor(f.Name, f.MediaType)}))
	w.Header().Set("Content-Length", strconv.FormatInt(f.Size, 10))
	w.Header().Set("X-Content-SHA256", f.SHA256)
	io.Copy(w, rc) // a failed copy means the client is gone
}
