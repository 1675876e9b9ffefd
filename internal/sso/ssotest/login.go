package ssotest

import (
	"html/template"
	"net/http"

	"github.com/zitadel/oidc/v3/pkg/op"
)

// loginForm is the provider's login page: plain, labelled HTML so a test
// can fill it in Chromium as well as post it.
var loginForm = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test-eID login</title></head>
<body><main><h1>Test-eID</h1>
{{with .Error}}<p role="alert" id="error">{{.}}</p>{{end}}
<form method="post" action="/login/username">
<input type="hidden" name="id" value="{{.ID}}">
<p><label for="username">User name</label> <input id="username" name="username" autocomplete="username"></p>
<p><label for="password">Password</label> <input id="password" name="password" type="password"></p>
<p><label for="acr">Method</label> <select id="acr" name="acr">
{{range .Methods}}<option value="{{.}}">{{.}}</option>{{end}}</select></p>
<p><button type="submit" id="login">Log in</button></p>
</form></main></body></html>`))

type loginPage struct {
	ID, Error string
	Methods   []string // requested methods first: the default choice
}

// login serves the login step (GET shows the form for ?authRequestID=,
// POST completes the request and returns to the OP's callback).
func (p *Provider) login(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet {
		id := r.URL.Query().Get("authRequestID")
		p.showLogin(w, loginPage{ID: id, Methods: p.methodsFor(id)}, http.StatusOK)
		return
	}
	id, acr := r.PostFormValue("id"), r.PostFormValue("acr")
	if acr == "" {
		acr = p.methodsFor(id)[0]
	}
	if err := p.store.finish(id, r.PostFormValue("username"), r.PostFormValue("password"), acr); err != nil {
		p.showLogin(w, loginPage{ID: id, Error: err.Error(), Methods: p.methodsFor(id)}, http.StatusUnauthorized)
		return
	}
	http.Redirect(w, r, op.AuthCallbackURL(p.op)(r.Context(), id), http.StatusFound)
}

func (p *Provider) showLogin(w http.ResponseWriter, page loginPage, status int) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	loginForm.Execute(w, page)
}

// methodsFor lists the methods offered for request id: the requested
// acr_values first, then the others.
func (p *Provider) methodsFor(id string) []string {
	out := append([]string(nil), p.store.acrValues(id)...)
	for _, m := range p.methods {
		found := false
		for _, o := range out {
			found = found || o == m
		}
		if !found {
			out = append(out, m)
		}
	}
	return out
}
