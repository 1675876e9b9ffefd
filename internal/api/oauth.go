package api

import (
	"net/http"
	"strconv"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// TokenResponse is the OAuth2 access token response (RFC 6749 5.1).
type TokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
	Scope       string `json:"scope"`
}

// issueToken serves POST /api/oauth/token: the client credentials grant,
// with the credentials as HTTP Basic (client_secret_basic) or in the form
// (client_secret_post). Errors are problem details like the rest of the
// API. Requests are throttled per client_id and per source address
// (429 with Retry-After) before any secret is checked.
func (a *API) issueToken(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "client_credentials" {
		a.fail(w, r, fault.Fields("unsupported grant", fault.FieldError{Field: "grant_type", Key: "api.invalid.grant_type",
			Text: "grant_type must be client_credentials"}))
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if ok, wait := a.guard.Allow(id, r.RemoteAddr); !ok {
		// Before the secret is checked: guessing gets no answer at all.
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		writeProblem(w, Problem{Type: "/api/v1/problems/rate-limited", Title: "Too many requests",
			Status: http.StatusTooManyRequests, Detail: "too many token requests; retry after Retry-After"})
		return
	}
	c, err := apiclient.CheckSecret(r.Context(), a.d.DB, id, secret)
	if err == nil {
		if t, terr := a.tenantOf(r); terr != nil || t.ID != c.TenantID {
			err = fault.New(fault.Unauthorized, "invalid client credentials")
		}
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	scopes, err := apiclient.ParseScopes(r.PostForm.Get("scope"))
	if err != nil {
		a.fail(w, r, asField(err, "scope"))
		return
	}
	t, err := apiclient.IssueToken(r.Context(), a.d.DB, c, scopes)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	s := ""
	for i, x := range t.Scopes {
		if i > 0 {
			s += " "
		}
		s += string(x)
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, TokenResponse{AccessToken: t.AccessToken, TokenType: "Bearer",
		ExpiresIn: int(t.ExpiresIn.Seconds()), Scope: s})
}
