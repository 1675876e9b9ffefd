package apply_test

// The crash test: a child process (this test binary, re-executed with
// AMTSWEG_APPLY_CRASH_CHILD set) submits applications with a 100 kB
// attachment from many goroutines against a real database and blob
// directory and prints every acknowledged receipt; the parent kills it with
// SIGKILL mid-way, runs it again (every submitter resumes its own draft and
// retries with the same idempotency key) and then checks the stores.

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

const (
	crashEnv     = "AMTSWEG_APPLY_CRASH_CHILD" // "dsn|blobdir|n|workers"
	crashN       = 200
	crashWorkers = 16
	crashSize    = 100_000
)

func TestMain(m *testing.M) {
	if spec := os.Getenv(crashEnv); spec != "" {
		if err := crashChild(spec); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// crashChild submits applications 1..n, each by account i with key
// "crash-i", resuming whatever an earlier run left, and prints
// "ACK i reference sha256" after each acknowledged submission.
func crashChild(spec string) error {
	parts := strings.Split(spec, "|")
	n, _ := strconv.Atoi(parts[2])
	workers, _ := strconv.Atoi(parts[3])
	ctx := context.Background()
	db, err := store.Open(ctx, parts[0])
	if err != nil {
		return err
	}
	defer db.Close()
	blobs, err := blobtest.Open(db, parts[1])
	if err != nil {
		return err
	}
	q, _ := jobs.New(db, quietLog(), jobs.Config{})
	svc, err := apply.New(apply.Deps{DB: db, Blobs: blobs, Jobs: q, Finder: &fakeFinder{}, Log: quietLog()})
	if err != nil {
		return err
	}
	ten, err := tenant.BySlug(ctx, db, "sn")
	if err != nil {
		return err
	}
	var mu sync.Mutex
	work := make(chan int)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				rc, err := crashSubmit(ctx, svc, ten.ID, i)
				if err != nil {
					errs <- fmt.Errorf("submitter %d: %w", i, err)
					return
				}
				mu.Lock()
				fmt.Printf("ACK %d %s %s\n", i, rc.Reference, rc.Attachments[0].SHA256)
				mu.Unlock()
			}
		}()
	}
	for i := 1; i <= n; i++ {
		work <- i
	}
	close(work)
	wg.Wait()
	close(errs)
	return <-errs
}

// crashSubmit runs (or resumes) the whole flow of submitter i.
func crashSubmit(ctx context.Context, svc *apply.Service, tenantID tenant.ID, i int) (apply.Receipt, error) {
	owner := apply.AccountOwner(int64(i), 0)
	drafts, err := svc.Drafts(ctx, tenantID, owner)
	if err != nil {
		return apply.Receipt{}, err
	}
	var a apply.Application
	if len(drafts) > 0 {
		a, err = svc.Get(ctx, drafts[0].ID, owner)
	} else {
		a, _, err = svc.Start(ctx, apply.StartInput{TenantID: tenantID, ProcedureID: "test-nachweis", Owner: owner})
	}
	if err != nil {
		return apply.Receipt{}, err
	}
	if a.Status == apply.Draft {
		for _, p := range []struct {
			page string
			ans  map[string]any
		}{{"person", map[string]any{"name": "Antragsteller " + strconv.Itoa(i), "gemeinde": placeARS}},
			{"nachweise", map[string]any{"mit_nachweis": true}}, {"abschluss", map[string]any{"richtig": true}}} {
			if _, err := svc.SavePage(ctx, a.ID, owner, p.page, p.ans); err != nil {
				return apply.Receipt{}, err
			}
		}
		if len(a.Attachments) == 0 {
			if _, err := svc.Upload(ctx, a.ID, owner, "nachweis", "Nachweis.pdf", "", bytes.NewReader(pdfBytes(crashSize, strconv.Itoa(i)))); err != nil {
				return apply.Receipt{}, err
			}
		}
	}
	return svc.Submit(ctx, a.ID, owner, "crash-"+strconv.Itoa(i))
}

