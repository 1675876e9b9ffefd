package journeys_test

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web"
)

// guarded are the path prefixes whose every route needs an entry in
// the rule table (a string prefix: "/antrag" covers "/antraege" too).
var guarded = []string{"/verwaltung", "/postfach", "/konto", "/antrag", "/api"}

// ruleKind says how a route is protected.
type ruleKind int

const (
	ruleCase        ruleKind = iota + 1 // back office, one case: only staff who see it ({ref}, with {doc}, {notice}, {file})
	ruleStaff                           // back office lists: staff with a case role (statistics: heads of unit)
	rulePublic                          // anyone may read (catalog API, a procedure's intro)
	ruleLogin                           // the caller's own account: anonymous callers must log in
	ruleOwnerApp                        // an application or its mailbox by {id}: its owner only
	ruleSecret                          // a secret link: a guessed secret finds nothing
	ruleAccountID                       // an account's own object by id ({id}, {org}, {account}): others find nothing
	ruleAPIClient                       // the JSON API's client operations: a registered API client only, never a login cookie
	ruleTenantAdmin                     // tenant administration (/verwaltung/mandant): the tenant admin of the host's tenant only
)

// rules is the authorization rule table: every guarded route is listed.
var rules = map[string]ruleKind{
	"GET /verwaltung":           ruleStaff,
	"GET /verwaltung/statistik": ruleStaff,
	// Bulk claim/assign: staff only; each case is then checked as by its
	// single action (casework.Service.Bulk, TestBulkClaimAndAssign).
	"POST /verwaltung/sammelaktion": ruleStaff,

	"GET /verwaltung/mandant":                          ruleTenantAdmin,
	"GET /verwaltung/mandant/behoerden":                ruleTenantAdmin,
	"GET /verwaltung/mandant/personal":                 ruleTenantAdmin,
	"GET /verwaltung/mandant/zustaendigkeiten":         ruleTenantAdmin,
	"GET /verwaltung/mandant/anpassungen":              ruleTenantAdmin,
	"GET /verwaltung/mandant/anpassungen/{procedure}":  ruleTenantAdmin,
	"POST /verwaltung/mandant/anpassungen/{procedure}": ruleTenantAdmin,
	"GET /verwaltung/mandant/api-clients":              ruleTenantAdmin,
	"POST /verwaltung/mandant/api-clients":             ruleTenantAdmin,
	"GET /verwaltung/mandant/webhooks":                 ruleTenantAdmin,
	"POST /verwaltung/mandant/webhooks":                ruleTenantAdmin,
	"GET /verwaltung/mandant/auftraege":                ruleTenantAdmin,
	"POST /verwaltung/mandant/auftraege":               ruleTenantAdmin,
	"GET /verwaltung/mandant/mitzeichnung":             ruleTenantAdmin,
	"POST /verwaltung/mandant/mitzeichnung":            ruleTenantAdmin,
	"GET /verwaltung/mandant/aktenplan":                ruleTenantAdmin,
	"POST /verwaltung/mandant/aktenplan":               ruleTenantAdmin,
	"GET /verwaltung/mandant/aussonderung":             ruleTenantAdmin,
	"POST /verwaltung/mandant/aussonderung/angebot":    ruleTenantAdmin,
	"POST /verwaltung/mandant/aussonderung/antwort":    ruleTenantAdmin,
	"POST /verwaltung/mandant/aussonderung/uebergabe":  ruleTenantAdmin,
	"POST /verwaltung/mandant/api-clients/format":      ruleTenantAdmin,
	"GET /verwaltung/mandant/fitconnect":               ruleTenantAdmin,
	"POST /verwaltung/mandant/fitconnect":              ruleTenantAdmin,
	// A's destination: B's tenant admin gets 404 (adminRoute).
	"GET /verwaltung/mandant/fitconnect/{destination}/jwks.json": ruleTenantAdmin,

	"GET /verwaltung/vorgaenge/{ref}":                                 ruleCase,
	"POST /verwaltung/vorgaenge/{ref}/uebernehmen":                    ruleCase,
	"POST /verwaltung/vorgaenge/{ref}/zuweisen":                       ruleCase,
	"POST /verwaltung/vorgaenge/{ref}/status":                         ruleCase,
	"POST /verwaltung/vorgaenge/{ref}/vermerke":                       ruleCase,
	"POST /verwaltung/vorgaenge/{ref}/nachforderungen":                ruleCase,
	"POST /verwaltung/vorgaenge/{ref}/abgeben":                        ruleCase,
	"POST /verwaltung/vorgaenge/{ref}/loeschsperre":                   ruleCase,
	"POST /verwaltung/vorgaenge/{ref}/nachrichten":                    ruleCase,
	"GET /verwaltung/vorgaenge/{ref}/nachrichten/anlagen/{file}":      ruleCase,
	"GET /verwaltung/vorgaenge/{ref}/akte/{doc}":                      ruleCase,
	"GET /verwaltung/vorgaenge/{ref}/akte/{doc}/vorschau":             ruleCase,
	"GET /verwaltung/vorgaenge/{ref}/akte/{doc}/inhalt":               ruleCase,
	"GET /verwaltung/vorgaenge/{ref}/export":                          ruleCase,
	"POST /verwaltung/vorgaenge/{ref}/bescheide":                      ruleCase,
	"POST /verwaltung/vorgaenge/{ref}/bescheide/{notice}":             ruleCase,
	"GET /verwaltung/vorgaenge/{ref}/bescheide/{notice}/vorschau.pdf": ruleCase,
	"POST /verwaltung/vorgaenge/{ref}/bescheide/{notice}/mitzeichnen": ruleCase,
	"POST /verwaltung/vorgaenge/{ref}/bescheide/{notice}/versenden":   ruleCase,
	"GET /verwaltung/vorgaenge/{ref}/bescheide/{notice}/versenden":    ruleCase,

	"GET /postfach":                                               ruleLogin,
	"GET /postfach/{id}":                                          ruleOwnerApp,
	"POST /postfach/{id}":                                         ruleOwnerApp,
	"GET /postfach/{id}/anlagen/{ref}":                            ruleOwnerApp,
	"GET /postfach/{id}/bescheide/{notice}":                       ruleOwnerApp,
	"GET /postfach/gast/{secret}":                                 ruleSecret,
	"POST /postfach/gast/{secret}":                                ruleSecret,
	"GET /postfach/gast/{secret}/anlagen/{ref}":                   ruleSecret,
	"GET /postfach/gast/{secret}/bescheide/{notice}":              ruleSecret,
	"GET /postfach/gast/{secret}/antrag/eingangsbestaetigung.pdf": ruleSecret,

	"GET /antrag/{procedure}":                     rulePublic,
	"POST /antrag/{procedure}":                    rulePublic, // starts a draft: guests may
	"GET /antrag/fortsetzen/{secret}":             ruleSecret,
	"GET /antraege/{id}/seiten/{page}":            ruleOwnerApp,
	"POST /antraege/{id}/seiten/{page}":           ruleOwnerApp,
	"GET /antraege/{id}/gespeichert":              ruleOwnerApp,
	"POST /antraege/{id}/link/neu":                ruleOwnerApp,
	"POST /antraege/{id}/link/widerrufen":         ruleOwnerApp,
	"GET /antraege/{id}/pruefen":                  ruleOwnerApp,
	"POST /antraege/{id}/einreichen":              ruleOwnerApp,
	"GET /antraege/{id}/warteraum":                ruleOwnerApp, // without its ticket: the owner's review, else nothing
	"GET /antraege/{id}/eingangsbestaetigung":     ruleOwnerApp,
	"GET /antraege/{id}/eingangsbestaetigung.pdf": ruleOwnerApp,
	"GET /antraege/{id}/postfach":                 ruleOwnerApp,
	"POST /antraege/{id}/postfach":                ruleOwnerApp,

	"GET /konto/passwort":  ruleLogin,
	"POST /konto/passwort": ruleLogin,

	"GET /konto":                                                      ruleLogin,
	"POST /konto/entwuerfe/{id}/loeschen":                             ruleAccountID,
	"GET /konto/profil":                                               ruleLogin,
	"POST /konto/profil":                                              ruleLogin,
	"GET /konto/email":                                                ruleLogin,
	"POST /konto/email":                                               ruleLogin,
	"GET /konto/email/bestaetigen":                                    rulePublic, // landing page of the e-mail link; the POST needs the token and the login
	"POST /konto/email/bestaetigen":                                   ruleLogin,
	"GET /konto/loeschen":                                             ruleLogin,
	"POST /konto/loeschen":                                            ruleLogin,
	"GET /konto/zweiter-faktor":                                       ruleLogin,
	"POST /konto/zweiter-faktor/neu":                                  ruleLogin,
	"POST /konto/zweiter-faktor/bestaetigen":                          ruleLogin,
	"POST /konto/zweiter-faktor/aus":                                  ruleLogin,
	"GET /konto/sitzungen":                                            ruleLogin,
	"POST /konto/sitzungen/{id}/beenden":                              ruleAccountID,
	"GET /konto/organisationen/{org}":                                 ruleAccountID,
	"POST /konto/organisationen/{org}/mitglieder":                     ruleAccountID,
	"POST /konto/organisationen/{org}/mitglieder/{account}/entfernen": ruleAccountID,
	"POST /konto/organisationen/{org}/handeln":                        ruleAccountID,

	// Public routes that take a path value: static files and the catalog.
	"GET /static/{version}/{file...}": rulePublic,
	"GET /static/tenant/{file}":       rulePublic,
	"GET /leistungen/{key}":           rulePublic,
	"GET /behoerden/{id}":             rulePublic,
	"GET /themen/{slug}":              rulePublic,
	"GET /lebenslagen/{slug}":         rulePublic,

	"GET /api/openapi.json":                                                        rulePublic,
	"POST /api/oauth/token":                                                        ruleAPIClient,
	"GET /api/v1/submissions":                                                      ruleAPIClient,
	"GET /api/v1/submissions/{id}":                                                 ruleAPIClient,
	"GET /api/v1/submissions/{id}/attachments/{attachment}":                        ruleAPIClient,
	"POST /api/v1/submissions/{id}/ack":                                            ruleAPIClient,
	"POST /api/v1/cases/{id}/status":                                               ruleAPIClient,
	"POST /api/v1/cases/{id}/messages":                                             ruleAPIClient,
	"POST /api/v1/cases/{id}/notice":                                               ruleAPIClient,
	"GET /api/v1/fitconnect/submissions":                                           ruleAPIClient,
	"GET /api/v1/fitconnect/submissions/{submissionId}":                            ruleAPIClient,
	"GET /api/v1/fitconnect/submissions/{submissionId}/attachments/{attachmentId}": ruleAPIClient,
	"GET /api/v1/fitconnect/routes":                                                rulePublic,
	"GET /api/v1/fitconnect/areas":                                                 rulePublic,
	"GET /api/v1/fitconnect/info":                                                  rulePublic,
	"GET /api/v1/fitconnect/.well-known/jwks.json":                                 rulePublic,
	"GET /api/v1/events":                                                           ruleAPIClient,
	"GET /api/v1/services":                                                         rulePublic,
	"GET /api/v1/services/{key}":                                                   rulePublic,
	"GET /api/v1/suggestions":                                                      rulePublic,
	"GET /api/v1/regions":                                                          rulePublic,
	"GET /api/v1/responsibilities":                                                 rulePublic,
	"GET /api/v1/authorities/{id}":                                                 rulePublic,
	"/api/v1/":                                                                     rulePublic,
}

