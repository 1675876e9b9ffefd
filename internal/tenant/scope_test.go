package tenant_test

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestQueriesAreTenantScoped is the guard of the tenant model (see the
// package doc): every SQL statement in the non-test code under internal/
// that touches a table with a tenant_id column must constrain tenant_id,
// or be named in crossTenant with its reason. A new query that forgets
// its tenant fails the build here, not in production.
//
// Since migration 00160 the database itself refuses a row that links two
// tenants along a composite tenant key ((tenant_id, case_id) REFERENCES
// case_record (tenant_id, id) and the like; tenantKeys reads them from
// the schema). The guard leans on that and checks only what the keys
// cannot: which rows a statement picks. Two of its allowances are sound
// because of the keys — an INSERT that writes tenant_id cannot attach its
// row to another tenant's parent, and a join from a scoped table along a
// key reaches only the same tenant's rows — and the third, a statement
// keyed by an id after a tenant-scoped lookup, is narrowed to what the keys
// guarantee: the looked-up row itself (id = $n) or its children along a
// composite key (case_request by case_id after the case). A row picked by
// any other bare id, as from a request, still needs tenant_id in SQL or an
// entry in crossTenant.
func TestQueriesAreTenantScoped(t *testing.T) {
	t.Parallel()
	owned, keys := tenantOwnedTables(t), tenantKeys(t)
	stmts := collectStatements(t, "..")
	if len(stmts) < 200 {
		t.Fatalf("found only %d SQL statements under internal/; the extractor is broken", len(stmts))
	}
	used := map[string]bool{}
	for _, s := range stmts {
		for _, table := range unscopedOf(s, owned, keys) {
			key := s.fn + " " + table
			if _, ok := crossTenant[key]; ok {
				used[key] = true
				continue
			}
			t.Errorf("%s: %s touches tenant-owned table %s without constraining tenant_id:\n\t%s\n"+
				"scope it (… AND tenant_id = $n), or add %q to crossTenant with the reason it must work across tenants",
				s.pos, s.fn, table, oneLine(s.sql), key)
		}
	}
	for key := range crossTenant {
		if !used[key] {
			t.Errorf("crossTenant entry %q matches no unscoped statement any more; remove it", key)
		}
	}
}

// TestScopeGuardBites: the guard reports a synthetic unscoped query and
// accepts its scoped twin, so it cannot pass by matching nothing.
func TestScopeGuardBites(t *testing.T) {
	t.Parallel()
	owned := map[string]bool{"application": true, "case_record": true, "authority": true, "case_request": true, "mailbox_message": true}
	keys := map[string]map[string]bool{"case_request": {"case_id": true}}
	for _, tt := range []struct {
		sql  string
		want []string
	}{
		{`SELECT id FROM application WHERE reference = $1`, []string{"application"}},
		{`SELECT tenant_id FROM application WHERE id = $1`, []string{"application"}},
		{`UPDATE case_record SET status = $1 WHERE id = $2`, []string{"case_record"}},
		{`DELETE FROM case_record WHERE id = $1`, []string{"case_record"}},
		{`INSERT INTO application (reference, status) VALUES ($1, $2)`, []string{"application"}},
		{`SELECT id FROM application WHERE tenant_id = $1 AND reference = $2`, nil},
		{`SELECT c.id FROM case_record c JOIN authority a ON a.id = c.authority_id WHERE c.tenant_id = $1`, nil},
		{`INSERT INTO application (tenant_id, reference) VALUES ($1, $2)`, nil},
		{`SELECT id FROM service WHERE leika_key = $1`, nil},
	} {
		if got := unscopedTables(tt.sql, owned); strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("unscopedTables(%q) = %v, want %v", tt.sql, got, tt.want)
		}
	}
	src := `package p
const cols = "id, reference"
func leak(ctx any, db DB, tenantID tenant.ID) {
	q := "SELECT " + cols + " FROM application"
	q += " WHERE reference = $1"
	db.QueryContext(ctx, q, "x")
	db.ExecContext(ctx, "UPDATE application SET status = $1 WHERE id = $2", "x", 1)
}
func load(ctx any, db DB, tenantID tenant.ID, id int64) {
	db.QueryRowContext(ctx, "SELECT id FROM application WHERE tenant_id = $1 AND id = $2", tenantID, id)
}
func anchored(ctx any, db DB, tenantID tenant.ID, id int64) {
	db.ExecContext(ctx, "UPDATE application SET status = $1 WHERE id = $2", "early", id)
	load(ctx, db, tenantID, id)
	db.ExecContext(ctx, "UPDATE application SET status = $1 WHERE id = $2", "x", id)
	db.ExecContext(ctx, "DELETE FROM application WHERE status = $1", "x")
}
func hidden(ctx any, db DB, tenantID tenant.ID) {
	db.QueryContext(ctx, "SELECT id FROM case_record c WHERE " + scope(), tenantID)
}
func scope() string { return "c.tenant_id = $1" }
func children(ctx any, db DB, tenantID tenant.ID, caseID int64) {
	db.QueryRowContext(ctx, "SELECT id FROM case_record WHERE tenant_id = $1 AND id = $2", tenantID, caseID)
	db.ExecContext(ctx, "UPDATE case_request SET status = $1 WHERE case_id = $2", "x", caseID)
	db.ExecContext(ctx, "UPDATE mailbox_message SET read_at = NULL WHERE case_id = $1", caseID)
}`
	var got []string
	for _, st := range statementsOf(t, map[string]string{"p/p.go": src}) {
		if u := unscopedOf(st, owned, keys); len(u) > 0 {
			got = append(got, st.fn+":"+strings.Fields(st.sql)[0]+":"+strings.Join(u, ","))
		}
	}
	// children: case_request is bound to its case by a composite tenant key,
	// mailbox_message is not, so its rows by case_id are the caller's word.
	want := "p.anchored:UPDATE:application p.anchored:DELETE:application p.children:UPDATE:mailbox_message " +
		"p.leak:SELECT:application p.leak:UPDATE:application"
	if strings.Join(got, " ") != want {
		t.Fatalf("guard reported %v, want %s", got, want)
	}
}

