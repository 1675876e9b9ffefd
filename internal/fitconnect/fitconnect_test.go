package fitconnect_test

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/fitconnect"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/refdata"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

var key4096 = func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 4096)
	if err != nil {
		panic(err)
	}
	return k
}()

func jwk(t *testing.T, key any, alg, use string) []byte {
	t.Helper()
	b, err := jose.JSONWebKey{Key: key, Algorithm: alg, Use: use}.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRegisterKey stores a good key once per authority (rollover keeps the
// destination) and refuses bad ones with the reason, on every engine.
func TestRegisterKey(t *testing.T) {
	t.Parallel()
	small, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		tn, err := tenant.Create(ctx, db, "test", tenant.Tenant{Slug: "sn", Name: "Sachsen"})
		if err != nil {
			t.Fatal(err)
		}
		var auth int64
		if err := db.Writer().QueryRowContext(ctx, `INSERT INTO authority (tenant_id, authority_key, name, updated_at)
			VALUES ($1, 'a', 'Bürgerbüro', $2) RETURNING id`, tn.ID, time.Now().UTC()).Scan(&auth); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name, want string
			raw        []byte
		}{
			{"2048 bits", "2048 bits", jwk(t, &small.PublicKey, fitconnect.Alg, "enc")},
			{"signature use", `use is "sig"`, jwk(t, &key4096.PublicKey, fitconnect.Alg, "sig")},
			{"wrong alg", `alg is "PS512"`, jwk(t, &key4096.PublicKey, "PS512", "")},
			{"private key", "private key", jwk(t, key4096, fitconnect.Alg, "enc")},
			{"verify only", "wrapKey", []byte(strings.Replace(string(jwk(t, &key4096.PublicKey, fitconnect.Alg, "")), "{", `{"key_ops":["verify"],`, 1))},
			{"not JSON", "not a valid JWK", []byte("nope")},
		} {
			_, err := fitconnect.RegisterKey(ctx, db, "test", tn.ID, auth, tc.raw)
			if !fault.Is(err, fault.Invalid) || !strings.Contains(fault.MessageOf(err), tc.want) {
				t.Errorf("%s: %v, want invalid with %q", tc.name, err, tc.want)
			}
		}
		good := jwk(t, &key4096.PublicKey, fitconnect.Alg, "enc")
		if _, err := fitconnect.RegisterKey(ctx, db, "test", tn.ID, auth+1000, good); !fault.Is(err, fault.NotFound) {
			t.Errorf("unknown authority: %v", err)
		}
		k1, err := fitconnect.RegisterKey(ctx, db, "test", tn.ID, auth, good)
		if err != nil {
			t.Fatal(err)
		}
		k2, err := fitconnect.RegisterKey(ctx, db, "test", tn.ID, auth, good)
		if err != nil || k2.DestinationID != k1.DestinationID || len(k1.KeyID) < 8 {
			t.Fatalf("again: %+v %v (first %+v)", k2, err, k1)
		}
		got, err := fitconnect.KeyOf(ctx, db, tn.ID, auth)
		if err != nil || got.DestinationID != k1.DestinationID {
			t.Fatalf("KeyOf: %+v %v", got, err)
		}
		if strings.Contains(string(got.JWK), `"d"`) || !strings.Contains(string(got.JWK), `"wrapKey"`) {
			t.Errorf("stored JWK %s", got.JWK)
		}
		if _, err := fitconnect.KeyOf(ctx, db, tn.ID+1, auth); !fault.Is(err, fault.NotFound) {
			t.Errorf("other tenant: %v", err)
		}
	})
}

