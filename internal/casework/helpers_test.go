package casework_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/casework/caseworktest"
	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

func ctx() context.Context { return context.Background() }

// clock is a movable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// mails records the notifications casework queues.
type mails struct {
	mu   sync.Mutex
	sent []mail.Message
}

func (m *mails) EnqueueTx(_ context.Context, _ *store.Tx, msg mail.Message) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, msg)
	return int64(len(m.sent)), nil
}

func (m *mails) kinds() []mail.Kind {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []mail.Kind
	for _, s := range m.sent {
		out = append(out, s.Kind)
	}
	return out
}

const testProcedure = `id: testverfahren
version: 1
title: {de: "Testgenehmigung"}
assurance: low
guest: true
deadline: P3M
approval_fiction: true
retention: P10Y
pages:
  - id: p
    title: {de: Angaben}
    fields:
      - {id: name, type: short_text, label: {de: Name}, required: true}
      - {id: zweck, type: short_text, label: {de: Zweck}}
`

// received is when the fixture's applications were submitted.
var received = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// fx is a service on a fresh database: tenant with authorities A and B,
// staff, a second tenant, the test procedure and a movable clock.
type fx struct {
	db      *store.DB
	s       *casework.Service
	akte    *akte.Service
	blobs   *blob.Sealed
	clock   *clock
	mail    *mails
	tenant  tenant.ID
	other   tenant.ID // another tenant
	authA   int64
	authB   int64
	authO   int64 // authority of the other tenant
	workerA casework.Staff
	peerA   casework.Staff // a second case worker of A
	headA   casework.Staff
	workerB casework.Staff
	headB   casework.Staff
	admin   casework.Staff // tenant admin
	workerO casework.Staff // case worker of the other tenant
	seq     int
	jobs    *jobs.Queue // started by drain only
	bus     *events.Bus
}

// drain runs the queue until no delivery of a subscriber between
// capabilities is left, as a serving process would.
func (f *fx) drain(t *testing.T) {
	t.Helper()
	if err := f.jobs.Start(ctx()); err != nil {
		t.Fatal(err)
	}
	defer f.jobs.Stop(ctx())
	var names []any
	var marks []string
	for _, s := range append(casework.Subscribers(nil), apply.Subscribers(nil)...) {
		names = append(names, s.Name)
		marks = append(marks, fmt.Sprintf("$%d", len(names)))
	}
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		var left int
		if err := f.db.QueryRowContext(ctx(), `SELECT COUNT(*) FROM job WHERE state IN ('available', 'running')
			AND kind IN (`+strings.Join(marks, ", ")+`)`, names...).Scan(&left); err != nil {
			t.Fatal(err)
		}
		if left == 0 {
			return
		}
	}
	t.Fatal("subscribers' jobs still waiting after a minute")
}

