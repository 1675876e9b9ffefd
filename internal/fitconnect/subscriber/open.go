package subscriber

import (
	"bytes"
	"context"
	"encoding/json"
	"regexp"
	"slices"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/amtsweg/amtsweg/internal/fitconnect"
	"github.com/amtsweg/amtsweg/internal/refdata"
)

// opened is a submission decrypted and checked against its metadata.
type opened struct {
	Metadata fitconnect.Metadata
	Data     map[string]any
	// Files are the attachments' plaintexts by attachment id.
	Files map[string][]byte
	Tags  AuthenticationTags
}

// fetchFunc returns the JWE of an attachment.
type fetchFunc func(ctx context.Context, attachmentID string) (string, error)

// openSubmission decrypts and checks sub: metadata (JSON, metadata schema
// 1.0.x, service), data (hash, JSON) and attachments (ids, hashes). A
// submission that fails is a *Rejection with its problems; any other
// error (the Submission Service cannot be reached) is transient.
func openSubmission(ctx context.Context, d Destination, sub Submission, fetch fetchFunc) (opened, error) {
	o := opened{Files: map[string][]byte{}, Tags: AuthenticationTags{Metadata: authTag(sub.EncryptedMetadata),
		Data: authTag(sub.EncryptedData), Attachments: map[string]string{}}}
	raw, err := decrypt(sub.EncryptedMetadata, d)
	if err != nil {
		return o, reject(problem(EncryptionIssue, "metadata", "the metadata do not decrypt with the destination's key %s: %v", d.Enc.KeyID, err))
	}
	if err := checkMetadata(raw); err != nil {
		return o, err
	}
	json.Unmarshal(raw, &o.Metadata) // checkMetadata validated it
	if p := o.Metadata.PublicServiceType; p != nil && sub.ServiceType.Identifier != "" && p.Identifier != sub.ServiceType.Identifier {
		return o, reject(problem(ServiceMismatch, "metadata", "the metadata name service %s, the submission %s", p.Identifier, sub.ServiceType.Identifier))
	}
	if err := openData(sub, d, &o); err != nil {
		return o, err
	}
	return o, openAttachments(ctx, sub, d, fetch, &o)
}

func openData(sub Submission, d Destination, o *opened) error {
	info := o.Metadata.ContentStructure.Data
	switch {
	case info == nil && sub.EncryptedData != "":
		return reject(problem(MissingSchema, "metadata", "the submission has data but the metadata name no data schema (contentStructure.data)"))
	case info == nil:
		return reject(problem(MissingData, "data", "the submission has no data (Fachdaten); amtsweg files data, not attachments alone"))
	case sub.EncryptedData == "":
		return reject(problem(MissingData, "data", "the metadata announce data, but the submission has none"))
	case info.SubmissionSchema.SchemaURI == "":
		return reject(problem(MissingSchema, "metadata", "the metadata name no schemaUri for the data"))
	}
	plain, err := decrypt(sub.EncryptedData, d)
	if err != nil {
		return reject(problem(EncryptionIssue, "data", "the data do not decrypt with the destination's key %s: %v", d.Enc.KeyID, err))
	}
	if got := sha512Hex(plain); got != info.Hash.Content {
		return reject(problem(HashMismatch, "data", "the data's SHA-512 is %s, the metadata say %s", got, info.Hash.Content))
	}
	if info.SubmissionSchema.MimeType != "application/json" {
		return reject(problem(UnsupportedSchema, "data", "data of type %s are not supported; amtsweg takes application/json", info.SubmissionSchema.MimeType))
	}
	dec := json.NewDecoder(bytes.NewReader(plain))
	dec.UseNumber()
	if err := dec.Decode(&o.Data); err != nil || dec.More() {
		return reject(problem(SyntaxViolation, "data", "the data are not a JSON object: %v", err))
	}
	return nil
}

func openAttachments(ctx context.Context, sub Submission, d Destination, fetch fetchFunc, o *opened) error {
	var announced []string
	for _, a := range o.Metadata.ContentStructure.Attachments {
		announced = append(announced, a.AttachmentID)
	}
	given := slices.Clone(sub.Attachments)
	slices.Sort(announced)
	slices.Sort(given)
	if !slices.Equal(announced, given) {
		return reject(problem(AttachmentsMismatch, "metadata", "the metadata list attachments %v, the submission has %v", announced, given))
	}
	var problems []Problem
	for _, a := range o.Metadata.ContentStructure.Attachments {
		instance := "attachment:" + a.AttachmentID
		jwe, err := fetch(ctx, a.AttachmentID)
		if err != nil {
			return err // transient: try again later
		}
		o.Tags.Attachments[a.AttachmentID] = authTag(jwe)
		plain, err := decrypt(jwe, d)
		if err != nil {
			problems = append(problems, problem(EncryptionIssue, instance, "the attachment does not decrypt with the destination's key %s: %v", d.Enc.KeyID, err))
			continue
		}
		if got := sha512Hex(plain); got != a.Hash.Content {
			problems = append(problems, problem(HashMismatch, instance, "the attachment's SHA-512 is %s, the metadata say %s", got, a.Hash.Content))
			continue
		}
		o.Files[a.AttachmentID] = plain
	}
	if len(problems) > 0 {
		return reject(problems...)
	}
	return nil
}

// decrypt opens a JWE of the submission with the destination's private
// encryption key (fitconnect.Open: RSA-OAEP-256 and A256GCM only, the kid
// must be the key's).
func decrypt(jwe string, d Destination) ([]byte, error) {
	plain, _, err := fitconnect.Open(jwe, d.Enc)
	return plain, err
}

func sha512Hex(b []byte) string { return fitconnect.SHA512(b).Content }

var metadataSchemaURI = regexp.MustCompile(`^https://schema\.fitko\.de/fit-connect/metadata/1\.0\.\d+/metadata\.schema\.json$`)

// checkMetadata checks that raw is JSON valid against metadata schema
// 1.0.0 (a $schema, if given, must be a 1.0.x one: patch versions do not
// change what is valid).
func checkMetadata(raw []byte) error {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return reject(problem(SyntaxViolation, "metadata", "the metadata are not JSON: %v", err))
	}
	if m, ok := v.(map[string]any); ok {
		if s, ok := m["$schema"].(string); ok && !metadataSchemaURI.MatchString(s) {
			return reject(problem(SchemaViolation, "metadata", "metadata schema %s is not supported; amtsweg validates against 1.0.x", s))
		}
		delete(m, "$schema")
	}
	sch, err := metadataSchema()
	if err != nil {
		return err
	}
	if err := sch.Validate(v); err != nil {
		return reject(problem(SchemaViolation, "metadata", "the metadata break schema 1.0.0: %v", err))
	}
	return nil
}

var metadataSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	raw, err := refdata.FitConnect.ReadFile("fitconnect/metadata.schema.v1.0.0.json")
	if err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("metadata.schema.json", doc); err != nil {
		return nil, err
	}
	return c.Compile("metadata.schema.json")
})