// tenantOwnedTables reads the live schema after all migrations: every
// table with a tenant_id column, except the tenant table itself.
func tenantOwnedTables(t *testing.T) map[string]bool {
	db := storetest.Open(t, store.SQLite)
	ctx := context.Background()
	rows, err := db.QueryContext(ctx, `SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c
		WHERE m.type = 'table' AND c.name = 'tenant_id'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	owned := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		owned[name] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if !owned["application"] || !owned["case_record"] || len(owned) < 15 {
		t.Fatalf("tenant-owned tables look wrong: %v", owned)
	}
	return owned
}

// tenantKeys reads the composite tenant keys of the live schema: for each
// child table, the columns that reference a parent together with the
// child's tenant_id ((tenant_id, case_id) REFERENCES case_record
// (tenant_id, id) gives case_request → case_id).
func tenantKeys(t *testing.T) map[string]map[string]bool {
	db := storetest.Open(t, store.SQLite)
	rows, err := db.QueryContext(context.Background(), `SELECT m.name, f.id, f."from"
		FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
		WHERE m.type = 'table' ORDER BY m.name, f.id, f.seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols := map[string][]string{} // table/constraint → columns in order
	for rows.Next() {
		var table, from string
		var id int
		if err := rows.Scan(&table, &id, &from); err != nil {
			t.Fatal(err)
		}
		k := table + "/" + strconv.Itoa(id)
		cols[k] = append(cols[k], from)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	keys := map[string]map[string]bool{}
	for k, c := range cols {
		if len(c) == 2 && c[0] == "tenant_id" {
			table, _, _ := strings.Cut(k, "/")
			if keys[table] == nil {
				keys[table] = map[string]bool{}
			}
			keys[table][c[1]] = true
		}
	}
	if !keys["case_request"]["case_id"] || !keys["mailbox_message"]["application_id"] {
		t.Fatalf("composite tenant keys look wrong: %v", keys)
	}
	return keys
}

type statement struct {
	pos      string // file:line
	fn       string // package.Func or package.Type.Method
	sql      string
	hidden   string // literals that may fill the statement's holes
	anchored bool   // after a tenant-scoped lookup in the same function
}

// hole stands for a part of a statement the folding cannot see.
const hole = " ? "

// collectStatements parses every non-test Go file below root, package by
// package (directory), and returns the SQL statements passed to calls.
func collectStatements(t *testing.T, root string) []statement {
	files := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		// Test-support packages (storetest, caseworktest, browsertest …)
		// are imported by tests only and never run in the portal.
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "node_modules" || strings.HasSuffix(d.Name(), "test")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		files[path] = ""
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return statementsOf(t, files)
}

// statementsOf parses files (path → source, "" to read the file) and
// extracts the statements.
func statementsOf(t *testing.T, files map[string]string) []statement {
	fset := token.NewFileSet()
	byDir := map[string][]*ast.File{}
	for path, src := range files {
		var s any
		if src != "" {
			s = src
		}
		f, err := parser.ParseFile(fset, path, s, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		byDir[filepath.Dir(path)] = append(byDir[filepath.Dir(path)], f)
	}
	var out []statement
	for _, fs := range byDir {
		out = append(out, packageStatements(fset, fs)...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].pos < out[j].pos })
	return out
}

// packageStatements folds the package's string constants and variables,
// then looks at every call argument inside each function: an argument
// that folds to a SQL statement is one. Two facts are recorded with it:
// hidden — the string literals of the function and of the package's
// functions it calls, for statements with a part the folding cannot see
// (a WHERE built by a helper such as casework's Staff.scope); and anchored
// — whether the function made a tenant-scoped lookup (itself, or through
// a package function that does) before the statement.
func packageStatements(fset *token.FileSet, files []*ast.File) []statement {
	global := packageStrings(files)
	funcs := map[string][]*ast.FuncDecl{}
	for _, f := range files {
		for _, decl := range f.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok && fd.Body != nil {
				funcs[fd.Name.Name] = append(funcs[fd.Name.Name], fd)
			}
		}
	}
	loaders := loaderFuncs(funcs, global)
	var out []statement
	for _, f := range files {
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			name := f.Name.Name + "." + funcName(fd)
			local := localStrings(fd.Body, global)
			hidden := strings.Join(literalsOf(fd, funcs, map[*ast.FuncDecl]bool{}, 3), " ")
			anchor := firstAnchor(fd, funcs, loaders, local)
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				for _, arg := range call.Args {
					if s := fold(arg, local); isStatement(s) {
						st := statement{pos: fset.Position(arg.Pos()).String(), fn: name, sql: s}
						if strings.Contains(s, hole) {
							st.hidden = hidden
						}
						st.anchored = anchor.IsValid() && anchor < arg.Pos()
						out = append(out, st)
					}
				}
				return true
			})
		}
	}
	return out
}

