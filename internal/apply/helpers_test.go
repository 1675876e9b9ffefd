package apply_test

import (
	"bytes"
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

//go:embed testdata/nachweis.yaml
var testProcedure []byte

// placeARS is the municipality the fake finder knows (Meißen).
const placeARS = "146270210210"

// fakeFinder answers for one region; other regions have no authority. It
// stands in for catalog.Finder so routing is tested without a catalog import
// (catalog's own tests cover the finder).
type fakeFinder struct {
	mu    sync.Mutex
	calls []string
}

func (f *fakeFinder) Find(_ context.Context, tenantID tenant.ID, key, ars string, aud catalog.Audience) (catalog.Authority, error) {
	f.mu.Lock()
	f.calls = append(f.calls, fmt.Sprintf("%d %s %s %s", tenantID, key, ars, aud))
	f.mu.Unlock()
	if ars != placeARS {
		return catalog.Authority{}, fault.New(fault.NotFound, "no authority")
	}
	return catalog.Authority{ID: 7, TenantID: tenantID, Name: "Landratsamt Meißen",
		Address: catalog.Address{Street: "Brauhausstraße 21", Postcode: "01662", City: "Meißen"}}, nil
}

// env is one test's world: database, blobs, queue and service.
type env struct {
	db     *store.DB
	blobs  blob.Lister
	dir    string           // the blob folder on disk
	s3     *blobtest.Server // the blob bucket instead, when set
	jobs   *jobs.Queue
	svc    *apply.Service
	tenant tenant.Tenant
	finder *fakeFinder
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// newEnv builds a service on db with the test procedure published and a
// tenant "sn".
func newEnv(t testing.TB, db *store.DB, mod func(*apply.Deps)) *env {
	t.Helper()
	return newEnvOn(t, db, nil, mod)
}

// newEnvOn is newEnv with the blobs in srv's bucket (nil: on disk).
func newEnvOn(t testing.TB, db *store.DB, srv *blobtest.Server, mod func(*apply.Deps)) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{db: db, dir: filepath.Join(t.TempDir(), "blobs"), s3: srv, finder: &fakeFinder{}}
	var err error
	if srv != nil {
		e.blobs, err = blob.Open(ctx, srv.URL, "")
	} else {
		e.blobs, err = blob.NewDisk(e.dir)
	}
	if err != nil {
		t.Fatal(err)
	}
	if e.jobs, err = jobs.New(db, quietLog(), jobs.Config{}); err != nil {
		t.Fatal(err)
	}
	if _, err := procedure.Import(ctx, db, testProcedure, "nachweis.yaml"); err != nil {
		t.Fatal(err)
	}
	if e.tenant, err = tenant.BySlug(ctx, db, "sn"); err != nil {
		if e.tenant, err = tenant.Create(ctx, db, "test", tenant.Tenant{Slug: "sn", Name: "Freistaat Sachsen"}); err != nil {
			t.Fatal(err)
		}
	}
	d := apply.Deps{DB: db, Blobs: e.blobs, Jobs: e.jobs, Finder: e.finder, Log: quietLog()}
	if mod != nil {
		mod(&d)
	}
	if e.svc, err = apply.New(d); err != nil {
		t.Fatal(err)
	}
	return e
}

// pdfBytes is a small "PDF" of n bytes: the magic is all Sniff needs.
func pdfBytes(n int, seed string) []byte {
	b := bytes.Repeat([]byte(seed+" "), n/(len(seed)+1)+1)[:n]
	copy(b, "%PDF-1.7\n")
	return b
}

// start creates a draft for owner; a guest owner gets its secret filled in.
func (e *env) start(t testing.TB, owner *apply.Owner) apply.Application {
	t.Helper()
	a, secret, err := e.svc.Start(context.Background(), apply.StartInput{TenantID: e.tenant.ID, ProcedureID: "test-nachweis", Owner: *owner})
	if err != nil {
		t.Fatal(err)
	}
	if owner.Guest() {
		owner.Secret = secret
	}
	return a
}

// fill saves valid answers on every page and uploads one proof.
func (e *env) fill(t testing.TB, id int64, owner apply.Owner, proof []byte) {
	t.Helper()
	ctx := context.Background()
	pages := []struct {
		page    string
		answers map[string]any
	}{
		{"person", map[string]any{"name": "Jörg Müller-Weiß", "gemeinde": placeARS}},
		{"nachweise", map[string]any{"mit_nachweis": true}},
		{"abschluss", map[string]any{"richtig": true}},
	}
	for _, p := range pages {
		if _, err := e.svc.SavePage(ctx, id, owner, p.page, p.answers); err != nil {
			t.Fatal(err)
		}
	}
	if proof != nil {
		if _, err := e.svc.Upload(ctx, id, owner, "nachweis", "Nachweis.pdf", "application/pdf", bytes.NewReader(proof)); err != nil {
			t.Fatal(err)
		}
	}
}

// count runs a COUNT(*) query.
func count(t testing.TB, q store.Querier, query string, args ...any) int {
	t.Helper()
	var n int
	if err := q.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

var _ = sql.ErrNoRows