// allRoutes lists the web server's registered patterns (Server.Routes)
// and the JSON API's, read from package api's source (it registers its
// patterns on the mux itself).
func allRoutes(t *testing.T) []string {
	t.Helper()
	srv, err := web.New(web.Deps{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	boCheck(t, err)
	out := srv.Routes()
	files, err := filepath.Glob("../../api/*.go")
	boCheck(t, err)
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		boCheck(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			if rt, ok := apiRoute(n); ok {
				out = append(out, rt)
				return true
			}
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || (sel.Sel.Name != "HandleFunc" && sel.Sel.Name != "Handle") {
				return true
			}
			if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING && !strings.Contains(lit.Value, "+") {
				p, _ := strconv.Unquote(lit.Value)
				out = append(out, p)
			}
			return true
		})
	}
	if !slices.Contains(out, "GET /verwaltung") || !slices.Contains(out, "GET /api/v1/services") {
		t.Fatalf("route enumeration misses known routes: %v", out)
	}
	return out
}

// apiRoute reads one entry of package api's route table, a composite
// literal with the keys method and path.
func apiRoute(n ast.Node) (string, bool) {
	lit, ok := n.(*ast.CompositeLit)
	if !ok {
		return "", false
	}
	var method, path string
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		key, ok1 := kv.Key.(*ast.Ident)
		val, ok2 := kv.Value.(*ast.BasicLit)
		if !ok1 || !ok2 || val.Kind != token.STRING {
			continue
		}
		v, _ := strconv.Unquote(val.Value)
		switch key.Name {
		case "method":
			method = v
		case "path":
			path = v
		}
	}
	return method + " " + path, method != "" && path != ""
}