// calledFuncs lists the package functions (by name) that fd calls.
func calledFuncs(fd *ast.FuncDecl, funcs map[string][]*ast.FuncDecl) []*ast.CallExpr {
	var out []*ast.CallExpr
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && funcs[calleeName(call)] != nil {
			out = append(out, call)
		}
		return true
	})
	return out
}

func calleeName(call *ast.CallExpr) string {
	switch f := call.Fun.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	}
	return ""
}

// literalsOf returns the string literals of fd and of the package
// functions it calls, depth levels deep.
func literalsOf(fd *ast.FuncDecl, funcs map[string][]*ast.FuncDecl, seen map[*ast.FuncDecl]bool, depth int) []string {
	if seen[fd] || depth < 0 {
		return nil
	}
	seen[fd] = true
	var out []string
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			// A hole is filled by a fragment (a WHERE part), never by a
			// whole statement: a scoped statement elsewhere in the
			// function says nothing about the hole.
			if s, err := strconv.Unquote(lit.Value); err == nil && !isStatement(s) {
				out = append(out, s)
			}
		}
		return true
	})
	for _, call := range calledFuncs(fd, funcs) {
		for _, callee := range funcs[calleeName(call)] {
			out = append(out, literalsOf(callee, funcs, seen, depth-1)...)
		}
	}
	return out
}

