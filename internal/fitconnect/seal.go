package fitconnect

import (
	"crypto/rand"
	"crypto/sha1"
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

	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Content is the plaintext of one submission, as Seal needs it.
type Content struct {
	LeiKaKey         string // 14 digits, or "" for a service without one
	ProcedureID      string
	ProcedureVersion int
	ServiceName      string
	Reference        string
	SubmittedAt      time.Time
	// CaseUUID is the FIT-Connect caseId (Vorgangs-ID, a UUID) the
	// submission belongs to (CaseUUID).
	CaseUUID string
	// SchemaURI is the submissionSchema of the data (SchemaURI(def));
	// "" means urn:amtsweg:procedure:<id>:v<version>.
	SchemaURI string
	// Definition, if set, shapes Answers with DataOf (FIM ids, attachment
	// ids); without it the answers are the data as they are.
	Definition *procedure.Definition
	// Answers are the frozen answers by the procedure's field ids.
	Answers map[string]any
	Files   []File
	// Form is the application form as a PDF (purpose "form"), if any.
	Form *File
}

// File is one attachment's plaintext.
type File struct {
	// Ref is amtsweg's attachment id, the "ref" of the upload metadata in
	// the answers' file fields ("" for the form).
	Ref       string
	Name      string
	MediaType string
	Content   []byte
}

// Sealed is an encrypted FIT-Connect submission: every member is a JWE
// compact serialization to one key.
type Sealed struct {
	ID          string // submission id (UUID)
	CaseUUID    string // caseId (UUID)
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
// key (public, RSA-OAEP-256) with A256GCM. Every attachment gets a new
// attachmentId (UUID) first, so the data can reference it (DataOf); the
// form, if any, is the first attachment, with purpose "form".
func Seal(c Content, key jose.JSONWebKey) (Sealed, error) {
	s := Sealed{ID: NewUUID(), CaseUUID: c.CaseUUID, KeyID: key.KeyID}
	if s.CaseUUID == "" {
		s.CaseUUID = NewUUID()
	}
	md := metadataOf(c)
	ids := map[string]string{}
	files := c.Files
	if c.Form != nil {
		files = append([]File{*c.Form}, files...)
	}
	for i, f := range files {
		a := AttachmentInfo{AttachmentID: NewUUID(), Hash: SHA512(f.Content), Purpose: "attachment",
			Filename: f.Name, MimeType: mimeOf(f.MediaType)}
		if c.Form != nil && i == 0 {
			a.Purpose, a.MimeType = "form", "application/pdf"
		}
		if f.Ref != "" {
			ids[f.Ref] = a.AttachmentID
		}
		jwe, err := encrypt(f.Content, a.MimeType, key)
		if err != nil {
			return Sealed{}, err
		}
		md.ContentStructure.Attachments = append(md.ContentStructure.Attachments, a)
		s.Attachments = append(s.Attachments, SealedAttachment{ID: a.AttachmentID, JWE: jwe})
	}
	answers := c.Answers
	if c.Definition != nil {
		answers = DataOf(*c.Definition, c.Answers, ids)
	}
	data, err := json.Marshal(answers)
	if err != nil {
		return Sealed{}, fmt.Errorf("fitconnect: data: %w", err)
	}
	md.ContentStructure.Data.Hash = SHA512(data)
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

// metadataOf is the metadata of c without attachments and data hash.
func metadataOf(c Content) Metadata {
	schema := c.SchemaURI
	if schema == "" {
		schema = ServiceURN("", c.ProcedureID) + ":v" + strconv.Itoa(c.ProcedureVersion)
	}
	md := Metadata{
		PublicServiceType: &PublicServiceType{Name: c.ServiceName, Identifier: ServiceURN(c.LeiKaKey, c.ProcedureID)},
		ContentStructure: ContentStructure{Attachments: []AttachmentInfo{}, Data: &DataInfo{
			SubmissionSchema: SubmissionSchema{MimeType: "application/json", SchemaURI: schema}}},
		AdditionalReferenceInfo: &ReferenceInfo{SenderReference: c.Reference},
	}
	if !c.SubmittedAt.IsZero() {
		md.AdditionalReferenceInfo.ApplicationDate = c.SubmittedAt.UTC().Format(time.DateOnly)
	}
	return md
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

// SHA512 is the hash FIT-Connect metadata give of a plaintext (data or
// attachment): hex SHA-512.
func SHA512(b []byte) Hash {
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

// NewUUID returns a random (version 4) UUID, as FIT-Connect ids
// (attachmentId, jti, destination) are.
func NewUUID() string {
	var b [16]byte
	rand.Read(b[:]) // never fails (crypto/rand)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// caseNamespace is the name space of CaseUUID (a random UUID, fixed).
var caseNamespace = [16]byte{0x5c, 0x1e, 0x8a, 0x3d, 0x27, 0x94, 0x4b, 0x0f, 0x9e, 0x61, 0x0a, 0xd2, 0x73, 0x4c, 0xb8, 0x15}

// CaseUUID is the FIT-Connect caseId (Vorgangs-ID) of amtsweg case caseID
// of tenantID: a name-based UUID (version 5, RFC 9562) of the tenant and
// case, so every submission of one case, to any authority and after any
// restart, names the same Vorgang, and no table has to keep it.
func CaseUUID(tenantID tenant.ID, caseID int64) string {
	h := sha1.New()
	h.Write(caseNamespace[:])
	fmt.Fprintf(h, "amtsweg:case:%d:%d", tenantID, caseID)
	var b [16]byte
	copy(b[:], h.Sum(nil))
	b[6] = b[6]&0x0f | 0x50
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
