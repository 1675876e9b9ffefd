package subscriber_test

import (
	"context"
	"crypto/sha512"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/casework/caseworktest"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/fitconnect/subscriber"
	"github.com/amtsweg/amtsweg/internal/fitconnect/zustelltest"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

//go:embed testdata/gewerbe.yaml
var gewerbeYAML []byte

//go:embed testdata/fim.yaml
var fimYAML []byte

const (
	gewerbeSchema = "urn:amtsweg:procedure:fc-gewerbe:v1"
	gewerbeURN    = "urn:de:fim:leika:leistung:99050012104000"
	metaSchema    = "https://schema.fitko.de/fit-connect/metadata/1.0.0/metadata.schema.json"
)

// world is one engine's portal with a FIT-Connect destination and the
// simulated Submission Service.
type world struct {
	db        *store.DB
	w         *caseworktest.World
	tenant    tenant.ID
	authority int64
	dest      subscriber.Destination
	sim       *zustelltest.Server
	sender    *zustelltest.Sender
	svc       *subscriber.Service
}

func newWorld(t *testing.T, db *store.DB) *world {
	ctx := t.Context()
	x := &world{db: db, w: caseworktest.New(t, db, caseworktest.Config{})}
	x.tenant, _ = x.w.Tenant(t, tenant.Tenant{Slug: "sn", Name: "Freistaat Sachsen"})
	if err := db.Writer().QueryRowContext(ctx, `INSERT INTO authority (tenant_id, authority_key, name, updated_at)
		VALUES ($1, 'gewerbeamt', 'Gewerbeamt Meißen', $2) RETURNING id`, x.tenant, time.Now().UTC()).Scan(&x.authority); err != nil {
		t.Fatal(err)
	}
	for name, y := range map[string][]byte{"gewerbe.yaml": gewerbeYAML, "fim.yaml": fimYAML} {
		if _, err := procedure.Import(ctx, db, y, name); err != nil {
			t.Fatal(err)
		}
	}
	kr := blobtest.Keys(t, db)
	var err error
	const id = "6f3c2a1e-4b5d-4c7e-8f90-a1b2c3d4e5f6"
	if x.dest, err = subscriber.CreateDestination(ctx, db, kr, "test", x.tenant, x.authority, id); err != nil {
		t.Fatal(err)
	}
	x.sim = zustelltest.New(t)
	jwks, err := x.dest.PublicJWKS()
	if err != nil {
		t.Fatal(err)
	}
	if err := x.sim.AddDestination(id, jwks); err != nil {
		t.Fatal(err)
	}
	x.sim.AddClient("amtsweg", "geheim")
	client, err := subscriber.NewClient(ctx, subscriber.ClientConfig{BaseURL: x.sim.URL, TokenURL: x.sim.TokenURL(),
		ClientID: "amtsweg", ClientSecret: "geheim"})
	if err != nil {
		t.Fatal(err)
	}
	x.svc, err = subscriber.New(subscriber.Deps{DB: db, Keyring: kr, Apply: x.w.Apps, API: client,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	x.sender = x.sim.NewSender(ctx)
	return x
}

// file is one attachment a sender sends.
type file struct {
	id, name, mime string
	content        []byte
	purpose        string // "" is "attachment"
}

// outgoing is a submission as a sender builds it; the tamper functions
// break it the way a test needs.
type outgoing struct {
	service, schema string
	data            []byte
	files           []file
	key             *jose.JSONWebKey // encrypt the metadata to this key instead
	metadata        func(map[string]any)
	rawMetadata     []byte // sent instead of the built metadata
	deflate         bool
}

func sha(b []byte) string {
	s := sha512.Sum512(b)
	return hex.EncodeToString(s[:])
}

// send sends o to the destination through the simulator, as an SDK does.
func (x *world) send(t *testing.T, o outgoing) zustelltest.Created {
	t.Helper()
	ctx := t.Context()
	key, err := x.sender.Key(ctx, x.dest.ID, x.dest.Enc.KeyID)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	atts := []any{}
	for _, f := range o.files {
		ids = append(ids, f.id)
		purpose := f.purpose
		if purpose == "" {
			purpose = "attachment"
		}
		atts = append(atts, map[string]any{"attachmentId": f.id, "hash": map[string]string{"type": "sha512", "content": sha(f.content)},
			"purpose": purpose, "filename": f.name, "mimeType": f.mime})
	}
	md := map[string]any{"$schema": metaSchema,
		"publicServiceType": map[string]string{"identifier": o.service, "name": "Gewerbeanmeldung"},
		"contentStructure": map[string]any{"attachments": atts, "data": map[string]any{
			"hash":             map[string]string{"type": "sha512", "content": sha(o.data)},
			"submissionSchema": map[string]string{"schemaUri": o.schema, "mimeType": "application/json"}}}}
	if o.metadata != nil {
		o.metadata(md)
	}
	c, err := x.sender.Create(ctx, x.dest.ID, o.service, "Gewerbeanmeldung", ids)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range o.files {
		jwe, err := zustelltest.Encrypt(key, f.content, f.mime, o.deflate)
		if err != nil {
			t.Fatal(err)
		}
		if err := x.sender.Upload(ctx, c.SubmissionID, f.id, jwe); err != nil {
			t.Fatal(err)
		}
	}
	raw, _ := json.Marshal(md)
	if o.rawMetadata != nil {
		raw = o.rawMetadata
	}
	mdKey := key
	if o.key != nil {
		mdKey = *o.key
	}
	mdJWE, err := zustelltest.Encrypt(mdKey, raw, "application/json", o.deflate)
	if err != nil {
		t.Fatal(err)
	}
	dataJWE, err := zustelltest.Encrypt(key, o.data, "application/json", o.deflate)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.sender.Submit(ctx, c.SubmissionID, mdJWE, dataJWE); err != nil {
		t.Fatal(err)
	}
	return c
}

// event returns the only event of case c, verified with the destination's
// public signature key, and its content.
func (x *world) event(t *testing.T, c zustelltest.Created) (string, map[string]any) {
	t.Helper()
	log := x.sim.Events(c.CaseID)
	if len(log) != 1 {
		t.Fatalf("case %s has %d events, want 1", c.CaseID, len(log))
	}
	jws, err := jose.ParseSigned(log[0], []jose.SignatureAlgorithm{jose.PS512})
	if err != nil {
		t.Fatal(err)
	}
	payload, err := jws.Verify(x.dest.Sig.Public())
	if err != nil {
		t.Fatalf("the event does not verify with the destination's signature key: %v", err)
	}
	var claims subscriber.SETClaims
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Fatal(err)
	}
	if claims.Sub != "submission:"+c.SubmissionID || claims.Txn != "case:"+c.CaseID || claims.Issuer != x.dest.ID {
		t.Errorf("claims %+v do not name submission, case and destination", claims)
	}
	for k, v := range claims.Events {
		return k, v
	}
	t.Fatal("no event")
	return "", nil
}

func pdf(seed string) []byte { return []byte("%PDF-1.7\n" + strings.Repeat(seed, 100)) }

func count(t *testing.T, q store.Querier, query string, args ...any) int {
	t.Helper()
	var n int
	if err := q.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// TestCreateDestinationRefused: an id that is no lower-case UUID and an
// authority of another tenant are refused on their field before any key
// is made, and nothing is written; the tenant admin's inbox lists the
// destination newTest made and gives its public keys to its own tenant
// only.
func TestCreateDestinationRefused(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		x := newWorld(t, db)
		other, _ := x.w.Tenant(t, tenant.Tenant{Slug: "by", Name: "Freistaat Bayern"})
		kr := blobtest.Keys(t, db)
		inbox := subscriber.NewInbox(db, kr)
		for _, c := range []struct {
			tenant    tenant.ID
			authority int64
			id, field string
		}{
			{x.tenant, x.authority, "6F3C2A1E-4B5D-4C7E-8F90-A1B2C3D4E5F6", "id"},
			{x.tenant, x.authority, "keine-uuid", "id"},
			{other, x.authority, "7f3c2a1e-4b5d-4c7e-8f90-a1b2c3d4e5f6", "authority"},
			{x.tenant, 999999999, "7f3c2a1e-4b5d-4c7e-8f90-a1b2c3d4e5f6", "authority"},
		} {
			_, err := inbox.CreateDestination(ctx, "test", c.tenant, c.authority, c.id)
			var fe *fault.Error
			if !errors.As(err, &fe) || fe.Code != fault.Invalid || len(fe.Fields) != 1 || fe.Fields[0].Field != c.field {
				t.Errorf("%+v: %v, want invalid %s", c, err, c.field)
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM fitconnect_destination`); n != 1 {
			t.Errorf("%d destinations after refusals, want 1", n)
		}
		ds, err := inbox.Destinations(ctx, x.tenant)
		if err != nil || len(ds) != 1 || ds[0].ID != x.dest.ID || ds[0].EncKeyID != x.dest.Enc.KeyID || ds[0].SigKeyID != x.dest.Sig.KeyID {
			t.Fatalf("destinations %+v %v", ds, err)
		}
		if ds, err := inbox.Destinations(ctx, other); err != nil || len(ds) != 0 {
			t.Errorf("the other tenant lists %+v %v", ds, err)
		}
		jwks, err := inbox.PublicJWKS(ctx, x.tenant, x.dest.ID)
		if want, _ := x.dest.PublicJWKS(); err != nil || string(jwks) != string(want) {
			t.Errorf("public keys %s %v", jwks, err)
		}
		if _, err := inbox.PublicJWKS(ctx, other, x.dest.ID); !fault.Is(err, fault.NotFound) {
			t.Errorf("the other tenant's public keys: %v", err)
		}
	})
}
