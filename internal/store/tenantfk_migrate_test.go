package store_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// beforeTenantKeys is the migration right before 00160_tenant_foreign_keys:
// a column another migration adds to a table 00160 rebuilds on SQLite
// shows up here as a changed row.
var beforeTenantKeys = store.VersionBefore(160)

// keyedTables are the tables 00160 rebuilds on SQLite or gives a key, and
// the children that reach them through ON DELETE CASCADE or NO ACTION.
var keyedTables = []string{
	"authority", "responsibility", "fitconnect_key", "case_clearing", "account", "account_session",
	"account_identity", "staff_role", "application", "case_record", "case_event", "case_note",
	"case_request", "case_notice", "fitconnect_submission", "fitconnect_attachment", "api_client",
	"api_ack", "mailbox_message", "mailbox_attachment", "mailbox_seen", "mailbox_guest",
}

// openAt opens a fresh database migrated up to version.
func openAt(t *testing.T, d store.Dialect, version int64) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), storetest.DSN(t, d))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := store.MigrateTo(db, context.Background(), version); err != nil {
		t.Fatal(err)
	}
	return db
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// TestTenantKeysMigrationKeepsData fills a database as it was before
// 00160 with linked rows of two tenants, migrates, and checks that every
// row, index and reference is still there and every ON DELETE rule still
// acts as before.
func TestTenantKeysMigrationKeepsData(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			db := openAt(t, d, beforeTenantKeys)
			f := newFixture(t, db)
			a, b := f.linkedRows(), f.linkedRows()
			rows, shape := dumpRows(t, db), dumpShape(t, db)
			// Up to 00160 only: later migrations add columns (00170 two to
			// case_record, 00185 account.demo), which would show as changed rows.
			if err := store.MigrateTo(db, context.Background(), 160); err != nil {
				t.Fatal(err)
			}
			if got := dumpRows(t, db); got != rows {
				t.Fatalf("rows changed by the migration:\nbefore:\n%s\nafter:\n%s", rows, got)
			}
			for _, s := range shape {
				if after := dumpShape(t, db); !slices.Contains(after, s) {
					t.Errorf("lost by the migration: %s", s)
				}
			}
			checkDeleteRules(t, f, a, b)
		})
	}
}

// linkedRows creates a tenant with a row in every keyed table.
func (f *fixture) linkedRows() parents {
	p := f.parents()
	f.exec(`INSERT INTO authority (tenant_id, authority_key, name, parent_id, updated_at) VALUES ($1, $2, 'Außenstelle', $3, $4)`,
		p.tenant, f.key("a"), p.authority, f.now)
	f.exec(`INSERT INTO responsibility (tenant_id, service_key, region_ars, authority_id, updated_at)
		VALUES ($1, $2, '000000000000', $3, $4)`, p.tenant, f.key("s"), p.authority, f.now)
	f.exec(`INSERT INTO fitconnect_key (authority_id, tenant_id, destination_id, kid, jwk, created_at)
		VALUES ($1, $2, $3, 'k', '{}', $4)`, p.authority, p.tenant, f.key("d"), f.now)
	f.exec(`INSERT INTO case_clearing (tenant_id, authority_id) VALUES ($1, $2)`, p.tenant, p.authority)
	f.exec(`INSERT INTO account_session (token_hash, account_id, tenant_id, level, method, stage, user_agent,
		created_at, last_seen_at) VALUES ($1, $2, $3, 'low', 'password', '', 'Firefox', $4, $4)`, f.key("h"), p.account, p.tenant, f.now)
	f.exec(`INSERT INTO account_identity (tenant_id, issuer, subject, account_id, created_at)
		VALUES ($1, 'https://id.example', $2, $3, $4)`, p.tenant, f.key("sub"), p.account, f.now)
	f.exec(`INSERT INTO staff_role (account_id, authority_id, role) VALUES ($1, $2, 'clerk')`, p.account, p.authority)
	var app int64
	f.db.QueryRowContext(context.Background(), `SELECT application_id FROM case_record WHERE id = $1`, p.caseID).Scan(&app)
	p.application = app
	f.exec(`INSERT INTO case_event (case_id, at, actor, action, from_status, to_status) VALUES ($1, $2, 'x', 'route', '', 'received')`, p.caseID, f.now)
	f.exec(`INSERT INTO case_note (case_id, author_id, body, created_at) VALUES ($1, $2, 'Vermerk', $3)`, p.caseID, p.account, f.now)
	request := f.id(`INSERT INTO case_request (case_id, tenant_id, application_id, subject, body, due_at, status, created_by, created_at)
		VALUES ($1, $2, $3, 'Nachweis', 'bitte', $4, 'open', $5, $4) RETURNING id`, p.caseID, p.tenant, app, f.now, p.account)
	f.exec(`INSERT INTO case_notice (case_id, tenant_id, application_id, authority_id, outcome, title, body, remedy,
		status, four_eyes, author_id, sha256, created_at, updated_at)
		VALUES ($1, $2, $3, $4, 'granted', 'Bescheid', 'Text', 'Widerspruch', 'sent', TRUE, $5, $6, $7, $7)`,
		p.caseID, p.tenant, app, p.authority, p.account, f.key("sha"), f.now)
	sub := f.key("fc")
	f.exec(`INSERT INTO fitconnect_submission (id, tenant_id, authority_id, case_id, kid, metadata_jwe, data_jwe, created_at)
		VALUES ($1, $2, $3, $4, 'k', 'm', 'd', $5)`, sub, p.tenant, p.authority, p.caseID, f.now)
	f.exec(`INSERT INTO fitconnect_attachment (submission_id, attachment_id, position, jwe) VALUES ($1, 'att', 1, 'j')`, sub)
	client := f.id(`INSERT INTO api_client (tenant_id, name, client_id, secret_hash, scopes, rate_per_min, created_at)
		VALUES ($1, 'Fachverfahren', $2, 'x', 'submissions:read', 60, $3) RETURNING id`, p.tenant, f.key("c"), f.now)
	f.exec(`INSERT INTO api_ack (case_id, client_id, at) VALUES ($1, $2, $3)`, p.caseID, client, f.now)
	msg := f.id(`INSERT INTO mailbox_message (tenant_id, application_id, case_id, direction, subject, body, created_at)
		VALUES ($1, $2, $3, 'to_applicant', 'Hallo', 'Text', $4) RETURNING id`, p.tenant, app, p.caseID, f.now)
	f.exec(`INSERT INTO mailbox_attachment (message_id, file_name, media_type, size, sha256, blob_key)
		VALUES ($1, 'a.pdf', 'application/pdf', 4, 'x', $2)`, msg, f.key("blob"))
	f.exec(`INSERT INTO mailbox_seen (application_id, item_kind, item_id, read_at) VALUES ($1, 'request', $2, $3)`, app, request, f.now)
	f.exec(`INSERT INTO mailbox_guest (application_id, tenant_id, secret_hash, notify_email, created_at, lang)
		VALUES ($1, $2, $3, 'ida@example.de', $4, 'en')`, app, p.tenant, f.key("g"), f.now)
	return p
}