// TestRouteRulesComplete fails for any guarded route without a rule, for
// any route anywhere that takes an id or another path value ({…}) without
// a rule, and for rules of routes that no longer exist: a new route cannot
// slip past the authorization matrix.
func TestRouteRulesComplete(t *testing.T) {
	routes := allRoutes(t)
	for _, p := range routes {
		path := p
		if _, after, ok := strings.Cut(p, " "); ok {
			path = after
		}
		needs := strings.Contains(path, "{") && !strings.Contains(path, "{$}")
		for _, g := range guarded {
			needs = needs || strings.HasPrefix(path, g)
		}
		if _, ok := rules[p]; needs && !ok {
			t.Errorf("route %q has no entry in the authorization rule table (backoffice_authz_test.go)", p)
		}
	}
	for p := range rules {
		if !slices.Contains(routes, p) {
			t.Errorf("rule for %q, which is no route", p)
		}
	}
}

// denied reports whether a response refused the request: not found,
// forbidden, unauthorized, or sent to the login page.
func denied(status int, location string) bool {
	switch status {
	case http.StatusNotFound, http.StatusForbidden, http.StatusUnauthorized:
		return true
	case http.StatusSeeOther, http.StatusFound:
		return strings.HasPrefix(location, "/anmelden")
	}
	return false
}

