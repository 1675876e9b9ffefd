package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// tenantLink is one composite tenant foreign key (migration 00160): insert
// writes a child row of tenant own.tenant whose link under test points at
// the parent rows p; its other links point at own's rows.
type tenantLink struct {
	constraint string
	insert     func(f *fixture, own, p parents) error
}

func (f *fixture) try(q string, args ...any) error {
	_, err := f.db.ExecContext(context.Background(), q, args...)
	return err
}

var tenantLinks = []tenantLink{
	{"authority_tenant_parent_fk", func(f *fixture, own, p parents) error {
		return f.try(`INSERT INTO authority (tenant_id, authority_key, name, parent_id, updated_at) VALUES ($1, $2, 'Außenstelle', $3, $4)`,
			own.tenant, f.key("a"), p.authority, f.now)
	}},
	{"responsibility_tenant_authority_fk", func(f *fixture, own, p parents) error {
		return f.try(`INSERT INTO responsibility (tenant_id, service_key, region_ars, authority_id, updated_at)
			VALUES ($1, $2, '000000000000', $3, $4)`, own.tenant, f.key("s"), p.authority, f.now)
	}},
	{"fitconnect_key_tenant_authority_fk", func(f *fixture, own, p parents) error {
		return f.try(`INSERT INTO fitconnect_key (authority_id, tenant_id, destination_id, kid, jwk, created_at)
			VALUES ($1, $2, $3, 'k', '{}', $4)`, p.authority, own.tenant, f.key("d"), f.now)
	}},
	{"case_clearing_tenant_authority_fk", func(f *fixture, own, p parents) error {
		return f.try(`INSERT INTO case_clearing (tenant_id, authority_id) VALUES ($1, $2)`, own.tenant, p.authority)
	}},
	{"case_record_tenant_authority_fk", func(f *fixture, own, p parents) error {
		_, err := f.caseOf(own.tenant, f.application(own.tenant), p.authority)
		return err
	}},
	{"case_record_tenant_application_fk", func(f *fixture, own, p parents) error {
		_, err := f.caseOf(own.tenant, p.application, own.authority)
		return err
	}},
	{"account_session_tenant_account_fk", func(f *fixture, own, p parents) error {
		return f.try(`INSERT INTO account_session (token_hash, account_id, tenant_id, level, method, stage, user_agent,
			created_at, last_seen_at) VALUES ($1, $2, $3, 'low', 'password', '', '', $4, $4)`, f.key("h"), p.account, own.tenant, f.now)
	}},
	{"account_identity_tenant_account_fk", func(f *fixture, own, p parents) error {
		return f.try(`INSERT INTO account_identity (tenant_id, issuer, subject, account_id, created_at)
			VALUES ($1, 'https://id.example', $2, $3, $4)`, own.tenant, f.key("sub"), p.account, f.now)
	}},
	{"case_inbox_view_tenant_account_fk", func(f *fixture, own, p parents) error {
		return f.try(`INSERT INTO case_inbox_view (tenant_id, account_id, settings, updated_at) VALUES ($1, $2, '{}', $3)`,
			own.tenant, p.account, f.now)
	}},
	{"case_request_tenant_case_fk", func(f *fixture, own, p parents) error {
		return f.request(own.tenant, p.caseID, own.application)
	}},
	{"case_request_tenant_application_fk", func(f *fixture, own, p parents) error {
		return f.request(own.tenant, own.caseID, p.application)
	}},
	{"case_notice_tenant_case_fk", func(f *fixture, own, p parents) error {
		return f.notice(own.tenant, p.caseID, own.application, own.authority)
	}},
	{"case_notice_tenant_application_fk", func(f *fixture, own, p parents) error {
		return f.notice(own.tenant, own.caseID, p.application, own.authority)
	}},
	{"case_notice_tenant_authority_fk", func(f *fixture, own, p parents) error {
		return f.notice(own.tenant, own.caseID, own.application, p.authority)
	}},
	{"fitconnect_submission_tenant_case_fk", func(f *fixture, own, p parents) error {
		return f.submission(own.tenant, own.authority, p.caseID)
	}},
	{"fitconnect_submission_tenant_authority_fk", func(f *fixture, own, p parents) error {
		return f.submission(own.tenant, p.authority, own.caseID)
	}},
	{"mailbox_message_tenant_application_fk", func(f *fixture, own, p parents) error {
		return f.try(`INSERT INTO mailbox_message (tenant_id, application_id, direction, subject, body, created_at)
			VALUES ($1, $2, 'to_applicant', 'Hallo', '', $3)`, own.tenant, p.application, f.now)
	}},
	{"mailbox_guest_tenant_application_fk", func(f *fixture, own, p parents) error {
		return f.try(`INSERT INTO mailbox_guest (application_id, tenant_id, secret_hash, created_at) VALUES ($1, $2, $3, $4)`,
			p.application, own.tenant, f.key("g"), f.now)
	}},
	{"case_four_eyes_tenant_authority_fk", func(f *fixture, own, p parents) error { // migration 00175
		return f.try(`INSERT INTO case_four_eyes (tenant_id, procedure_id, authority_id, scope) VALUES ($1, $2, $3, 'all')`,
			own.tenant, f.key("proc"), p.authority)
	}},
	{"fitconnect_destination_tenant_authority_fk", func(f *fixture, own, p parents) error { // migration 00245
		_, err := f.destination(own.tenant, p.authority)
		return err
	}},
	{"fitconnect_inbox_tenant_destination_fk", func(f *fixture, own, p parents) error {
		dest, err := f.destination(p.tenant, p.authority)
		if err != nil {
			return err
		}
		return f.try(`INSERT INTO fitconnect_inbox (submission_id, destination_id, tenant_id, case_id, outcome, problems,
			event, event_sent, received_at) VALUES ($1, $2, $3, 'c', 'rejected', '[]', '', FALSE, $4)`,
			f.key("sub"), dest, own.tenant, f.now)
	}},
}