// checkDeleteRules deletes tenant a's rows as retention does and checks
// what goes with them, what is refused, and that tenant b keeps all.
func checkDeleteRules(t *testing.T, f *fixture, a, b parents) {
	bRows := countRows(t, f.db, b.tenant)
	refused := []struct{ what, sql string }{
		{"a case with requests", `DELETE FROM case_record WHERE id = $1`},
		{"an authority with responsibilities", `DELETE FROM authority WHERE id = $1`},
		{"an account with sessions", `DELETE FROM account WHERE id = $1`},
	}
	for i, r := range refused {
		id := []int64{a.caseID, a.authority, a.account}[i]
		if err := f.try(r.sql, id); err == nil {
			t.Errorf("deleting %s was not refused", r.what)
		}
	}
	for _, q := range []string{`DELETE FROM case_notice WHERE case_id = $1`, `DELETE FROM case_request WHERE case_id = $1`,
		`DELETE FROM case_note WHERE case_id = $1`, `DELETE FROM case_event WHERE case_id = $1`, `DELETE FROM case_record WHERE id = $1`} {
		f.exec(q, a.caseID)
	}
	f.exec(`DELETE FROM application WHERE id = $1`, a.application)
	got := countRows(t, f.db, a.tenant)
	for _, table := range []string{"fitconnect_submission", "fitconnect_attachment", "api_ack", "mailbox_message",
		"mailbox_attachment", "mailbox_seen", "mailbox_guest"} {
		if got[table] != 0 {
			t.Errorf("%s: %d rows of the deleted case or application left; ON DELETE CASCADE lost", table, got[table])
		}
	}
	if after := countRows(t, f.db, b.tenant); fmt.Sprint(after) != fmt.Sprint(bRows) {
		t.Errorf("the other tenant's rows changed: %v, want %v", after, bRows)
	}
}

