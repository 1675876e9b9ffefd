package zustelltest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/go-jose/go-jose/v4"
	"golang.org/x/oauth2/clientcredentials"
)

// Sender is an Onlinedienst sending through the Submission API, step by
// step as the SDKs do, so a test can also send what they would refuse to
// (a wrong hash, a broken schema).
type Sender struct {
	base string
	http *http.Client
}

// NewSender registers a sender client on s and returns it.
func (s *Server) NewSender(ctx context.Context) *Sender {
	id, secret := "sender-"+randomHex(4), randomHex(16)
	s.AddClient(id, secret)
	cc := clientcredentials.Config{ClientID: id, ClientSecret: secret, TokenURL: s.TokenURL()}
	return &Sender{base: s.URL, http: cc.Client(ctx)}
}

// Key fetches the destination's public encryption key.
func (c *Sender) Key(ctx context.Context, destination, kid string) (jose.JSONWebKey, error) {
	var k jose.JSONWebKey
	b, err := c.do(ctx, http.MethodGet, "/v1/destinations/"+destination+"/keys/"+kid, "", nil)
	if err != nil {
		return k, err
	}
	return k, k.UnmarshalJSON(b)
}

// Created is the answer to announcing a submission.
type Created struct {
	DestinationID string `json:"destinationId"`
	SubmissionID  string `json:"submissionId"`
	CaseID        string `json:"caseId"`
}

// Create announces a submission with its attachment ids.
func (c *Sender) Create(ctx context.Context, destination, serviceURN, serviceName string, attachments []string) (Created, error) {
	var out Created
	body, _ := json.Marshal(map[string]any{"destinationId": destination, "announcedAttachments": attachments,
		"serviceType": map[string]string{"identifier": serviceURN, "name": serviceName}})
	b, err := c.do(ctx, http.MethodPost, "/v1/submissions", "application/json", bytes.NewReader(body))
	if err != nil {
		return out, err
	}
	return out, json.Unmarshal(b, &out)
}

// Upload sends one encrypted attachment.
func (c *Sender) Upload(ctx context.Context, submission, attachment, jwe string) error {
	_, err := c.do(ctx, http.MethodPut, "/v1/submissions/"+submission+"/attachments/"+attachment, "application/jose", strings.NewReader(jwe))
	return err
}

// Submit sends the encrypted metadata and data.
func (c *Sender) Submit(ctx context.Context, submission, metadataJWE, dataJWE string) error {
	body, _ := json.Marshal(map[string]string{"encryptedMetadata": metadataJWE, "encryptedData": dataJWE})
	_, err := c.do(ctx, http.MethodPut, "/v1/submissions/"+submission, "application/json", bytes.NewReader(body))
	return err
}

// Encrypt returns plaintext as the SDKs encrypt it: a compact JWE,
// RSA-OAEP-256 with A256GCM, kid and cty in the protected header; deflate
// compresses it first (zip DEF, as the Python SDK does).
func Encrypt(key jose.JSONWebKey, plaintext []byte, cty string, deflate bool) (string, error) {
	opts := (&jose.EncrypterOptions{}).WithContentType(jose.ContentType(cty))
	if deflate {
		opts.Compression = jose.DEFLATE
	}
	enc, err := jose.NewEncrypter(jose.A256GCM, jose.Recipient{Algorithm: jose.RSA_OAEP_256, Key: key.Key, KeyID: key.KeyID}, opts)
	if err != nil {
		return "", err
	}
	obj, err := enc.Encrypt(plaintext)
	if err != nil {
		return "", err
	}
	return obj.CompactSerialize()
}

func (c *Sender) do(ctx context.Context, method, path, contentType string, body io.Reader) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		return nil, fmt.Errorf("zustelltest sender: %s %s: %s: %s", method, path, resp.Status, b)
	}
	return b, nil
}
