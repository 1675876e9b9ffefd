package fitconnect_test

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/fitconnect"
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
		if string(open(t, s.DataJWE)) != `{"name":"Erika"}` || string(open(t, s.Attachments[0].JWE)) != "%PDF-1.7 a" {
			t.Error("data or attachment do not round-trip")
		}
		if strings.Contains(s.DataJWE, "Erika") {
			t.Error("plaintext in the JWE")
		}
	}
}

func open(t *testing.T, compact string) []byte {
	t.Helper()
	obj, err := jose.ParseEncryptedCompact(compact, []jose.KeyAlgorithm{jose.RSA_OAEP_256}, []jose.ContentEncryption{jose.A256GCM})
	if err != nil {
		t.Fatal(err)
	}
	if obj.Header.KeyID != "test-kid-1" {
		t.Errorf("kid %q", obj.Header.KeyID)
	}
	b, err := obj.Decrypt(key4096)
	if err != nil {
		t.Fatal(err)
	}
	return b
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
