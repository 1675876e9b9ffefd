package main

import (
	"bytes"
	"context"
	"crypto/rsa"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/go-jose/go-jose/v4"
)

// Client is a specialised system (Fachverfahren) that receives FIT-Connect
// submissions from amtsweg. It uses only the public API.
type Client struct {
	BaseURL string          // e.g. https://portal.example
	APIKey  string          // "aw_<client id>.<secret>" with submissions:read, submissions:ack, cases:write
	Key     *rsa.PrivateKey // the authority's private decryption key
	HTTP    *http.Client    // nil: http.DefaultClient
	// Decide, if set, chooses the outcome (approved, rejected,
	// partly_approved) and the notice PDF for a received submission; nil
	// only acknowledges and starts the review.
	Decide func(Received) (outcome string, pdf []byte)
}

// Received is one decrypted, verified submission.
type Received struct {
	SubmissionID string
	CaseID       int64
	Metadata     Metadata
	// MetadataJSON is the decrypted metadata as sent (to validate it).
	MetadataJSON []byte
	Data         []byte // the answers as JSON
	Attachments  []Attachment
}

// Attachment is one decrypted, verified attachment.
type Attachment struct {
	ID, Filename, MimeType string
	Content                []byte
}

// Metadata is the part of the FIT-Connect metadata the client checks.
type Metadata struct {
	PublicServiceType struct {
		Identifier string `json:"identifier"`
	} `json:"publicServiceType"`
	ContentStructure struct {
		Data struct {
			Hash struct{ Type, Content string } `json:"hash"`
		} `json:"data"`
		Attachments []struct {
			AttachmentID string                         `json:"attachmentId"`
			Filename     string                         `json:"filename"`
			MimeType     string                         `json:"mimeType"`
			Hash         struct{ Type, Content string } `json:"hash"`
		} `json:"attachments"`
	} `json:"contentStructure"`
}

// Poll fetches every new submission, decrypts metadata, data and
// attachments, verifies the SHA-512 hashes the metadata names,
// acknowledges receipt, starts the review and, with Decide, decides the
// case with a notice. A submission that fails decryption or a hash check
// is not acknowledged (it stays new) and Poll returns the error.
func (c *Client) Poll(ctx context.Context) ([]Received, error) {
	var list struct {
		Submissions []struct {
			SubmissionID string `json:"submissionId"`
		} `json:"submissions"`
	}
	if err := c.do(ctx, "GET", "/api/v1/fitconnect/submissions", nil, "", &list); err != nil {
		return nil, err
	}
	var out []Received
	for _, s := range list.Submissions {
		r, err := c.receive(ctx, s.SubmissionID)
		if err != nil {
			return out, fmt.Errorf("submission %s: %w", s.SubmissionID, err)
		}
		if err := c.process(ctx, r); err != nil {
			return out, fmt.Errorf("submission %s: %w", s.SubmissionID, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// receive fetches, decrypts and verifies one submission.
func (c *Client) receive(ctx context.Context, id string) (Received, error) {
	var sub struct {
		CaseID        int64    `json:"amtswegCaseId"`
		EncryptedMeta string   `json:"encryptedMetadata"`
		EncryptedData string   `json:"encryptedData"`
		Attachments   []string `json:"attachments"`
	}
	base := "/api/v1/fitconnect/submissions/" + url.PathEscape(id)
	if err := c.do(ctx, "GET", base, nil, "", &sub); err != nil {
		return Received{}, err
	}
	r := Received{SubmissionID: id, CaseID: sub.CaseID}
	var err error
	if r.MetadataJSON, err = c.decrypt(sub.EncryptedMeta); err != nil {
		return r, fmt.Errorf("metadata: %w", err)
	}
	if err := json.Unmarshal(r.MetadataJSON, &r.Metadata); err != nil {
		return r, fmt.Errorf("metadata: %w", err)
	}
	if r.Data, err = c.decrypt(sub.EncryptedData); err != nil {
		return r, fmt.Errorf("data: %w", err)
	}
	if err := verify(r.Data, r.Metadata.ContentStructure.Data.Hash.Type, r.Metadata.ContentStructure.Data.Hash.Content); err != nil {
		return r, fmt.Errorf("data: %w", err)
	}
	for _, a := range r.Metadata.ContentStructure.Attachments {
		var jwe bytes.Buffer
		if err := c.do(ctx, "GET", base+"/attachments/"+url.PathEscape(a.AttachmentID), nil, "", &jwe); err != nil {
			return r, err
		}
		plain, err := c.decrypt(jwe.String())
		if err != nil {
			return r, fmt.Errorf("attachment %s: %w", a.AttachmentID, err)
		}
		if err := verify(plain, a.Hash.Type, a.Hash.Content); err != nil {
			return r, fmt.Errorf("attachment %s: %w", a.AttachmentID, err)
		}
		r.Attachments = append(r.Attachments, Attachment{ID: a.AttachmentID, Filename: a.Filename, MimeType: a.MimeType, Content: plain})
	}
	return r, nil
}

// process acknowledges r, starts the review and decides when asked to.
func (c *Client) process(ctx context.Context, r Received) error {
	cs := "/api/v1/cases/" + strconv.FormatInt(r.CaseID, 10)
	if err := c.do(ctx, "POST", "/api/v1/submissions/"+strconv.FormatInt(r.CaseID, 10)+"/ack", nil, "", nil); err != nil {
		return fmt.Errorf("acknowledge: %w", err)
	}
	body, _ := json.Marshal(map[string]string{"action": "review"})
	if err := c.do(ctx, "POST", cs+"/status", body, "application/json", nil); err != nil {
		return fmt.Errorf("status: %w", err)
	}
	if c.Decide == nil {
		return nil
	}
	outcome, pdf := c.Decide(r)
	q := url.Values{"outcome": {outcome}, "title": {"Bescheid"}}
	if err := c.do(ctx, "POST", cs+"/notice?"+q.Encode(), pdf, "application/pdf", nil); err != nil {
		return fmt.Errorf("notice: %w", err)
	}
	return nil
}

// decrypt opens a compact JWE (RSA-OAEP-256 + A256GCM only).
func (c *Client) decrypt(compact string) ([]byte, error) {
	obj, err := jose.ParseEncryptedCompact(compact, []jose.KeyAlgorithm{jose.RSA_OAEP_256}, []jose.ContentEncryption{jose.A256GCM})
	if err != nil {
		return nil, err
	}
	return obj.Decrypt(c.Key)
}

// verify checks b against a hex SHA-512 from the metadata.
func verify(b []byte, typ, want string) error {
	if typ != "sha512" {
		return fmt.Errorf("hash type %q, want sha512", typ)
	}
	sum := sha512.Sum512(b)
	if got := hex.EncodeToString(sum[:]); got != want {
		return fmt.Errorf("SHA-512 mismatch: got %s, metadata says %s", got, want)
	}
	return nil
}

// do sends one request; out is a *bytes.Buffer for raw bodies or a value
// to decode JSON into (nil: discard).
func (c *Client) do(ctx context.Context, method, path string, body []byte, contentType string, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.APIKey)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	res, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, 256<<20))
	if err != nil {
		return err
	}
	if res.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %s: %s", method, path, res.Status, raw)
	}
	switch o := out.(type) {
	case nil:
		return nil
	case *bytes.Buffer:
		o.Write(raw)
		return nil
	default:
		return json.Unmarshal(raw, out)
	}
}