// TestSeal encrypts a form that only the private key opens, whose
// metadata validates against the FIT-Connect schema and whose hashes
// match; a service without a LeiKa key gets an amtsweg URN.
func TestSeal(t *testing.T) {
	t.Parallel()
	pub := jose.JSONWebKey{Key: &key4096.PublicKey, KeyID: "test-kid-1", Algorithm: fitconnect.Alg, Use: "enc"}
	for _, tc := range []struct{ leika, urn string }{
		{"99115005104000", "urn:de:fim:leika:leistung:99115005104000"},
		{"", "urn:amtsweg:procedure:wohngeld%c3%a4"},
	} {
		s, err := fitconnect.Seal(fitconnect.Content{LeiKaKey: tc.leika, ProcedureID: "wohngeldä", ProcedureVersion: 3,
			ServiceName: "Wohngeld", Reference: "SN-2026-1", SubmittedAt: time.Now(),
			Answers: map[string]any{"name": "Erika"},
			Files:   []fitconnect.File{{Name: "a.pdf", MediaType: "application/pdf; x=y", Content: []byte("%PDF-1.7 a")}}}, pub)
		if err != nil {
			t.Fatal(err)
		}
		meta := open(t, s.MetadataJWE)
		validate(t, meta)
		var md fitconnect.Metadata
		if err := json.Unmarshal(meta, &md); err != nil {
			t.Fatal(err)
		}
		if md.PublicServiceType.Identifier != tc.urn || len(md.ContentStructure.Attachments) != 1 ||
			md.ContentStructure.Attachments[0].AttachmentID != s.Attachments[0].ID || md.ContentStructure.Attachments[0].MimeType != "application/pdf" {
			t.Errorf("metadata %s", meta)
		}
		if md.ContentStructure.Data.SubmissionSchema.SchemaURI != "urn:amtsweg:procedure:wohngeld%c3%a4:v3" {
			t.Errorf("schema %q", md.ContentStructure.Data.SubmissionSchema.SchemaURI)
		}
		if string(open(t, s.DataJWE)) != `{"name":"Erika"}` || string(open(t, s.Attachments[0].JWE)) != "%PDF-1.7 a" {
			t.Error("data or attachment do not round-trip")
		}
		if strings.Contains(s.DataJWE, "Erika") {
			t.Error("plaintext in the JWE")
		}
		if !uuidRE.MatchString(s.CaseUUID) {
			t.Errorf("caseId %q is no UUID", s.CaseUUID)
		}
	}
}

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// fimDefinition is a procedure as the FIM import writes it: fields and
// groups with their FIM ids in Source, a repeatable group, a file field
// inside a group and a field the tenant added (no FIM id).
func fimDefinition() procedure.Definition {
	return procedure.Definition{ID: "s99000001", Version: 10000,
		FIM: &procedure.FIMOrigin{ID: "S99000001", Version: "1.0.0", Standard: "XDatenfelder 3.0.0"},
		Pages: []procedure.Page{{ID: "p1", Fields: []procedure.Field{
			{ID: "name", Type: procedure.ShortText, Source: "FIM F60000227"},
			{ID: "person", Type: procedure.Group, Source: "FIM G60000086", Fields: []procedure.Field{
				{ID: "vorname", Type: procedure.ShortText, Source: "FIM F60000228"},
				{ID: "nachweis", Type: procedure.FileUpload, Source: "FIM F60000300"},
			}},
			{ID: "kinder", Type: procedure.Group, Source: "FIM G60000090", Repeat: &procedure.Repeat{Min: 0, Max: 5},
				Fields: []procedure.Field{{ID: "kname", Type: procedure.ShortText, Source: "FIM F60000227"}}},
			{ID: "lokal", Type: procedure.ShortText},
		}}}}
}

// TestSealFIM seals an application of a FIM procedure as a FIT-Connect
// sender does: the FIM schema URI, data keyed by FIM element ids and
// nested like FITKO's JSON Schemas, file fields holding the attachmentIds
// of the metadata, the form PDF as the attachment with purpose "form",
// and a caseId that is the case's UUID; all read back by decrypting with
// the private key as a subscriber SDK does.
func TestSealFIM(t *testing.T) {
	t.Parallel()
	pub := jose.JSONWebKey{Key: &key4096.PublicKey, KeyID: "test-kid-1", Algorithm: fitconnect.Alg, Use: "enc"}
	def := fimDefinition()
	answers := map[string]any{"name": "Muster", "lokal": "x", "extra": "kept",
		"person": map[string]any{"vorname": "Erika", "nachweis": []any{map[string]any{"name": "n.png", "media_type": "image/png", "size": 3, "ref": "41"}}},
		"kinder": []any{map[string]any{"kname": "Max"}, map[string]any{"kname": "Moritz"}}}
	caseID := fitconnect.CaseUUID(7, 42)
	s, err := fitconnect.Seal(fitconnect.Content{LeiKaKey: "99115005104000", ProcedureID: def.ID, ProcedureVersion: def.Version,
		ServiceName: "Test", Reference: "SN-1", SubmittedAt: time.Now(), CaseUUID: caseID, SchemaURI: fitconnect.SchemaURI(def),
		Definition: &def, Answers: answers,
		Files: []fitconnect.File{{Ref: "41", Name: "n.png", MediaType: "image/png", Content: []byte("png")}},
		Form:  &fitconnect.File{Name: "Antrag.pdf", MediaType: "application/pdf", Content: []byte("%PDF-1.7 form")}}, pub)
	if err != nil {
		t.Fatal(err)
	}
	if s.CaseUUID != caseID || !uuidRE.MatchString(caseID) || caseID != fitconnect.CaseUUID(7, 42) || caseID == fitconnect.CaseUUID(7, 43) {
		t.Errorf("caseId %q", s.CaseUUID)
	}
	meta := open(t, s.MetadataJWE)
	validate(t, meta)
	var md fitconnect.Metadata
	if err := json.Unmarshal(meta, &md); err != nil {
		t.Fatal(err)
	}
	if got := md.ContentStructure.Data.SubmissionSchema.SchemaURI; got != "https://schema.fitko.de/fim/s99000001_1.0.0.schema.json" {
		t.Errorf("schemaUri %q", got)
	}
	as := md.ContentStructure.Attachments
	if len(as) != 2 || as[0].Purpose != "form" || as[0].MimeType != "application/pdf" || as[1].Purpose != "attachment" ||
		as[0].AttachmentID != s.Attachments[0].ID || as[1].AttachmentID != s.Attachments[1].ID {
		t.Fatalf("attachments %s", meta)
	}
	if string(open(t, s.Attachments[0].JWE)) != "%PDF-1.7 form" || string(open(t, s.Attachments[1].JWE)) != "png" {
		t.Error("attachments do not round-trip")
	}
	data := open(t, s.DataJWE)
	if sum := sha512.Sum512(data); md.ContentStructure.Data.Hash.Content != hex.EncodeToString(sum[:]) {
		t.Error("data hash")
	}
	want := `{"F60000227":"Muster","G60000086":{"F60000228":"Erika","F60000300":["` + as[1].AttachmentID + `"]},` +
		`"G60000090":[{"F60000227":"Max"},{"F60000227":"Moritz"}],"extra":"kept","lokal":"x"}`
	if string(data) != want {
		t.Errorf("data\n%s\nwant\n%s", data, want)
	}
	// A reader keys it by field again, the upload named as in the metadata.
	var shaped map[string]any
	if err := json.Unmarshal(data, &shaped); err != nil {
		t.Fatal(err)
	}
	// A member no field takes ("extra") is an issue naming it, not an
	// answer: the reader drops nothing silently.
	answers, issues := fitconnect.AnswersOf(def, shaped, as)
	if len(issues) != 1 || !strings.Contains(issues[0].Detail, `member "extra" at the top level`) {
		t.Errorf("issues %v", issues)
	}
	back, _ := json.Marshal(answers)
	wantBack := `{"kinder":[{"kname":"Max"},{"kname":"Moritz"}],"lokal":"x","name":"Muster",` +
		`"person":{"nachweis":[{"attachment_id":"` + as[1].AttachmentID + `","media_type":"image/png","name":"n.png"}],"vorname":"Erika"}}`
	if string(back) != wantBack {
		t.Errorf("AnswersOf\n%s\nwant\n%s", back, wantBack)
	}
}