// fillPattern puts concrete values into a pattern's path.
func fillPattern(pattern string, vals map[string]string) (method, path string) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		method, path = http.MethodGet, pattern
	}
	for k, v := range vals {
		path = strings.ReplaceAll(path, "{"+k+"}", v)
	}
	path = strings.ReplaceAll(path, "{$}", "")
	return method, path
}

// fingerprint summarises what the guarded routes could change.
func (w *boWorld) fingerprint(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT COUNT(*) FROM case_event`, `SELECT COUNT(*) FROM case_note`, `SELECT COUNT(*) FROM case_request`,
		`SELECT COUNT(*) FROM case_notice`, `SELECT COUNT(*) FROM mailbox_message`, `SELECT COUNT(*) FROM akte_document`,
		`SELECT COUNT(*) FROM application`, `SELECT COUNT(*) FROM account_session`, `SELECT COUNT(*) FROM account WHERE state = 'active'`,
		`SELECT COALESCE(SUM(COALESCE(assignee_id, 0) + authority_id), 0) FROM case_record`,
		`SELECT COUNT(*) FROM akte_file WHERE legal_hold`,
		`SELECT COUNT(*) FROM case_notice WHERE status <> 'draft'`,
	} {
		var n int64
		boCheck(t, w.db.QueryRowContext(context.Background(), q).Scan(&n))
		b.WriteString(strconv.FormatInt(n, 10) + " ")
	}
	return b.String()
}

// formFor is a complete, valid form for a write route, so that a missing
// check would really change something.
func formFor(pattern string, assignee, authority int64) string {
	switch {
	case strings.HasSuffix(pattern, "/zuweisen"):
		return "assignee=" + strconv.FormatInt(assignee, 10)
	case strings.HasSuffix(pattern, "/status"):
		return "action=close"
	case strings.HasSuffix(pattern, "/vermerke"):
		return "body=Fremder+Vermerk"
	case strings.HasSuffix(pattern, "/nachforderungen"):
		return "subject=Nachweis&body=Bitte&due=" + time.Now().AddDate(0, 1, 0).Format(time.DateOnly)
	case strings.HasSuffix(pattern, "/abgeben"):
		return "authority=" + strconv.FormatInt(authority, 10) + "&reason=fremd"
	case strings.HasSuffix(pattern, "/loeschsperre"):
		return "on=1&reason=fremd"
	case strings.HasSuffix(pattern, "/nachrichten"), pattern == "POST /postfach/{id}", strings.HasPrefix(pattern, "POST /postfach/gast/"):
		return "subject=Hallo&body=Fremde+Nachricht"
	case strings.HasSuffix(pattern, "/bescheide"):
		return "outcome=approved"
	case strings.HasSuffix(pattern, "/mitzeichnung"):
		return "procedure=testverfahren&authority=0&scope=all"
	case strings.HasSuffix(pattern, "/versenden"):
		return "ack_open_requests=1"
	case strings.HasSuffix(pattern, "/bescheide/{notice}"):
		return "title=Fremd&body=Fremd&remedy=Fremd"
	case pattern == "POST /api/oauth/token":
		return "grant_type=client_credentials&client_id=geraten&client_secret=geraten"
	case strings.HasSuffix(pattern, "/seiten/{page}"):
		return "name=Fremd"
	}
	return "x=1"
}

var _ = akte.Attachment
var _ = apply.AccountOwner
var _ = casework.Approved
var _ = account.RoleCaseWorker
var _ = storetest.Dialects