func newFx(t *testing.T, db *store.DB) *fx {
	t.Helper()
	f := &fx{db: db, clock: &clock{t: received}, mail: &mails{}}
	f.tenant = mustTenant(t, db, "sn", "Freistaat Sachsen")
	f.other = mustTenant(t, db, "by", "Freistaat Bayern")
	f.authA = mustAuthority(t, db, f.tenant, "lra-meissen", "Landratsamt Meißen")
	f.authB = mustAuthority(t, db, f.tenant, "lra-bautzen", "Landratsamt Bautzen")
	f.authO = mustAuthority(t, db, f.other, "lra-passau", "Landratsamt Passau")
	if _, err := procedure.Import(ctx(), db, []byte(testProcedure), "testverfahren.yaml"); err != nil {
		t.Fatal(err)
	}
	var err error
	f.blobs = blobtest.Sealed(t, db, t.TempDir())
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	q, err := jobs.New(db, log, jobs.Config{PollInterval: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	f.jobs, f.bus = q, events.NewBus(q)
	if f.akte, err = akte.New(akte.Deps{DB: db, Blobs: f.blobs, Log: log, Clock: f.clock.Now, Events: f.bus}); err != nil {
		t.Fatal(err)
	}
	if f.s, err = casework.New(casework.Deps{DB: db, Blobs: f.blobs, Jobs: q, Akte: f.akte, Mail: f.mail, Log: log,
		Clock: f.clock.Now, SealSecret: []byte(strings.Repeat("k", 32)), Events: f.bus}); err != nil {
		t.Fatal(err)
	}
	apps, err := apply.New(apply.Deps{DB: db, Blobs: f.blobs, Jobs: q, Finder: caseworktest.NoFinder{}, Log: log, Events: f.bus})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range append(casework.Subscribers(f.s), apply.Subscribers(apps)...) { // as internal/app
		f.bus.Subscribe(s.Type, s.Name, s.Handle)
	}
	f.workerA = f.staff(t, f.tenant, "Anna Arbeit", account.StaffRole{AuthorityID: f.authA, Role: account.RoleCaseWorker})
	f.peerA = f.staff(t, f.tenant, "Paul Peer", account.StaffRole{AuthorityID: f.authA, Role: account.RoleCaseWorker})
	f.headA = f.staff(t, f.tenant, "Hella Haupt", account.StaffRole{AuthorityID: f.authA, Role: account.RoleHeadOfUnit})
	f.workerB = f.staff(t, f.tenant, "Bernd Bauer", account.StaffRole{AuthorityID: f.authB, Role: account.RoleCaseWorker})
	f.headB = f.staff(t, f.tenant, "Berta Boss", account.StaffRole{AuthorityID: f.authB, Role: account.RoleHeadOfUnit})
	f.workerO = f.staff(t, f.other, "Otto Ober", account.StaffRole{AuthorityID: f.authO, Role: account.RoleCaseWorker})
	if _, err := f.s.EnsureClearing(ctx(), f.tenant); err != nil {
		t.Fatal(err)
	}
	f.admin = f.staff(t, f.tenant, "Adam Admin", account.StaffRole{Role: account.RoleTenantAdmin})
	return f
}

func mustTenant(t *testing.T, db *store.DB, slug, name string) tenant.ID {
	t.Helper()
	tn, err := tenant.Create(ctx(), db, "test", tenant.Tenant{Slug: slug, Name: name})
	if err != nil {
		t.Fatal(err)
	}
	return tn.ID
}

func mustAuthority(t *testing.T, db *store.DB, tenantID tenant.ID, key, name string) int64 {
	t.Helper()
	var id int64
	err := db.Writer().QueryRowContext(ctx(), `INSERT INTO authority (tenant_id, authority_key, name, kind, street, postcode, city, email, updated_at)
		VALUES ($1, $2, $3, 'Landratsamt', 'Brauhausstraße 21', '01662', 'Meißen', 'post@example.de', $4) RETURNING id`,
		tenantID, key, name, time.Now().UTC()).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func (f *fx) staff(t *testing.T, tenantID tenant.ID, name string, roles ...account.StaffRole) casework.Staff {
	t.Helper()
	f.seq++
	// Written directly: account.CreateStaff costs a second per call (its
	// service setup), and these tests are about casework.
	var id int64
	if err := f.db.Writer().QueryRowContext(ctx(), `INSERT INTO account (tenant_id, kind, state, email, email_norm, name, created_at)
		VALUES ($1, 'staff', 'active', $2, $2, $3, $4) RETURNING id`, tenantID, fmt.Sprintf("staff%d@example.de", f.seq), name,
		time.Now().UTC()).Scan(&id); err != nil {
		t.Fatal(err)
	}
	for _, r := range roles {
		if _, err := f.db.ExecContext(ctx(), `INSERT INTO staff_role (account_id, authority_id, role) VALUES ($1, $2, $3)`,
			id, r.AuthorityID, r.Role); err != nil {
			t.Fatal(err)
		}
	}
	s, err := casework.LoadStaff(ctx(), f.db, tenantID, id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// app inserts a submitted application of the test procedure routed to
// authorityID (0: clearing) with one attachment and returns its id.
func (f *fx) app(t *testing.T, tenantID tenant.ID, authorityID int64, name string) int64 {
	t.Helper()
	f.seq++
	answers, _ := json.Marshal(map[string]any{"name": name, "zweck": "Test"})
	var id int64
	err := f.db.Writer().QueryRowContext(ctx(), `INSERT INTO application (tenant_id, procedure_id, procedure_version, status,
		answers, created_at, updated_at, submitted_at, reference, authority_id, clearing)
		VALUES ($1, 'testverfahren', 1, 'submitted', $2, $3, $3, $3, $4, $5, $6) RETURNING id`,
		tenantID, string(answers), received, fmt.Sprintf("SN-2026-%06d", f.seq), nullable(authorityID), authorityID == 0).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	info, err := f.blobs.Put(ctx(), tenantID, strings.NewReader("%PDF-1.4 Nachweis "+name), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.ExecContext(ctx(), `INSERT INTO application_attachment (application_id, field_path, file_name, media_type,
		size, sha256, blob_key, created_at) VALUES ($1, 'nachweis', 'nachweis.pdf', 'application/pdf', $2, $3, $4, $5)`,
		id, info.Size, info.SHA256, info.Key, received); err != nil {
		t.Fatal(err)
	}
	return id
}

func nullable(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// newCase submits an application to authorityID and routes it.
func (f *fx) newCase(t *testing.T, authorityID int64, name string) casework.Case {
	t.Helper()
	id := f.app(t, f.tenant, authorityID, name)
	if err := f.s.OnSubmitted(ctx(), id); err != nil {
		t.Fatal(err)
	}
	return f.caseOf(t, id)
}

func (f *fx) caseOf(t *testing.T, applicationID int64) casework.Case {
	t.Helper()
	var id int64
	if err := f.db.QueryRowContext(ctx(), `SELECT id FROM case_record WHERE application_id = $1`, applicationID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	c, err := f.s.Get(ctx(), f.admin, id)
	if err != nil {
		// not at the clearing office: read as the head of its authority
		for _, h := range []casework.Staff{f.headA, f.headB} {
			if c, err = f.s.Get(ctx(), h, id); err == nil {
				return c
			}
		}
		t.Fatalf("case %d: %v", id, err)
	}
	return c
}

// inStatus returns a case of A assigned to workerA in status st.
func (f *fx) inStatus(t *testing.T, st casework.Status) casework.Case {
	t.Helper()
	c := f.newCase(t, f.authA, "Erika Mustermann")
	c = must(f.s.Assign(ctx(), f.headA, c.ID, f.workerA.AccountID))(t)
	switch st {
	case casework.Received:
		return c
	case casework.Withdrawn:
		if err := f.s.Withdraw(ctx(), f.applicant(c), "erledigt"); err != nil {
			t.Fatal(err)
		}
		return must(f.s.Get(ctx(), f.headA, c.ID))(t)
	}
	c = must(f.s.Move(ctx(), f.workerA, c.ID, casework.ActReview, ""))(t)
	switch st {
	case casework.Waiting:
		must(f.s.RequestInfo(ctx(), f.workerA, c.ID, casework.RequestInput{Subject: "Nachweis", Body: "Bitte Nachweis senden.",
			Due: f.clock.Now().AddDate(0, 0, 14)}))(t)
	case casework.Decided, casework.Closed:
		n := must(f.s.DraftNotice(ctx(), f.workerA, c.ID, casework.Approved))(t)
		must(f.s.SendNotice(ctx(), f.workerA, n.ID))(t)
		if st == casework.Closed {
			must(f.s.Move(ctx(), f.workerA, c.ID, casework.ActClose, ""))(t)
		}
	}
	c = must(f.s.Get(ctx(), f.headA, c.ID))(t)
	if c.Status != st {
		t.Fatalf("case in %s, want %s", c.Status, st)
	}
	return c
}

func (f *fx) applicant(c casework.Case) casework.Applicant {
	return casework.Applicant{TenantID: c.TenantID, ApplicationID: c.ApplicationID}
}

// must returns a checker of a (value, error) pair.
func must[T any](v T, err error) func(t *testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func wantCode(t *testing.T, err error, code fault.Code) {
	t.Helper()
	if got := fault.CodeOf(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
}

func stringsReader(s string) io.Reader { return strings.NewReader(s) }

func itoa(n int64) string { return fmt.Sprint(n) }
