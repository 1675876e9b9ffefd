// Package demoidp is the demo eID: an OpenID Connect provider inside the
// binary, for demo mode only (serve --demo without --oidc-issuer), so a
// visitor can try the procedures that need an eID login. The visitor
// picks one of a few test persons (Persons) and the assurance level the
// login should reach; no real identity is checked, and every page says so.
//
// It speaks real OpenID Connect through github.com/zitadel/oidc/v3/pkg/op
// (discovery, authorization code flow with PKCE S256, ID tokens signed
// with a key made at start and published as JWKS, nonce, the acr claim),
// and the portal logs in through it with the same code every real
// provider uses (package sso, web/account's OIDC login).
//
// Why our own storage and not zitadel's example/server/storage: the
// example keeps authorization requests and codes without any lifetime,
// ships hard-coded users, service accounts with keys, refresh tokens,
// device and token-exchange flows; none of that belongs in a production
// binary. storage.go is the small part a code flow needs, in memory:
// authorization requests live ten minutes, a code one minute and only
// once, access tokens five minutes; the signing key (ECDSA P-256) is made
// at start and never leaves the process. Memory is fine for a demo, but
// it means one process: a login begun on one of several processes behind
// a load balancer does not finish on another.
//
// The provider lives on the portal's own path Prefix (/demo-eid/). Its
// issuer is the portal's public URL plus Prefix; the portal's back
// channel (discovery, token, JWKS, userinfo) does not go over the network
// but through Transport, an http.RoundTripper that serves those requests
// from the provider's handler in-process, so it works behind any
// --base-url and proxy. The browser's front channel (authorization, the
// login page) is served on whatever host the browser is on: sso.Config's
// PortalHosted moves the authorization URL to the host of the redirect
// URI, which is the request's own host, so tenants on their own host names
// log in on their own host, and the provider only sends a code back to
// the host the authorization request came to (sameHost).
package demoidp