// loaderFuncs are the package functions that make a tenant-scoped
// lookup, directly or through another loader.
func loaderFuncs(funcs map[string][]*ast.FuncDecl, global map[string]string) map[string]bool {
	loaders := map[string]bool{}
	for changed := true; changed; {
		changed = false
		for name, fds := range funcs {
			if loaders[name] {
				continue
			}
			for _, fd := range fds {
				if firstAnchor(fd, funcs, loaders, localStrings(fd.Body, global)).IsValid() {
					loaders[name], changed = true, true
					break
				}
			}
		}
	}
	return loaders
}

// firstAnchor is the position of fd's first tenant-scoped statement or
// call of a loader; NoPos if it has none.
func firstAnchor(fd *ast.FuncDecl, funcs map[string][]*ast.FuncDecl, loaders map[string]bool, local map[string]string) token.Pos {
	first := token.NoPos
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || (first.IsValid() && first < call.Pos()) {
			return true
		}
		if loaders[calleeName(call)] {
			first = call.Pos()
			return true
		}
		for _, arg := range call.Args {
			if s := fold(arg, local); isStatement(s) && scopeRE.MatchString(s) {
				first = call.Pos()
			}
		}
		return true
	})
	return first
}

func funcName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	typ := fd.Recv.List[0].Type
	if st, ok := typ.(*ast.StarExpr); ok {
		typ = st.X
	}
	if ix, ok := typ.(*ast.IndexExpr); ok {
		typ = ix.X
	}
	if id, ok := typ.(*ast.Ident); ok {
		return id.Name + "." + fd.Name.Name
	}
	return fd.Name.Name
}

// packageStrings folds the package-level string constants and variables
// (several passes, as they refer to each other across files).
func packageStrings(files []*ast.File) map[string]string {
	vals := map[string]string{}
	for pass := 0; pass < 4; pass++ {
		for _, f := range files {
			for _, decl := range f.Decls {
				gd, ok := decl.(*ast.GenDecl)
				if !ok || (gd.Tok != token.CONST && gd.Tok != token.VAR) {
					continue
				}
				for _, spec := range gd.Specs {
					vs := spec.(*ast.ValueSpec)
					for i, id := range vs.Names {
						if i < len(vs.Values) {
							if s := fold(vs.Values[i], vals); s != "" {
								vals[id.Name] = s
							}
						}
					}
				}
			}
		}
	}
	return vals
}

// localStrings adds the function's string variables to the package's: a
// variable assigned several times (q := …; q += …) holds all its parts
// joined, which over-approximates the statement's text — enough to learn
// its tables, and a tenant_id in any branch counts as scoping (branches
// of one builder share their WHERE).
func localStrings(body *ast.BlockStmt, global map[string]string) map[string]string {
	vals := map[string]string{}
	for k, v := range global {
		vals[k] = v
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch a := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range a.Lhs {
				id, ok := lhs.(*ast.Ident)
				if !ok || i >= len(a.Rhs) || len(a.Lhs) != len(a.Rhs) {
					continue
				}
				s := fold(a.Rhs[i], vals)
				if s == "" {
					continue
				}
				if a.Tok == token.ADD_ASSIGN || (a.Tok == token.ASSIGN && vals[id.Name] != "" && !strings.Contains(s, vals[id.Name])) {
					vals[id.Name] += " " + s
				} else {
					vals[id.Name] = s
				}
			}
		case *ast.ValueSpec:
			for i, id := range a.Names {
				if i < len(a.Values) {
					if s := fold(a.Values[i], vals); s != "" {
						vals[id.Name] = s
					}
				}
			}
		}
		return true
	})
	return vals
}

