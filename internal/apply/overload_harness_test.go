package apply_test

// The overload harness: drafts prepared through the apply package before
// the clock starts, then submitted over real HTTP to a real server (the
// app in this process, or the amtsweg binary), then checked in the stores.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// overloadSize is the attachment of every draft (100 kB, like the crash
// test and BenchmarkSubmit).
const overloadSize = 100_000

// world is one database and data directory shared by the preparing test
// and the server.
type world struct {
	dsn     string // SQLite file or PostgreSQL URL
	dataDir string // the server's --data; blobs under dataDir/blobs
	dialect store.Dialect
	next    int // drafts prepared so far (keys are unique across rounds)
}

// newWorld creates the database with the test procedure, the tenant and
// the region the procedure's place field names.
func newWorld(t testing.TB, d store.Dialect) *world {
	t.Helper()
	w := &world{dataDir: t.TempDir(), dialect: d}
	w.dsn = filepath.Join(w.dataDir, "amtsweg.db")
	// The server seals files with the master key the drafts' uploads used.
	if err := os.WriteFile(filepath.Join(w.dataDir, "blob-master.key"), []byte(hex.EncodeToString(blobtest.MasterKey)), 0o600); err != nil {
		t.Fatal(err)
	}
	if d == store.Postgres {
		w.dsn = storetest.DSN(t, d)
	}
	db := w.open(t)
	defer db.Close()
	ctx := context.Background()
	if _, err := procedure.Import(ctx, db, testProcedure, "nachweis.yaml"); err != nil {
		t.Fatal(err)
	}
	if _, err := tenant.Create(ctx, db, "test", tenant.Tenant{Slug: "sn", Name: "Freistaat Sachsen"}); err != nil {
		t.Fatal(err)
	}
	err := db.Tx(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO region (ars, level, name, name_folded) VALUES ($1, 4, 'Meißen', 'meissen')`, placeARS)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *world) open(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), w.dsn)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(context.Background(), quietLog()); err != nil {
		t.Fatal(err)
	}
	return db
}

func (w *world) blobDir() string { return filepath.Join(w.dataDir, "blobs") }

// draft is one prepared guest application and what its submit sends.
type draft struct {
	id     int64
	secret string // the guest's resume secret (cookie)
	key    string // idempotency key (form field "schluessel")
	sha256 string // of the uploaded file
}

// prepare makes n complete guest drafts with a 100 kB PDF each, from
// workers goroutines, through the apply package.
func (w *world) prepare(t testing.TB, n, workers int) []draft {
	t.Helper()
	ctx := context.Background()
	db := w.open(t)
	defer db.Close()
	blobs := blobtest.Sealed(t, db, w.blobDir())
	q, _ := jobs.New(db, quietLog(), jobs.Config{})
	svc, err := apply.New(apply.Deps{DB: db, Blobs: blobs, Jobs: q, Finder: &fakeFinder{}, Log: quietLog()})
	if err != nil {
		t.Fatal(err)
	}
	ten, err := tenant.BySlug(ctx, db, "sn")
	if err != nil {
		t.Fatal(err)
	}
	out := make([]draft, n)
	first := w.next
	w.next += n
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for k := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := k; i < n; i += workers {
				d, err := prepareOne(ctx, svc, ten.ID, first+i)
				if err != nil {
					errs <- err
					return
				}
				out[i] = d
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		t.Fatal(err)
	}
	return out
}

func prepareOne(ctx context.Context, svc *apply.Service, tenantID tenant.ID, i int) (draft, error) {
	a, secret, err := svc.Start(ctx, apply.StartInput{TenantID: tenantID, ProcedureID: "test-nachweis", Owner: apply.GuestOwner(tenantID, "")})
	if err != nil {
		return draft{}, err
	}
	owner := apply.GuestOwner(tenantID, secret)
	for _, p := range []struct {
		page string
		ans  map[string]any
	}{{"person", map[string]any{"name": "Antragsteller " + strconv.Itoa(i), "gemeinde": placeARS}},
		{"nachweise", map[string]any{"mit_nachweis": true}}, {"abschluss", map[string]any{"richtig": true}}} {
		if _, err := svc.SavePage(ctx, a.ID, owner, p.page, p.ans); err != nil {
			return draft{}, err
		}
	}
	content := pdfBytes(overloadSize, "overload-"+strconv.Itoa(i))
	if _, err := svc.Upload(ctx, a.ID, owner, "nachweis", "Nachweis.pdf", "", bytes.NewReader(content)); err != nil {
		return draft{}, err
	}
	sum := sha256.Sum256(content)
	return draft{id: a.ID, secret: secret, key: "overload-" + strconv.Itoa(i), sha256: hex.EncodeToString(sum[:])}, nil
}

// outcome is the answer to one submit.
type outcome struct {
	status     int
	retryAfter string
	latency    time.Duration
	err        error
}

// receipt: the submit was acknowledged (303 to the receipt page).
func (o outcome) receipt() bool { return o.err == nil && o.status == http.StatusSeeOther }

// refused: 503, which must carry Retry-After.
func (o outcome) refused() bool { return o.err == nil && o.status == http.StatusServiceUnavailable }

// newClient is an HTTP client that does not follow the redirect to the
// receipt and keeps up to conns connections open.
func newClient(conns int) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost, tr.MaxConnsPerHost = conns, conns, 0
	return &http.Client{Transport: tr, Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// submit posts the review form of d as its guest would; latency is
// measured from start (the scheduled send time under open-loop load).
func submit(c *http.Client, base string, d draft, start time.Time) outcome {
	form := url.Values{"einwilligung": {"ja"}, "schluessel": {d.key}}
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/antraege/%d/einreichen", base, d.id), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: fmt.Sprintf("amtsweg_antrag_%d", d.id), Value: d.secret})
	resp, err := c.Do(req)
	if err != nil {
		return outcome{err: err, latency: time.Since(start)}
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	o := outcome{status: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After"), latency: time.Since(start)}
	if o.status == http.StatusSeeOther && !strings.HasSuffix(resp.Header.Get("Location"), "/eingangsbestaetigung") {
		o.err = fmt.Errorf("303 to %q, not the receipt", resp.Header.Get("Location"))
	}
	return o
}

// retryUntilReceipt submits d again with the same key, waiting Retry-After
// (capped at wait) between attempts, at most tries times.
func retryUntilReceipt(c *http.Client, base string, d draft, tries int, wait time.Duration) outcome {
	var o outcome
	for range tries {
		if o = submit(c, base, d, time.Now()); !o.refused() {
			return o
		}
		pause := wait
		if s, err := strconv.Atoi(o.retryAfter); err == nil && time.Duration(s)*time.Second < pause {
			pause = time.Duration(s) * time.Second
		}
		time.Sleep(pause)
	}
	return o
}

// checkSubmitted: every draft in acked is submitted under its key with
// exactly one file whose row and blob on disk both hash to what was
// uploaded; and nothing else was submitted (want is the total).
func (w *world) checkSubmitted(t testing.TB, acked []draft, want int) {
	t.Helper()
	db := w.open(t)
	defer db.Close()
	ctx := context.Background()
	if n := count(t, db, `SELECT COUNT(*) FROM application WHERE status = 'submitted'`); n != want || len(acked) != want {
		t.Fatalf("%d submitted, %d acknowledged, want %d", n, len(acked), want)
	}
	if n := count(t, db, `SELECT COUNT(DISTINCT reference) FROM application WHERE status = 'submitted'`); n != want {
		t.Fatalf("%d distinct references for %d submissions", n, want)
	}
	for _, d := range acked {
		var key, sum, blobKey string
		err := db.QueryRowContext(ctx, `SELECT a.submit_key, t.sha256, t.blob_key FROM application a
			JOIN application_attachment t ON t.application_id = a.id WHERE a.id = $1 AND a.status = 'submitted'`, d.id).Scan(&key, &sum, &blobKey)
		if err != nil {
			t.Fatalf("acknowledged application %d: %v", d.id, err)
		}
		h, _, err := blobtest.Sealed(t, db, w.blobDir()).SHA256(ctx, blobKey)
		if err != nil {
			t.Fatalf("application %d: file lost: %v", d.id, err)
		}
		if key != d.key || sum != d.sha256 || h != d.sha256 {
			t.Fatalf("application %d: key %q (want %q), row sha %s, stored sha %s, uploaded %s", d.id, key, d.key, sum, h, d.sha256)
		}
	}
}
