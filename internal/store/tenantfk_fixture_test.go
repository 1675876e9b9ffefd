package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/store"
)

// parents are one tenant's rows that tenant-scoped children point at.
type parents struct {
	tenant, authority, account, application, caseID int64
}

// fixture inserts rows with unique keys into a test database.
type fixture struct {
	t   *testing.T
	db  *store.DB
	seq int
	now time.Time
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	return &fixture{t: t, db: db, now: time.Now().UTC().Truncate(time.Second)}
}

// key returns a value no other call returns.
func (f *fixture) key(prefix string) string {
	f.seq++
	return fmt.Sprintf("%s-%d", prefix, f.seq)
}

// id runs an INSERT … RETURNING and returns the new row's key.
func (f *fixture) id(q string, args ...any) int64 {
	f.t.Helper()
	var id int64
	if err := f.db.Writer().QueryRowContext(context.Background(), q, args...).Scan(&id); err != nil {
		f.t.Fatalf("%s: %v", q, err)
	}
	return id
}

func (f *fixture) exec(q string, args ...any) {
	f.t.Helper()
	if _, err := f.db.ExecContext(context.Background(), q, args...); err != nil {
		f.t.Fatalf("%s: %v", q, err)
	}
}

func (f *fixture) tenant() int64 {
	slug := f.key("t")
	return f.id(`INSERT INTO tenant (slug, name, created_at) VALUES ($1, $1, $2) RETURNING id`, slug, f.now)
}

func (f *fixture) authority(tenant int64) int64 {
	return f.id(`INSERT INTO authority (tenant_id, authority_key, name, updated_at) VALUES ($1, $2, 'Amt', $3) RETURNING id`,
		tenant, f.key("a"), f.now)
}

func (f *fixture) account(tenant int64) int64 {
	return f.id(`INSERT INTO account (tenant_id, kind, state, name, created_at) VALUES ($1, 'citizen', 'active', 'Ida', $2) RETURNING id`,
		tenant, f.now)
}

func (f *fixture) application(tenant int64) int64 {
	return f.id(`INSERT INTO application (tenant_id, procedure_id, procedure_version, status, answers, created_at, updated_at, reference)
		VALUES ($1, 'p', 1, 'submitted', '{}', $2, $2, $3) RETURNING id`, tenant, f.now, f.key("SN"))
}

func (f *fixture) caseOf(tenant, application, authority int64) (int64, error) {
	var id int64
	err := f.db.Writer().QueryRowContext(context.Background(), `INSERT INTO case_record (tenant_id, application_id, reference,
		procedure_id, procedure_version, procedure_title, authority_id, clearing, status, applicant_name, applicant_folded,
		received_at, approval_fiction, updated_at)
		VALUES ($1, $2, $3, 'p', 1, 'Verfahren', $4, FALSE, 'received', 'Ida', 'ida', $5, FALSE, $5) RETURNING id`,
		tenant, application, f.key("R"), authority, f.now).Scan(&id)
	return id, err
}

// parents creates a tenant with one row of every parent table.
func (f *fixture) parents() parents {
	f.t.Helper()
	p := parents{tenant: f.tenant()}
	p.authority = f.authority(p.tenant)
	p.account = f.account(p.tenant)
	p.application = f.application(p.tenant)
	c, err := f.caseOf(p.tenant, f.application(p.tenant), p.authority)
	if err != nil {
		f.t.Fatal(err)
	}
	p.caseID = c
	return p
}