// fold evaluates a string expression as far as it is known: literals,
// named strings, +, fmt.Sprintf's format, and strings.Join's elements;
// unknown parts become " ? ".
func fold(e ast.Expr, vals map[string]string) string {
	switch x := e.(type) {
	case *ast.BasicLit:
		if x.Kind == token.STRING {
			s, err := strconv.Unquote(x.Value)
			if err == nil {
				return s
			}
		}
	case *ast.Ident:
		return vals[x.Name]
	case *ast.ParenExpr:
		return fold(x.X, vals)
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			l, r := fold(x.X, vals), fold(x.Y, vals)
			if l == "" && r == "" {
				return ""
			}
			return orHole(l) + orHole(r)
		}
	case *ast.CallExpr:
		if sel, ok := x.Fun.(*ast.SelectorExpr); ok && len(x.Args) > 0 {
			switch sel.Sel.Name {
			case "Sprintf":
				return fold(x.Args[0], vals)
			case "Join":
				if cl, ok := x.Args[0].(*ast.CompositeLit); ok {
					var parts []string
					for _, el := range cl.Elts {
						parts = append(parts, orHole(fold(el, vals)))
					}
					return strings.Join(parts, " ")
				}
			}
		}
	}
	return ""
}

func orHole(s string) string {
	if s == "" {
		return hole
	}
	return s
}

var (
	verbRE  = regexp.MustCompile(`(?is)^\s*(select|insert|update|delete|with)\b`)
	tableRE = regexp.MustCompile(`(?i)\b(from|join|update|into)\s+([a-z_][a-z0-9_]*)(\s+(?:as\s+)?([a-z_][a-z0-9_]*))?`)
	// scopeRE is a constraint on tenant_id: compared in WHERE/ON, or
	// compared against, or listed as an inserted column.
	scopeRE     = regexp.MustCompile(`(?i)(\btenant_id\s*(=|\bin\b|\bis\b)|=\s*[a-z_]*\.?tenant_id\b)`)
	tenantColRE = regexp.MustCompile(`(?i)\btenant_id\b`)
	// insertColsRE finds an INSERT's column list.
	insertColsRE = regexp.MustCompile(`(?is)\binsert\s+into\s+([a-z_][a-z0-9_]*)\s*\(([^)]*)\)`)
)

// isStatement reports whether s looks like a whole SQL statement.
func isStatement(s string) bool {
	return verbRE.MatchString(s) && regexp.MustCompile(`(?i)\b(from|into|update)\b`).MatchString(s)
}

// keyedRE is a statement that picks rows by a key given as an argument;
// the submatch is the key's column.
var keyedRE = regexp.MustCompile(`(?i)\b(?:[a-z_]+\.)?([a-z_]*id)\s*=\s*\$\d+`)

// unscopedOf returns the tenant-owned tables st touches unscoped, after
// the two allowances: a hole in the statement filled by a helper whose
// literals constrain tenant_id, and a statement keyed by an id in a
// function that made a tenant-scoped lookup before it (childOfLookup).
// keys are the composite tenant keys (tenantKeys).
func unscopedOf(st statement, owned map[string]bool, keys map[string]map[string]bool) []string {
	tables := unscopedTables(st.sql, owned)
	if len(tables) == 0 || (st.hidden != "" && scopeRE.MatchString(st.hidden)) ||
		(st.anchored && childOfLookup(st.sql, tables, keys)) {
		return nil
	}
	return tables
}

