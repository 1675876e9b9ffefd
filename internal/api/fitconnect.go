package api

import (
	"net/http"
	"time"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/fitconnect"
)

// FitConnectSubmission is a FIT-Connect submission: metadata and data as
// JWE compact serializations to the authority's key, and the ids of its
// encrypted attachments. CaseID is the FIT-Connect caseId (a UUID, the
// same for every submission of one case); AmtswegCaseID is what
// acknowledgement, status and notice take (/api/v1/submissions/{id}/ack,
// /api/v1/cases/{id}/...). Before #17 caseId carried the amtsweg case id.
type FitConnectSubmission struct {
	SubmissionID  string    `json:"submissionId"`
	CaseID        string    `json:"caseId"`
	AmtswegCaseID int64     `json:"amtswegCaseId"`
	DestinationID string    `json:"destinationId"`
	EncryptionKid string    `json:"encryptionKid"`
	CreatedAt     time.Time `json:"createdAt"`
	Acknowledged  bool      `json:"acknowledged"`
	EncryptedMeta string    `json:"encryptedMetadata,omitempty"`
	EncryptedData string    `json:"encryptedData,omitempty"`
	Attachments   []string  `json:"attachments,omitempty"`
}

// FitConnectSubmissionList lists submissions without their content.
type FitConnectSubmissionList struct {
	Submissions []FitConnectSubmission `json:"submissions"`
}

func fitConnectOf(x fitconnect.Submission) FitConnectSubmission {
	return FitConnectSubmission{SubmissionID: x.ID, CaseID: x.CaseUUID, AmtswegCaseID: x.CaseID, DestinationID: x.DestinationID, EncryptionKid: x.KeyID,
		CreatedAt: x.CreatedAt, Acknowledged: x.Acknowledged, EncryptedMeta: x.MetadataJWE, EncryptedData: x.DataJWE,
		Attachments: x.AttachmentIDs}
}

// fitConnectOff answers when the process has no FIT-Connect service.
func (a *API) fitConnectOff(w http.ResponseWriter, r *http.Request) bool {
	if a.d.FitConnect == nil {
		a.fail(w, r, fault.New(fault.Unavailable, "FIT-Connect is not enabled"))
		return true
	}
	return false
}

// listFitConnect serves GET /api/v1/fitconnect/submissions.
func (a *API) listFitConnect(w http.ResponseWriter, r *http.Request, c apiclient.Client) {
	if a.fitConnectOff(w, r) {
		return
	}
	status := r.URL.Query().Get("status")
	if status != "" && status != "new" && status != "all" {
		a.fail(w, r, fault.Fields("invalid query parameters",
			fault.FieldError{Field: "status", Key: "api.invalid.status", Text: "status must be new or all"}))
		return
	}
	xs, err := a.d.FitConnect.List(r.Context(), c, status != "all")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := FitConnectSubmissionList{Submissions: []FitConnectSubmission{}}
	for _, x := range xs {
		out.Submissions = append(out.Submissions, fitConnectOf(x))
	}
	writeJSON(w, http.StatusOK, out)
}

// getFitConnect serves GET /api/v1/fitconnect/submissions/{submissionId}.
func (a *API) getFitConnect(w http.ResponseWriter, r *http.Request, c apiclient.Client) {
	if a.fitConnectOff(w, r) {
		return
	}
	x, err := a.d.FitConnect.Get(r.Context(), c, r.PathValue("submissionId"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, fitConnectOf(x))
}

// getFitConnectAttachment serves GET
// /api/v1/fitconnect/submissions/{submissionId}/attachments/{attachmentId}:
// the attachment as application/jose (compact JWE).
func (a *API) getFitConnectAttachment(w http.ResponseWriter, r *http.Request, c apiclient.Client) {
	if a.fitConnectOff(w, r) {
		return
	}
	jwe, err := a.d.FitConnect.Attachment(r.Context(), c, r.PathValue("submissionId"), r.PathValue("attachmentId"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/jose")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte(jwe)) // a failed write means the client is gone
}

// fitConnectRoutes serves GET /api/v1/fitconnect/routes?leikaKey=&ars=
// for the host's tenant (public, like the FIT-Connect Routing API).
func (a *API) fitConnectRoutes(w http.ResponseWriter, r *http.Request) {
	if a.fitConnectOff(w, r) {
		return
	}
	t, err := a.tenantOf(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v := r.URL.Query()
	res, err := a.d.FitConnect.Routes(r.Context(), t.ID, v.Get("leikaKey"), v.Get("ars"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// fitConnectRoutesTable is the table's part for FIT-Connect (see routes).
func (a *API) fitConnectRoutesTable() []route {
	sub := param{name: "submissionId", in: "path", typ: "string", required: true, description: "FIT-Connect submission id (UUID)"}
	return []route{
		{method: "GET", path: "/api/v1/fitconnect/submissions", id: "listFitConnectSubmissions",
			summary: "FIT-Connect submissions of the client's authority, oldest first (ids only)",
			scope:   apiclient.SubmissionsRead, params: []param{query("status", "string", "new (default: unacknowledged) or all")},
			ok: jsonOf[FitConnectSubmissionList](200), authed: a.listFitConnect},
		{method: "GET", path: "/api/v1/fitconnect/submissions/{submissionId}", id: "getFitConnectSubmission",
			summary: "A FIT-Connect submission: encrypted metadata and data (JWE) and its attachment ids",
			scope:   apiclient.SubmissionsRead, params: []param{sub},
			ok: jsonOf[FitConnectSubmission](200), authed: a.getFitConnect},
		{method: "GET", path: "/api/v1/fitconnect/submissions/{submissionId}/attachments/{attachmentId}", id: "getFitConnectAttachment",
			summary: "An encrypted attachment (JWE compact serialization)",
			scope:   apiclient.SubmissionsRead, params: []param{sub,
				{name: "attachmentId", in: "path", typ: "string", required: true, description: "attachment id (UUID) from the metadata"}},
			ok: response{status: 200, mediaType: "application/jose"}, authed: a.getFitConnectAttachment},
		{method: "GET", path: "/api/v1/fitconnect/routes", id: "fitConnectRoutes",
			summary: "FIT-Connect destinations for a service in a region (shaped like the FIT-Connect Routing API)",
			params: []param{{name: "leikaKey", in: "query", typ: "string", required: true, description: "LeiKa key (99 + 12 digits)"},
				{name: "ars", in: "query", typ: "string", required: true, description: "12-digit regional key"}},
			ok: jsonOf[fitconnect.RouteResult](200), public: a.fitConnectRoutes},
	}
}
