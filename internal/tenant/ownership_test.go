package tenant_test

import (
	"context"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestTablesHaveOneOwner is the guard of the module boundaries (issue 13):
// every table of the schema has one owning package (owners), and every
// SQL statement in the non-test code under internal/ (the statements
// TestQueriesAreTenantScoped checks) touches only tables of its own
// package — other packages go through the owner's API, its exported read
// model or its events. The few exceptions are named in foreignTables with
// their reason, and each is checked to still be needed.
func TestTablesHaveOneOwner(t *testing.T) {
	schema := schemaTables(t)
	for table := range schema {
		if owners[table] == "" {
			t.Errorf("table %s has no owner: add it to owners (the package whose SQL writes and reads it)", table)
		}
	}
	for table := range owners {
		if !schema[table] {
			t.Errorf("owners names %s, which is no table of the schema any more; remove it", table)
		}
	}
	stmts := collectStatements(t, "..")
	if len(stmts) < 200 {
		t.Fatalf("found only %d SQL statements under internal/; the extractor is broken", len(stmts))
	}
	used := map[string]bool{}
	for _, s := range stmts {
		pkg := packageOf(s.pos)
		for _, table := range tablesOf(s.sql, schema) {
			if owners[table] == pkg {
				continue
			}
			key := s.fn + " " + table
			if _, ok := foreignTables[key]; ok {
				used[key] = true
				continue
			}
			t.Errorf("%s: %s touches %s, which package %s owns:\n\t%s\n"+
				"call %s's API or read model, or subscribe to its events; or add %q to foreignTables with the reason",
				s.pos, s.fn, table, owners[table], oneLine(s.sql), owners[table], key)
		}
	}
	for key := range foreignTables {
		if !used[key] {
			t.Errorf("foreignTables entry %q matches no statement any more; remove it", key)
		}
	}
}

// TestOwnershipGuardBites: a statement of one package on another's table
// is reported, its owner's is not, so the guard cannot pass by matching
// nothing.
func TestOwnershipGuardBites(t *testing.T) {
	schema := map[string]bool{"application": true, "case_record": true}
	if got := tablesOf(`SELECT c.id FROM case_record c JOIN application a ON a.id = c.application_id`, schema); strings.Join(got, " ") != "application case_record" {
		t.Fatalf("tables %v", got)
	}
	if packageOf(filepath.Join("..", "casework", "route.go")+":12:3") != "casework" ||
		packageOf(filepath.Join("..", "catalog", "live", "index.go")+":1:1") != "catalog/live" {
		t.Fatal("package of a position is wrong")
	}
}

// schemaTables reads the tables of the live schema after all migrations.
func schemaTables(t *testing.T) map[string]bool {
	db := storetest.Open(t, store.SQLite)
	rows, err := db.QueryContext(context.Background(), `SELECT name FROM sqlite_master WHERE type = 'table'
		AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		out[name] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if !out["application"] || !out["case_record"] || len(out) < 30 {
		t.Fatalf("schema tables look wrong: %v", out)
	}
	return out
}

// tablesOf returns the schema's tables a statement names after FROM, JOIN,
// UPDATE or INTO (names that are no table, such as a CTE, are skipped).
func tablesOf(sql string, schema map[string]bool) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range tableRE.FindAllStringSubmatch(sql, -1) {
		table := strings.ToLower(m[2])
		if schema[table] && !seen[table] {
			seen[table] = true
			out = append(out, table)
		}
	}
	sort.Strings(out)
	return out
}

// packageOf is the package directory below internal/ of a position
// "../casework/route.go:12:3".
func packageOf(pos string) string {
	dir := filepath.ToSlash(filepath.Dir(pos[:strings.Index(pos, ".go:")+3]))
	return strings.TrimPrefix(dir, "../")
}
