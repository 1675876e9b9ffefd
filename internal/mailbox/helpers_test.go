package mailbox_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/mailbox"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

func ctx() context.Context { return context.Background() }

const testProcedure = `id: postfachtest
version: 1
title: {de: "Postfachtest", en: "Mailbox test"}
assurance: low
guest: true
deadline: P3M
retention: P10Y
pages:
  - id: p
    title: {de: Angaben, en: Details}
    fields:
      - {id: name, type: short_text, label: {de: Name, en: Name}, required: true}
`

// noFinder finds no authority: applications go to the clearing office.
type noFinder struct{}

func (noFinder) Find(context.Context, int64, string, string, catalog.Audience) (catalog.Authority, error) {
	return catalog.Authority{}, fault.New(fault.NotFound, "none")
}

// fx is a mailbox on a fresh database: a tenant with its clearing office,
// a head of unit there (the tenant admin), two citizens, real mail.
type fx struct {
	db      *store.DB
	q       *jobs.Queue
	apps    *apply.Service
	cases   *casework.Service
	mb      *mailbox.Service
	mailDir string
	tenant  int64
	staff   casework.Staff
	alice   int64 // citizen account
	bob     int64 // another citizen
	seq     int
}

func newFx(t *testing.T, db *store.DB) *fx {
	t.Helper()
	f := &fx{db: db, mailDir: t.TempDir()}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	tn, err := tenant.Create(ctx(), db, "test", tenant.Tenant{Slug: "sn", Name: "Freistaat Sachsen"})
	check(t, err)
	f.tenant = tn.ID
	_, err = procedure.Import(ctx(), db, []byte(testProcedure), "postfachtest.yaml")
	check(t, err)
	blobs, err := blob.NewDisk(t.TempDir())
	check(t, err)
	f.q, err = jobs.New(db, log, jobs.Config{})
	check(t, err)
	mailer, err := mail.New(db, f.q, mail.Config{From: "Portal <noreply@portal.example>", Dir: f.mailDir}, log)
	check(t, err)
	files, err := akte.New(akte.Deps{DB: db, Blobs: blobs, Log: log, Purge: casework.PurgeTx})
	check(t, err)
	f.cases, err = casework.New(casework.Deps{DB: db, Blobs: blobs, Jobs: f.q, Akte: files, Mail: mailer, Log: log,
		SealSecret: []byte(strings.Repeat("k", 32)), Recipient: mailbox.Recipient})
	check(t, err)
	_, err = f.cases.EnsureClearing(ctx(), f.tenant)
	check(t, err)
	f.apps, err = apply.New(apply.Deps{DB: db, Blobs: blobs, Jobs: f.q, Finder: noFinder{}, Log: log})
	check(t, err)
	f.mb, err = mailbox.New(mailbox.Deps{DB: db, Blobs: blobs, Apply: f.apps, Cases: f.cases, Akte: files, Mail: mailer,
		Log: log, Config: mailbox.Config{BaseURL: func() string { return "https://portal.example" }}})
	check(t, err)
	admin := f.account(t, account.KindStaff, "Adam Admin")
	_, err = db.ExecContext(ctx(), `INSERT INTO staff_role (account_id, authority_id, role) VALUES ($1, $2, $3)`, admin, 0, account.RoleTenantAdmin)
	check(t, err)
	f.staff, err = casework.LoadStaff(ctx(), db, f.tenant, admin)
	check(t, err)
	f.alice = f.account(t, account.KindCitizen, "Alice Antrag")
	f.bob = f.account(t, account.KindCitizen, "Bob Fremd")
	return f
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// account inserts an active account (account.CreateStaff and sign-up are
// slow and tested in package account).
func (f *fx) account(t *testing.T, kind account.Kind, name string) int64 {
	t.Helper()
	f.seq++
	var id int64
	email := fmt.Sprintf("person%d@example.de", f.seq)
	check(t, f.db.Writer().QueryRowContext(ctx(), `INSERT INTO account (tenant_id, kind, state, email, email_norm, name, created_at)
		VALUES ($1, $2, 'active', $3, $3, $4, $5) RETURNING id`, f.tenant, kind, email, name, time.Now().UTC()).Scan(&id))
	return id
}

// submit files an application for owner and routes it; it returns the
// application and the case.
func (f *fx) submit(t *testing.T, owner *apply.Owner) (apply.Application, casework.Case) {
	t.Helper()
	a, secret, err := f.apps.Start(ctx(), apply.StartInput{TenantID: f.tenant, ProcedureID: "postfachtest", Owner: *owner})
	check(t, err)
	if owner.Guest() {
		owner.Secret = secret
	}
	_, err = f.apps.SavePage(ctx(), a.ID, *owner, "p", map[string]any{"name": "Alice Antrag"})
	check(t, err)
	_, err = f.apps.Submit(ctx(), a.ID, *owner, fmt.Sprintf("key-%d", a.ID))
	check(t, err)
	check(t, f.cases.OnSubmitted(ctx(), a.ID))
	a, err = f.apps.Get(ctx(), a.ID, *owner)
	check(t, err)
	var caseID int64
	check(t, f.db.QueryRowContext(ctx(), `SELECT id FROM case_record WHERE application_id = $1`, a.ID).Scan(&caseID))
	c, err := f.cases.Get(ctx(), f.staff, caseID)
	check(t, err)
	return a, c
}

// mails runs the queue until n mails are in the folder and returns their
// raw text.
func (f *fx) mails(t *testing.T, n int) []string {
	t.Helper()
	c, cancel := context.WithCancel(ctx())
	defer cancel()
	check(t, f.q.Start(c))
	defer f.q.Stop(ctx())
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		names, _ := filepath.Glob(filepath.Join(f.mailDir, "*.eml"))
		if len(names) >= n {
			var out []string
			for _, name := range names {
				b, err := os.ReadFile(name)
				check(t, err)
				out = append(out, string(b))
			}
			return out
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("fewer than %d mails in %s", n, f.mailDir)
	return nil
}

func wantCode(t *testing.T, err error, code fault.Code) {
	t.Helper()
	if got := fault.CodeOf(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
}

func pdf(s string) mailbox.Upload {
	return mailbox.Upload{Name: "Nachweis.pdf", DeclaredType: "application/pdf", Content: strings.NewReader("%PDF-1.7\n" + s)}
}
