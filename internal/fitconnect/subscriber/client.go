package subscriber

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/oauth2/clientcredentials"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// ClientConfig reaches the FIT-Connect Submission Service (Zustelldienst).
type ClientConfig struct {
	// BaseURL is the Submission API's root, without /v1, e.g.
	// https://submission-api-testing.fit-connect.fitko.dev
	BaseURL string
	// TokenURL, ClientID and ClientSecret are the subscriber client's
	// OAuth 2.0 client credentials from the self-service portal.
	TokenURL, ClientID, ClientSecret string
	// Scopes are requested with the token, if the client needs them.
	Scopes []string
}

// Client speaks the Submission API as a subscriber (Empfänger).
type Client struct {
	base string
	http *http.Client
}

// NewClient returns a client whose requests carry an OAuth 2.0 token got
// with the client credentials grant (renewed before it expires).
func NewClient(ctx context.Context, c ClientConfig) (*Client, error) {
	if c.BaseURL == "" || c.TokenURL == "" || c.ClientID == "" || c.ClientSecret == "" {
		return nil, fmt.Errorf("fitconnect: the Submission API needs its base URL, token URL, client id and secret")
	}
	cc := clientcredentials.Config{ClientID: c.ClientID, ClientSecret: c.ClientSecret, TokenURL: c.TokenURL, Scopes: c.Scopes}
	return &Client{base: strings.TrimRight(c.BaseURL, "/"), http: cc.Client(context.WithoutCancel(ctx))}, nil
}

// SubmissionRef is one entry of the list of submissions to pick up.
type SubmissionRef struct {
	DestinationID string `json:"destinationId"`
	SubmissionID  string `json:"submissionId"`
	CaseID        string `json:"caseId"`
}

// ServiceType names the service (Verwaltungsleistung) of a submission.
type ServiceType struct {
	Name       string `json:"name,omitempty"`
	Identifier string `json:"identifier"`
}

// Submission is a submission as the Submission API returns it to the
// subscriber: the encrypted metadata and data and the attachment ids.
type Submission struct {
	DestinationID     string      `json:"destinationId"`
	SubmissionID      string      `json:"submissionId"`
	CaseID            string      `json:"caseId"`
	ServiceType       ServiceType `json:"serviceType"`
	Attachments       []string    `json:"attachments"`
	EncryptedMetadata string      `json:"encryptedMetadata"`
	EncryptedData     string      `json:"encryptedData,omitempty"`
}

// List returns the submissions of destination waiting to be picked up,
// all pages of GET /v1/submissions?destinationId=….
func (c *Client) List(ctx context.Context, destination string) ([]SubmissionRef, error) {
	var out []SubmissionRef
	for offset := 0; ; {
		var page struct {
			Count       int             `json:"count"`
			Offset      int             `json:"offset"`
			TotalCount  int             `json:"totalCount"`
			Submissions []SubmissionRef `json:"submissions"`
		}
		q := url.Values{"destinationId": {destination}, "offset": {strconv.Itoa(offset)}, "limit": {"100"}}
		if err := c.getJSON(ctx, "/v1/submissions?"+q.Encode(), &page); err != nil {
			return nil, err
		}
		out = append(out, page.Submissions...)
		offset += len(page.Submissions)
		if len(page.Submissions) == 0 || offset >= page.TotalCount {
			return out, nil
		}
	}
}

// Get returns submission id (GET /v1/submissions/{id}).
func (c *Client) Get(ctx context.Context, id string) (Submission, error) {
	var s Submission
	err := c.getJSON(ctx, "/v1/submissions/"+url.PathEscape(id), &s)
	return s, err
}

// Attachment returns the JWE of an attachment
// (GET /v1/submissions/{id}/attachments/{attachmentId}).
func (c *Client) Attachment(ctx context.Context, id, attachmentID string) (string, error) {
	b, err := c.do(ctx, http.MethodGet, "/v1/submissions/"+url.PathEscape(id)+"/attachments/"+url.PathEscape(attachmentID), "", nil)
	return string(b), err
}

// PostEvent sends a Security Event Token to the case's event log
// (POST /v1/cases/{caseId}/events, application/jose).
func (c *Client) PostEvent(ctx context.Context, caseID, set string) error {
	_, err := c.do(ctx, http.MethodPost, "/v1/cases/"+url.PathEscape(caseID)+"/events", "application/jose", strings.NewReader(set))
	return err
}

func (c *Client) getJSON(ctx context.Context, path string, out any) error {
	b, err := c.do(ctx, http.MethodGet, path, "", nil)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("fitconnect: %s: answer is not the expected JSON: %w", path, err)
	}
	return nil
}

// do sends one request; an answer other than 2xx is an error naming the
// problem the service gave (application/problem+json), a 404
// fault.NotFound.
func (c *Client) do(ctx context.Context, method, path, contentType string, body io.Reader) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return nil, fmt.Errorf("fitconnect: %w", err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", "application/json, application/jose, application/problem+json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fitconnect: %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	if err != nil {
		return nil, fmt.Errorf("fitconnect: %s %s: %w", method, path, err)
	}
	if resp.StatusCode/100 == 2 {
		return b, nil
	}
	var p struct{ Type, Title, Detail string }
	json.Unmarshal(b, &p) // best effort: the status alone says enough
	err = fmt.Errorf("fitconnect: %s %s: %s %s %s %s", method, path, resp.Status, p.Type, p.Title, p.Detail)
	if resp.StatusCode == http.StatusNotFound {
		return nil, fault.Wrap(err, fault.NotFound, "not found at the Submission Service: %s", path)
	}
	return nil, err
}
