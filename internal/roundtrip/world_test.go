package roundtrip_test

import (
	"context"
	"crypto/rsa"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/casework/caseworktest"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/demo"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/procedure/proceduretest"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// world is the running app (with its job workers) on one database, and
// the services over the same database and files for what the HTTP side
// does not show (staff sessions, the xdomea export).
type world struct {
	base   string
	db     *store.DB
	cw     *caseworktest.World
	acc    *account.Service
	tenant tenant.ID
	apiKey string
	fitKey *rsa.PrivateKey
	places []proceduretest.Place
	names  map[string]string // place name by ARS

	mu    sync.Mutex
	staff map[int64]string // session token of a head of unit, by authority
}

func check(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// startWorld seeds a fresh database of dialect d with the demo content
// and starts the real app on it with its job workers.
func startWorld(t *testing.T, d store.Dialect) *world {
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	dsn, dir := storetest.DSN(t, d), t.TempDir()
	w := &world{staff: map[int64]string{}}
	var err error
	w.db, err = store.Open(ctx, dsn)
	check(t, err)
	t.Cleanup(func() { w.db.Close() })
	check(t, w.db.Migrate(ctx, log))
	check(t, demo.Seed(ctx, w.db, log))
	w.base = browsertest.Start(t, browsertest.WithDatabaseURL(dsn), browsertest.WithConfig(func(c *config.Config) {
		c.DataDir, c.MaxBody, c.Jobs, c.LogLevel = dir, 8<<20, true, "warn"
	}))
	raw, err := os.ReadFile(filepath.Join(dir, "seal.key"))
	check(t, err)
	secret, err := hex.DecodeString(strings.TrimSpace(string(raw)))
	check(t, err)
	w.cw = caseworktest.New(t, w.db, caseworktest.Config{BlobDir: filepath.Join(dir, "blobs"), BlobMaster: blobtest.MasterKeyOf(t, dir), SealSecret: secret, Finder: catalog.NewFinder(w.db)})
	w.acc, err = account.New(w.db, account.DefaultConfig(), time.Now)
	check(t, err)
	tn, err := tenant.BySlug(ctx, w.db, demo.TenantSlug)
	check(t, err)
	w.tenant = tn.ID
	c, err := apiclient.Create(ctx, w.db, "test", apiclient.New{TenantID: w.tenant, Name: "Rundreise",
		Scopes: []apiclient.Scope{apiclient.SubmissionsRead}, RatePerMin: 1_000_000, Secrets: blobtest.KeysOf(t, w.db, dir)})
	check(t, err)
	w.apiKey = c.APIKey
	w.loadPlaces(t)
	w.registerKeys(t)
	return w
}

// loadPlaces picks municipalities of the region data: a few with unique
// names and, when there are any, some whose name several share.
func (w *world) loadPlaces(t *testing.T) {
	rows, err := w.db.QueryContext(context.Background(), `SELECT r.ars, r.name,
		(SELECT COUNT(*) FROM region o WHERE o.name = r.name AND o.level = r.level) AS same
		FROM region r WHERE r.level = $1 ORDER BY r.ars`, int(catalog.LevelMunicipality))
	check(t, err)
	defer rows.Close()
	w.names = map[string]string{}
	var unique, shared []proceduretest.Place
	for rows.Next() {
		var p proceduretest.Place
		var same int
		check(t, rows.Scan(&p.ARS, &p.Name, &same))
		if same > 1 {
			shared = append(shared, p)
		} else {
			unique = append(unique, p)
		}
	}
	check(t, rows.Err())
	for _, list := range [][]proceduretest.Place{unique, shared} {
		step := max(len(list)/6, 1)
		for i := 0; i < len(list) && i < 6*step; i += step {
			// The form types the official name; review, receipt, case
			// and file show the label people read (name, district,
			// state), which is what the oracle expects.
			w.names[list[i].ARS] = list[i].Name
			label, err := catalog.PlaceLabel(context.Background(), w.db, list[i].ARS)
			check(t, err)
			w.places = append(w.places, proceduretest.Place{ARS: list[i].ARS, Name: label})
		}
	}
	if len(w.places) == 0 {
		t.Fatal("the demo region data has no municipality")
	}
}

// publish publishes src as a guest procedure at the assurance level low
// (the form flow of a test cannot log in with an eID), as a new version
// when the demo already published it, and returns it compiled.
func (w *world) publish(t *testing.T, src proceduretest.Source) *procedure.Procedure {
	ctx := context.Background()
	def := src.Procedure.Def
	def.Guest, def.Assurance = true, "low"
	if v, err := procedure.Latest(ctx, w.db, def.ID); err == nil {
		def.Version = v.Version + 1
	} else if !fault.Is(err, fault.NotFound) {
		t.Fatal(err)
	}
	raw, err := json.Marshal(def)
	check(t, err)
	_, err = procedure.Import(ctx, w.db, raw, src.File)
	check(t, err)
	p, err := procedure.Compile(def, src.File)
	check(t, err)
	return p
}

// staffToken is a session of a head of unit of the authority, who may
// open every case there.
func (w *world) staffToken(t *testing.T, authority int64) string {
	w.mu.Lock()
	defer w.mu.Unlock()
	if tok, ok := w.staff[authority]; ok {
		return tok
	}
	role := account.StaffRole{Role: account.RoleHeadOfUnit, AuthorityID: authority}
	s := w.cw.Staff(t, w.tenant, "Leitung", role)
	a, err := account.ByID(context.Background(), w.db, s.AccountID)
	check(t, err)
	_, tok, err := w.acc.StartSession(context.Background(), a, account.SessionStart{Level: account.LevelSubstantial, Method: "test"})
	check(t, err)
	w.staff[authority] = tok
	return tok
}