// destination inserts a FIT-Connect destination of tenant for authority.
func (f *fixture) destination(tenant, authority int64) (string, error) {
	id := f.key("dest")
	return id, f.try(`INSERT INTO fitconnect_destination (destination_id, tenant_id, authority_id, enc_kid, enc_private,
		sig_kid, sig_private, created_at) VALUES ($1, $2, $3, 'e', $4, 's', $4, $5)`, id, tenant, authority, []byte{1}, f.now)
}

func (f *fixture) request(tenant, caseID, application int64) error {
	return f.try(`INSERT INTO case_request (case_id, tenant_id, application_id, subject, body, due_at, status, created_by, created_at)
		VALUES ($1, $2, $3, 'Nachweis', '', $4, 'open', 0, $4)`, caseID, tenant, application, f.now)
}

func (f *fixture) notice(tenant, caseID, application, authority int64) error {
	return f.try(`INSERT INTO case_notice (case_id, tenant_id, application_id, authority_id, outcome, title, body, remedy,
		status, four_eyes, author_id, created_at, updated_at)
		VALUES ($1, $2, $3, $4, 'granted', 'Bescheid', '', '', 'draft', FALSE, 0, $5, $5)`, caseID, tenant, application, authority, f.now)
}

func (f *fixture) submission(tenant, authority, caseID int64) error {
	return f.try(`INSERT INTO fitconnect_submission (id, tenant_id, authority_id, case_id, kid, metadata_jwe, data_jwe, created_at)
		VALUES ($1, $2, $3, $4, 'k', '', '', $5)`, f.key("sub"), tenant, authority, caseID, f.now)
}

// TestDatabaseRefusesCrossTenantLinks writes each composite tenant key's
// child directly in SQL, once pointing at a parent of another tenant —
// the database must refuse it, whatever the Go code checks — and once at
// a parent of its own tenant, which must succeed (so the refusal is the
// tenant's doing, not a broken statement).
func TestDatabaseRefusesCrossTenantLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		for _, link := range tenantLinks {
			t.Run(link.constraint, func(t *testing.T) {
				f.t = t
				a, b := f.parents(), f.parents()
				err := link.insert(f, a, b)
				if err == nil {
					t.Fatal("a row of tenant A pointing at a row of tenant B was stored")
				}
				if !isForeignKeyViolation(db.Dialect, err, link.constraint) {
					t.Fatalf("refused, but not by %s: %v", link.constraint, err)
				}
				if err := link.insert(f, a, a); err != nil {
					t.Fatalf("same-tenant link refused: %v", err)
				}
			})
		}
	})
}

// isForeignKeyViolation: SQLite names no constraint in its message;
// PostgreSQL does, so there the test checks it is the composite key.
func isForeignKeyViolation(d store.Dialect, err error, constraint string) bool {
	msg := err.Error()
	if d == store.Postgres {
		return strings.Contains(msg, "violates foreign key constraint") && strings.Contains(msg, constraint)
	}
	return strings.Contains(msg, "FOREIGN KEY constraint failed")
}

// TestTenantLinksCoverSchema: every composite tenant key of the schema has
// a case above, so a new one cannot go untested.
func TestTenantLinksCoverSchema(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	rows, err := db.QueryContext(context.Background(), `SELECT m.name, f."table", f.id, f."from"
		FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
		WHERE m.type = 'table' ORDER BY m.name, f.id, f.seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols := map[string][]string{} // child#fk id → columns
	for rows.Next() {
		var child, parent, from string
		var id int
		if err := rows.Scan(&child, &parent, &id, &from); err != nil {
			t.Fatal(err)
		}
		k := fmt.Sprintf("%s>%s#%d", child, parent, id)
		cols[k] = append(cols[k], from)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	composite := 0
	for _, c := range cols {
		if len(c) == 2 && c[0] == "tenant_id" {
			composite++
		}
	}
	if composite != len(tenantLinks) {
		t.Fatalf("schema has %d composite tenant keys, the test covers %d: %v", composite, len(tenantLinks), cols)
	}
}
