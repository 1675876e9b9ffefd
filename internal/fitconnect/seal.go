package fitconnect

import (
	"crypto/rand"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// Content is the plaintext of one submission, as Seal needs it.
type Content struct {
	LeiKaKey         string // 14 digits, or "" for a service without one
	ProcedureID      string
	ProcedureVersion int
	ServiceName      string
	Reference        string
	SubmittedAt      time.Time
	// Answers are the frozen answers by the procedure's field ids.
	Answers map[string]any
	Files   []File
}

// File is one attachment's plaintext.
type File struct {
	Name      string
	MediaType string
	Content   []byte
}

// Sealed is an encrypted FIT-Connect submission: every member is a JWE
// compact serialization to one key.
type Sealed struct {
	ID          string // submission id (UUID)
	KeyID       string
	MetadataJWE string
	DataJWE     string
	Attachments []SealedAttachment
}

// SealedAttachment is one encrypted attachment.
type SealedAttachment struct {
	ID  string // attachmentId of the metadata
	JWE string
}

var leikaKey = regexp.MustCompile(`^\d{14}$`)

// ServiceURN identifies the service: the LeiKa URN, or for a service
// without a LeiKa key an amtsweg URN of the procedure (lower case,
// percent-encoded, as the schema's URN pattern demands).
func ServiceURN(leika, procedureID string) string {
	if leikaKey.MatchString(leika) {
		return "urn:de:fim:leika:leistung:" + leika
	}
	return "urn:amtsweg:procedure:" + strings.ToLower(url.PathEscape(procedureID))
}

// Seal builds the metadata and encrypts metadata, data and attachments to
// key (public, RSA-OAEP-256) with A256GCM.
func Seal(c Content, key jose.JSONWebKey) (Sealed, error) {
	data, err := json.Marshal(c.Answers)
	if err != nil {
		return Sealed{}, fmt.Errorf("fitconnect: data: %w", err)
	}
	md := Metadata{
		PublicServiceType: &PublicServiceType{Name: c.ServiceName, Identifier: ServiceURN(c.LeiKaKey, c.ProcedureID)},
		ContentStructure: ContentStructure{Attachments: []AttachmentInfo{}, Data: &DataInfo{Hash: sha512Of(data),
			SubmissionSchema: SubmissionSchema{MimeType: "application/json",
				SchemaURI: ServiceURN("", c.ProcedureID) + ":v" + strconv.Itoa(c.ProcedureVersion)}}},
		AdditionalReferenceInfo: &ReferenceInfo{SenderReference: c.Reference},
	}
	if !c.SubmittedAt.IsZero() {
		md.AdditionalReferenceInfo.ApplicationDate = c.SubmittedAt.UTC().Format(time.DateOnly)
	}
	s := Sealed{ID: newUUID(), KeyID: key.KeyID}
	for _, f := range c.Files {
		a := AttachmentInfo{AttachmentID: newUUID(), Hash: sha512Of(f.Content), Purpose: "attachment",
			Filename: f.Name, MimeType: mimeOf(f.MediaType)}
		jwe, err := encrypt(f.Content, a.MimeType, key)
		if err != nil {
			return Sealed{}, err
		}
		md.ContentStructure.Attachments = append(md.ContentStructure.Attachments, a)
		s.Attachments = append(s.Attachments, SealedAttachment{ID: a.AttachmentID, JWE: jwe})
	}
	meta, err := json.Marshal(md)
	if err != nil {
		return Sealed{}, fmt.Errorf("fitconnect: metadata: %w", err)
	}
	if s.MetadataJWE, err = encrypt(meta, "application/json", key); err != nil {
		return Sealed{}, err
	}
	if s.DataJWE, err = encrypt(data, "application/json", key); err != nil {
		return Sealed{}, err
	}
	return s, nil
}

// encrypt returns plaintext as a compact JWE to key, with the key's kid
// and the plaintext's media type (cty) in the protected header.
func encrypt(plaintext []byte, mediaType string, key jose.JSONWebKey) (string, error) {
	enc, err := jose.NewEncrypter(jose.A256GCM, jose.Recipient{Algorithm: jose.RSA_OAEP_256, Key: key.Key, KeyID: key.KeyID},
		(&jose.EncrypterOptions{}).WithContentType(jose.ContentType(mediaType)))
	if err != nil {
		return "", fmt.Errorf("fitconnect: encrypter: %w", err)
	}
	obj, err := enc.Encrypt(plaintext)
	if err != nil {
		return "", fmt.Errorf("fitconnect: encrypt: %w", err)
	}
	return obj.CompactSerialize()
}

func sha512Of(b []byte) Hash {
	sum := sha512.Sum512(b)
	return Hash{Type: "sha512", Content: hex.EncodeToString(sum[:])}
}

var mimePattern = regexp.MustCompile(`^[-\w.]+/[-\w.+]+$`)

// mimeOf keeps a media type the schema accepts, without parameters.
func mimeOf(t string) string {
	t, _, _ = strings.Cut(t, ";")
	if t = strings.TrimSpace(t); mimePattern.MatchString(t) {
		return t
	}
	return "application/octet-stream"
}

// newUUID returns a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:]) // never fails (crypto/rand)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