// thumbprint is the kid RegisterKey gives key4096 (RFC 7638).
func thumbprint(t *testing.T) string {
	tp, err := (&jose.JSONWebKey{Key: &key4096.PublicKey}).Thumbprint(crypto.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	return base64.RawURLEncoding.EncodeToString(tp)
}

func sha512Hex(b []byte) string {
	sum := sha512.Sum512(b)
	return hex.EncodeToString(sum[:])
}

func open(t *testing.T, compact string) []byte {
	t.Helper()
	b, _, err := fitconnect.Open(compact, jose.JSONWebKey{Key: key4096})
	if err != nil {
		t.Fatal(err)
	}
	obj, err := jose.ParseEncryptedCompact(compact, []jose.KeyAlgorithm{jose.RSA_OAEP_256}, []jose.ContentEncryption{jose.A256GCM})
	if err != nil {
		t.Fatal(err)
	}
	if kid := obj.Header.KeyID; kid != "test-kid-1" && kid != thumbprint(t) {
		t.Errorf("kid %q", kid)
	}
	return b
}

// TestOpenRefuses: Open takes only RSA-OAEP-256 with A256GCM and the
// right key, and refuses a JWE addressed to another kid.
func TestOpenRefuses(t *testing.T) {
	t.Parallel()
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	for name, enc := range map[string]struct {
		alg jose.KeyAlgorithm
		key any
		kid string
	}{"RSA1_5": {jose.RSA1_5, &key4096.PublicKey, ""}, "other key": {jose.RSA_OAEP_256, &other.PublicKey, ""},
		"other kid": {jose.RSA_OAEP_256, &key4096.PublicKey, "not-mine"}} {
		e, err := jose.NewEncrypter(jose.A256GCM, jose.Recipient{Algorithm: enc.alg, Key: enc.key, KeyID: enc.kid}, nil)
		if err != nil {
			t.Fatal(err)
		}
		obj, err := e.Encrypt([]byte("x"))
		if err != nil {
			t.Fatal(err)
		}
		c, _ := obj.CompactSerialize()
		if _, _, err := fitconnect.Open(c, jose.JSONWebKey{Key: key4096, KeyID: "mine"}); err == nil {
			t.Errorf("%s: opened", name)
		}
	}
}

func validate(t *testing.T, raw []byte) {
	t.Helper()
	schema, err := refdata.FitConnect.ReadFile("fitconnect/metadata.schema.v1.0.0.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("metadata.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("metadata.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(v); err != nil {
		t.Fatalf("metadata does not validate: %v\n%s", err, raw)
	}
	// The validator is not a no-op: a broken hash must fail.
	bad := bytes.Replace(raw, []byte(`"sha512"`), []byte(`"md5"`), 1)
	v, _ = jsonschema.UnmarshalJSON(bytes.NewReader(bad))
	if sch.Validate(v) == nil {
		t.Fatal("schema accepted a md5 hash")
	}
}