// countRows counts tenant's rows per keyed table (children without
// tenant_id through their parent).
func countRows(t *testing.T, db *store.DB, tenant int64) map[string]int {
	t.Helper()
	q := map[string]string{
		"fitconnect_submission": `SELECT COUNT(*) FROM fitconnect_submission WHERE tenant_id = $1`,
		"fitconnect_attachment": `SELECT COUNT(*) FROM fitconnect_attachment x JOIN fitconnect_submission s ON s.id = x.submission_id WHERE s.tenant_id = $1`,
		"api_ack":               `SELECT COUNT(*) FROM api_ack x JOIN api_client c ON c.id = x.client_id WHERE c.tenant_id = $1`,
		"mailbox_message":       `SELECT COUNT(*) FROM mailbox_message WHERE tenant_id = $1`,
		"mailbox_attachment":    `SELECT COUNT(*) FROM mailbox_attachment x JOIN mailbox_message m ON m.id = x.message_id WHERE m.tenant_id = $1`,
		"mailbox_seen":          `SELECT COUNT(*) FROM mailbox_seen x JOIN application a ON a.id = x.application_id WHERE a.tenant_id = $1`,
		"mailbox_guest":         `SELECT COUNT(*) FROM mailbox_guest WHERE tenant_id = $1`,
		"case_record":           `SELECT COUNT(*) FROM case_record WHERE tenant_id = $1`,
		"authority":             `SELECT COUNT(*) FROM authority WHERE tenant_id = $1`,
		"responsibility":        `SELECT COUNT(*) FROM responsibility WHERE tenant_id = $1`,
	}
	out := map[string]int{}
	for table, sql := range q {
		var n int
		if err := db.QueryRowContext(context.Background(), sql, tenant).Scan(&n); err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		out[table] = n
	}
	return out
}

// dumpRows prints every row of the keyed tables in key order.
func dumpRows(t *testing.T, db *store.DB) string {
	t.Helper()
	var sb strings.Builder
	for _, table := range keyedTables {
		rows, err := db.QueryContext(context.Background(), `SELECT * FROM `+table+` ORDER BY 1, 2`)
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		cols, _ := rows.Columns()
		n := 0
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, c := range cols {
				if b, ok := vals[i].([]byte); ok {
					vals[i] = string(b)
				}
				fmt.Fprintf(&sb, "%s.%s=%v ", table, c, vals[i])
			}
			sb.WriteString("\n")
			n++
		}
		rows.Close()
		if n == 0 {
			t.Fatalf("%s: no rows to check", table)
		}
	}
	return sb.String()
}

// dumpShape lists the indexes and references of the keyed tables:
// index names on both engines, and on SQLite (which rebuilds the tables)
// every reference with its ON DELETE action.
func dumpShape(t *testing.T, db *store.DB) []string {
	t.Helper()
	q := `SELECT tablename, indexname FROM pg_indexes WHERE schemaname = current_schema()`
	if db.Dialect == store.SQLite {
		q = `SELECT tbl_name, name FROM sqlite_master WHERE type = 'index'
			UNION ALL SELECT m.name, f."from" || '>' || f."table" || '.' || COALESCE(f."to", '') || ' on delete ' || f.on_delete
			FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table'`
	}
	rows, err := db.QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var table, what string
		if err := rows.Scan(&table, &what); err != nil {
			t.Fatal(err)
		}
		if slices.Contains(keyedTables, table) {
			out = append(out, table+": "+what)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestTenantKeysMigrationStopsOnCrossTenantRows: a row that already links
// two tenants (possible before 00160) stops the migration with the name
// of its link, changes nothing, and the migration goes through once the
// operator has removed the row.
func TestTenantKeysMigrationStopsOnCrossTenantRows(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			db := openAt(t, d, beforeTenantKeys)
			f := newFixture(t, db)
			a, b := f.linkedRows(), f.linkedRows()
			f.exec(`INSERT INTO case_request (case_id, tenant_id, application_id, subject, body, due_at, status, created_by, created_at)
				VALUES ($1, $2, $4, 'Nachweis', '', $3, 'open', 0, $3)`, a.caseID, b.tenant, f.now, b.application)
			before := dumpRows(t, db)
			err := db.Migrate(context.Background(), quiet())
			if err == nil || !strings.Contains(err.Error(), "tenant_link_case_request_case_id") {
				t.Fatalf("migration with a cross-tenant request: %v, want it stopped by tenant_link_case_request_case_id", err)
			}
			if after := dumpRows(t, db); after != before {
				t.Fatalf("the failed migration changed rows:\n%s\nwant\n%s", after, before)
			}
			if d == store.SQLite {
				var on int
				if err := db.Writer().QueryRowContext(context.Background(), `PRAGMA foreign_keys`).Scan(&on); err != nil || on != 1 {
					t.Fatalf("foreign keys after the failed migration: %d, %v; want on", on, err)
				}
			}
			f.exec(`DELETE FROM case_request WHERE tenant_id = $1`, b.tenant)
			if err := db.Migrate(context.Background(), quiet()); err != nil {
				t.Fatalf("migration after the operator removed the row: %v", err)
			}
		})
	}
}
