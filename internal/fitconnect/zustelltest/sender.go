package zustelltest

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"

	"github.com/amtsweg/amtsweg/internal/fitconnect"
)

// destinationKey serves a destination's public encryption key, which a
// sender encrypts to (GET /v1/destinations/{id}/keys/{kid}).
func (s *Server) destinationKey(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	d := s.destinations[r.PathValue("id")]
	s.mu.Unlock()
	switch {
	case d == nil:
		problem(w, http.StatusNotFound, "destination-not-found", "no such destination")
	case r.PathValue("kid") != d.enc.KeyID:
		problem(w, http.StatusNotFound, "key-not-found", "no such key")
	default:
		writeJSON(w, http.StatusOK, d.enc)
	}
}

// create announces a submission (POST /v1/submissions).
func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	var in struct {
		DestinationID        string            `json:"destinationId"`
		AnnouncedAttachments []string          `json:"announcedAttachments"`
		ServiceType          map[string]string `json:"serviceType"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.ServiceType["identifier"] == "" {
		problem(w, http.StatusBadRequest, "invalid-request", "destinationId, announcedAttachments and serviceType.identifier are required")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.destinations[in.DestinationID] == nil {
		problem(w, http.StatusNotFound, "destination-not-found", "no such destination")
		return
	}
	x := &submission{ID: fitconnect.NewUUID(), Destination: in.DestinationID, CaseID: fitconnect.NewUUID(), ServiceType: in.ServiceType,
		Announced: in.AnnouncedAttachments, Attachments: map[string]string{}, Status: "created"}
	s.submissions[x.ID] = x
	s.order = append(s.order, x.ID)
	writeJSON(w, http.StatusCreated, map[string]string{"destinationId": x.Destination, "submissionId": x.ID, "caseId": x.CaseID})
}

// upload stores one encrypted attachment
// (PUT /v1/submissions/{id}/attachments/{aid}, application/jose).
func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Content-Type") != "application/jose" {
		problem(w, http.StatusUnsupportedMediaType, "unsupported-media-type", "attachments are sent as application/jose")
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		problem(w, http.StatusBadRequest, "invalid-request", err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	x := s.created(w, r)
	switch {
	case x == nil:
	case !slices.Contains(x.Announced, r.PathValue("aid")):
		problem(w, http.StatusNotFound, "attachment-not-found", "the attachment was not announced")
	default:
		x.Attachments[r.PathValue("aid")] = string(body)
		w.WriteHeader(http.StatusNoContent)
	}
}

// submit sends the encrypted metadata and data (PUT /v1/submissions/{id}).
func (s *Server) submit(w http.ResponseWriter, r *http.Request) {
	var in struct {
		EncryptedMetadata string `json:"encryptedMetadata"`
		EncryptedData     string `json:"encryptedData"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.EncryptedMetadata == "" {
		problem(w, http.StatusBadRequest, "invalid-request", "encryptedMetadata is required")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	x := s.created(w, r)
	switch {
	case x == nil:
		return
	case len(x.Attachments) != len(x.Announced):
		problem(w, http.StatusConflict, "missing-attachments", "not every announced attachment was uploaded")
		return
	}
	x.Metadata, x.Data, x.Status = in.EncryptedMetadata, in.EncryptedData, "submitted"
	writeJSON(w, http.StatusOK, map[string]string{"destinationId": x.Destination, "submissionId": x.ID, "caseId": x.CaseID})
}

// created returns the request's submission {id} while it is still being
// sent (status created); else it answers the problem and returns nil.
func (s *Server) created(w http.ResponseWriter, r *http.Request) *submission {
	x := s.submissions[r.PathValue("id")]
	switch {
	case x == nil:
		problem(w, http.StatusNotFound, "submission-not-found", "no such submission")
		return nil
	case x.Status != "created":
		problem(w, http.StatusConflict, "submission-state-invalid", "the submission was submitted already")
		return nil
	}
	return x
}