// childOfLookup: every table of a statement after a tenant-scoped lookup
// is picked either by its own id (the looked-up row) or by a column of a
// composite tenant key — a child of the looked-up row, which the database
// keeps in the same tenant. A row picked by another key (case_id on a
// table without a composite key) is the caller's word, not the database's.
func childOfLookup(sql string, tables []string, keys map[string]map[string]bool) bool {
	var cols []string
	for _, m := range keyedRE.FindAllStringSubmatch(sql, -1) {
		cols = append(cols, strings.ToLower(m[1]))
	}
	for _, table := range tables {
		if !slices.ContainsFunc(cols, func(c string) bool { return c == "id" || keys[table][c] }) {
			return false
		}
	}
	return len(cols) > 0
}

// unscopedTables returns the tenant-owned tables sql touches without any
// constraint on tenant_id. A statement scoped anywhere (WHERE or a join's
// ON) counts as scoped for all its tables: the others are reached through
// the scoped one. An INSERT is scoped when it writes tenant_id.
func unscopedTables(sql string, owned map[string]bool) []string {
	inserts := insertColsRE.FindAllStringSubmatch(sql, -1)
	scoped := scopeRE.MatchString(sql) || len(inserts) > 0
	for _, m := range inserts {
		if owned[strings.ToLower(m[1])] && !tenantColRE.MatchString(m[2]) {
			scoped = false // the row itself would lack its tenant
		}
	}
	if scoped {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, m := range tableRE.FindAllStringSubmatch(sql, -1) {
		table := strings.ToLower(m[2])
		if owned[table] && !seen[table] {
			seen[table] = true
			out = append(out, table)
		}
	}
	sort.Strings(out)
	return out
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 240 {
		s = s[:240] + "…"
	}
	return s
}

// The reasons of crossTenant, one line each.
const (
	bySecret         = "located by a bearer secret (session token hash, client id + secret); the caller compares the row's tenant_id with the host's"
	byAccount        = "keyed by the account or session the caller authenticated on this host (accounts belong to one tenant)"
	byOwner          = "application checked against its owner (account, organisation or resume secret) in Go; owners belong to one tenant"
	checkedInGo      = "loads by id and casework's access check (Staff.sees/works, Applicant) compares tenant_id in Go before anything is shown or changed"
	childOfChecked   = "keyed by the id of a case, notice, application or file the caller loaded and access-checked in the same transaction"
	acrossTenantsJob = "background job over all tenants by design; each row carries its tenant_id onward"
	// fitconnectDestination: the FIT-Connect inbox (package fitconnect/subscriber).
	fitconnectDestination = "a FIT-Connect destination id is a global UUID the Submission Service names (unique across tenants); the row says its tenant, which every later step uses"
	blobSweep             = "the orphan-blob sweep: blobs belong to no tenant, a blob is kept if any row of any tenant names it"
	installationWide      = "installation-wide read by design (in-memory index, change fingerprint, public verification)"
	jobQueue              = "the job queue itself (claim, outcome, unique key, depth, metrics, operators' command line) works every tenant's jobs; tenant_id only files a job under its tenant's failed-jobs list (Queue.Failed, Retry scope it)"
)

// crossTenant names the statements (function and table) that touch a
// tenant-owned table without a tenant constraint, with the reason. Each
// entry is checked to still match, so the list cannot rot; new code should
// scope in SQL instead of adding to it.
var crossTenant = map[string]string{
	"account.Service.SealSecrets account":                 "the start-up conversion seals every tenant's TOTP seeds stored in clear (migration 00201), each with its own tenant's key",
	"apiclient.SealSecrets api_client":                    "the start-up conversion seals every tenant's webhook secrets stored in clear, each with its own tenant's key",
	"keyring.Keyring.Check blob_key":                      "the start-up check that this process has every master key that wrapped a data key, of any tenant",
	"keyring.Keyring.RotateMaster blob_key":               "master key rotation rewraps the data keys of every tenant with the installation's new master key",
	"account.ByID account":                                byAccount,
	"account.Service.Logout account_session":              bySecret,
	"account.Service.Session account_session":             bySecret,
	"account.Service.StartSession account_session":        bySecret,
	"account.Service.VerifyEmail account":                 bySecret,
	"account.Service.liveSession account_session":         bySecret,
	"account.Service.rotate account_session":              bySecret,
	"akte.FileTx akte_file":                               childOfChecked,
	"akte.Service.deleteFile akte_file":                   acrossTenantsJob,
	"akte.Service.deleteRows akte_file":                   acrossTenantsJob,
	"akte.Service.due akte_file":                          acrossTenantsJob,
	"apiclient.CheckSecret api_client":                    bySecret,
	"apply.reserveApplicationIDs application":             "reserves a range of ids for a bulk load (demo history, volume benchmark): ids are installation-wide; it reads only MAX(id)",
	"apiclient.Get api_client":                            childOfChecked,
	"apiclient.WithWebhooks api_client":                   acrossTenantsJob,
	"apply.Service.SavePage application":                  byOwner,
	"apply.Service.lockApps application":                  byOwner,
	"apply.usedKeys application":                          "a submit batch's idempotency keys, read for all its tenants at once and compared per tenant in Go (keyOf)",
	"apply.Service.deleteDraft application":               acrossTenantsJob,
	"apply.Service.blobReferenced application":            blobSweep,
	"apply.Service.blobReferenced case_notice":            blobSweep,
	"apply.Service.dropReferenced application":            blobSweep,
	"apply.Service.dropReferenced case_notice":            blobSweep,
	"apply.Service.expiredDrafts application":             acrossTenantsJob,
	"apply.Service.rawApp application":                    acrossTenantsJob,
	"apply.Service.receiptJob application":                acrossTenantsJob,
	"apply.Service.readReceipt application":               byOwner,
	"apply.Service.setResume application":                 byOwner,
	"apply.Service.storeReceiptPDF application":           acrossTenantsJob,
	"apply.Service.storeSubmission application":           byOwner,
	"apply.loadOwned application":                         byOwner,
	"apply.touch application":                             byOwner,
	"audit.Verify audit_log":                              installationWide,
	"audit.rowHashes audit_log":                           installationWide,
	"casework.PublicKey case_seal_key":                    installationWide,
	"casework.loadCase case_record":                       "FileReceiptJob carries only the case id: loadCase reads the case's tenant_id, then loads within it (loadTenantCase)",
	"apply.LoadSubmission application":                    "the application id of a case row loaded within its tenant, or of the routing job's submitted application",
	"casework.verifyHash case_notice":                     installationWide,
	"casework.verifyHash case_record":                     installationWide,
	"catalog.OfferedKeys responsibility":                  installationWide,
	"catalog.linkParent authority":                        childOfChecked,
	"catalog.loadIndex authority":                         installationWide,
	"catalog.loadIndex responsibility":                    installationWide,
	"demo.seeded audit_log":                               installationWide,
	"fitconnect.Service.Dispatch fitconnect_cursor":       acrossTenantsJob,
	"fitconnect.Service.seal fitconnect_submission":       acrossTenantsJob,
	"subscriber.Service.Poll fitconnect_destination":      acrossTenantsJob,
	"subscriber.Service.resend fitconnect_inbox":          acrossTenantsJob,
	"subscriber.LoadDestination fitconnect_destination":   fitconnectDestination,
	"subscriber.CreateDestination fitconnect_destination": fitconnectDestination,
	"procedure.Fingerprint procedure_version":             installationWide,
	"jobs.Queue.Depth job":                                jobQueue,
	"jobs.Queue.DiscardedByKind job":                      jobQueue,
	"jobs.Queue.EnqueueTx job":                            jobQueue,
	"jobs.Queue.FailedAll job":                            jobQueue,
	"jobs.Queue.Job job":                                  jobQueue,
	"jobs.Queue.claim job":                                jobQueue,
	"jobs.Queue.finish job":                               jobQueue,
	"jobs.Queue.retryTx job":                              jobQueue,
	"jobs.Queue.renew job":                                jobQueue,
	"jobs.giveBack job":                                   jobQueue,
}