// runChild starts the child, collects its ACK lines and kills it after
// killAfter acks (0: let it finish).
func runChild(t *testing.T, spec string, killAfter int) map[int]string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashEnv+"="+spec)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acks := map[int]string{}
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 4 && f[0] == "ACK" {
			i, _ := strconv.Atoi(f[1])
			acks[i] = f[2] + " " + f[3]
			if killAfter > 0 && len(acks) == killAfter {
				cmd.Process.Signal(syscall.SIGKILL)
			}
		}
	}
	io.Copy(io.Discard, out)
	err := cmd.Wait()
	if killAfter == 0 && err != nil {
		t.Fatalf("child failed: %v\n%s", err, stderr.String())
	}
	if killAfter > 0 && err == nil {
		t.Fatal("child finished before it was killed")
	}
	return acks
}

func TestCrashDuringSubmissions(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			dsn := storetest.DSN(t, d)
			db, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := db.Migrate(context.Background(), quietLog()); err != nil {
				t.Fatal(err)
			}
			e := newEnv(t, db, nil) // publishes the procedure, creates the tenant
			spec := fmt.Sprintf("%s|%s|%d|%d", dsn, e.dir, crashN, crashWorkers)
			first := runChild(t, spec, crashN/3)
			second := runChild(t, spec, 0)
			t.Logf("acknowledged before the kill: %d; after the restart: %d", len(first), len(second))
			for i, ack := range first {
				if second[i] != ack {
					t.Errorf("submitter %d: receipt %q before the crash, %q on retry with the same key", i, ack, second[i])
				}
			}
			checkStores(t, e, db, len(second))
		})
	}
}

// checkStores: every submitted application has its file with matching
// content, no row lacks its blob, orphan blobs are bounded by the uploads
// in flight at the kill, references have no gaps, the audit chain holds.
func checkStores(t *testing.T, e *env, db *store.DB, acked int) {
	ctx := context.Background()
	if n := count(t, db, `SELECT COUNT(*) FROM application WHERE status = 'submitted'`); n != crashN || acked != crashN {
		t.Fatalf("%d submitted, %d acknowledged, want %d", n, acked, crashN)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM application a WHERE status = 'submitted' AND
		(SELECT COUNT(*) FROM application_attachment t WHERE t.application_id = a.id) <> 1`); n != 0 {
		t.Fatalf("%d submitted applications without exactly one file", n)
	}
	rows, err := db.QueryContext(ctx, `SELECT blob_key, sha256, size FROM application_attachment`)
	if err != nil {
		t.Fatal(err)
	}
	referenced := map[string]bool{}
	for rows.Next() {
		var key, sum string
		var size int64
		rows.Scan(&key, &sum, &size)
		referenced[key] = true
		h, n, err := e.blobs.SHA256(context.Background(), key)
		if err != nil {
			t.Fatalf("attachment row without its blob: %v", err)
		}
		if h != sum || n != size {
			t.Fatalf("blob %s does not match its row", key)
		}
	}
	rows.Close()
	orphans := blobCount(t, e.dir) - len(referenced)
	t.Logf("unreferenced blobs after the crash: %d (bound: %d uploads in flight)", orphans, crashWorkers)
	if orphans < 0 || orphans > crashWorkers {
		t.Fatalf("%d unreferenced blobs, more than the %d uploads that can be in flight", orphans, crashWorkers)
	}
	if n := count(t, db, `SELECT MAX(last) FROM application_reference_counter`); n != crashN {
		t.Fatalf("reference counter at %d after %d submissions: gap or double allocation", n, crashN)
	}
	if n := count(t, db, `SELECT COUNT(DISTINCT reference) FROM application`); n != crashN {
		t.Fatalf("%d distinct references", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM job WHERE kind = 'application.submitted'`); n != crashN {
		t.Fatalf("%d follow-up jobs for %d submissions", n, crashN)
	}
	if _, problems, err := audit.Verify(ctx, db); err != nil || len(problems) > 0 {
		t.Fatalf("audit chain: %v %v", err, problems)
	}
}
