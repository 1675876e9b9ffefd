package api_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// catalogOps are the public catalog operations of the route table.
var catalogOps = []string{"listServices", "getService", "suggest", "listRegions", "findResponsibility", "getAuthority", "fitConnectRoutes",
	"fitConnectAreas", "fitConnectInfo", "fitConnectJWKS"}

// TestCatalogIsPublic: the catalog operations answer anonymous callers and
// callers with any credential alike (a client without any catalog scope,
// even a broken credential, gets the same answer); there is no catalog
// scope to grant — the retired "catalog:read" is refused when asked for
// and ignored where it was stored; and the OpenAPI document says so.
func TestCatalogIsPublic(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		narrow := f.client(t, f.clearing, 1000, "", apiclient.EventsRead)
		// (The fixture has neither the in-memory catalog nor the finder, so
		// services, suggestions and responsibilities are left out here; the
		// web package's TestTenantIsolation calls them on the real app.)
		for _, path := range []string{"/api/v1/authorities/" + id(f.other), "/api/v1/regions?q=01067"} {
			anonymous := f.call(t, "GET", path, "", nil, nil).StatusCode
			for _, bearer := range []string{narrow.APIKey, "aw_unknown.wrong"} {
				if got := f.call(t, "GET", path, bearer, nil, nil).StatusCode; got != anonymous {
					t.Errorf("GET %s with a credential: %d, anonymous: %d", path, got, anonymous)
				}
			}
			if strings.HasPrefix(path, "/api/v1/authorities/") && anonymous != http.StatusOK {
				t.Errorf("GET %s anonymous: %d, want 200", path, anonymous)
			}
		}
		if _, err := apiclient.ParseScopes("events:read catalog:read"); err == nil {
			t.Error("the retired scope catalog:read was accepted")
		}
		form := url.Values{"grant_type": {"client_credentials"}, "scope": {"catalog:read"}}
		req, err := http.NewRequest("POST", f.url+"/api/oauth/token", strings.NewReader(form.Encode()))
		check(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(narrow.ClientID, narrow.Secret)
		if res, raw := f.validator.do(t, req); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(raw), "retired") {
			t.Errorf("token for catalog:read: %d %s, want 422 naming the retired scope", res.StatusCode, raw)
		}
		_, err = db.ExecContext(bg(), `UPDATE api_client SET scopes = 'catalog:read events:read' WHERE id = $1`, narrow.ID)
		check(t, err)
		c, err := apiclient.Get(bg(), db, narrow.ID)
		check(t, err)
		if !slices.Equal(c.Scopes, []apiclient.Scope{apiclient.EventsRead}) {
			t.Errorf("stored scopes load as %v, want only events:read", c.Scopes)
		}
		checkDocumentedPublic(t, f)
	})
}

// checkDocumentedPublic: in the served OpenAPI document every catalog
// operation is public (security [] and no required scope), every other
// operation but the token endpoint names a scope of apiclient.Scopes, and
// the OAuth2 scopes are exactly apiclient.Scopes.
func checkDocumentedPublic(t *testing.T, f *fx) {
	doc := f.validator.doc
	seen := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			scope, _ := op.Extensions["x-required-scope"].(string)
			public := slices.Contains(catalogOps, op.OperationID) || op.OperationID == "issueToken"
			seen[op.OperationID] = true
			switch {
			case public && (scope != "" || op.Security == nil || len(*op.Security) != 0):
				t.Errorf("%s %s (%s) is not documented as public: scope %q, security %v", method, path, op.OperationID, scope, op.Security)
			case !public && !slices.Contains(apiclient.Scopes(), apiclient.Scope(scope)):
				t.Errorf("%s %s (%s) requires %q, not a scope of apiclient.Scopes", method, path, op.OperationID, scope)
			}
		}
	}
	for _, op := range catalogOps {
		if !seen[op] {
			t.Errorf("catalog operation %s is not in the document", op)
		}
	}
	var documented []string
	for s := range doc.Components.SecuritySchemes["oauth2"].Value.Flows.ClientCredentials.Scopes {
		documented = append(documented, s)
	}
	var want []string
	for _, s := range apiclient.Scopes() {
		want = append(want, string(s))
	}
	slices.Sort(documented)
	slices.Sort(want)
	if !slices.Equal(documented, want) || slices.Contains(documented, "catalog:read") {
		t.Errorf("OAuth2 scopes in the document %v, want %v", documented, want)
	}
}
