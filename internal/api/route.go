package api

import (
	"net/http"
	"reflect"

	"github.com/amtsweg/amtsweg/internal/apiclient"
)

// route is one operation of the API. The table (routes) both registers the
// handlers on the mux and produces the OpenAPI document (openapi.go), so
// the document cannot drift from what is served: path, method, scope,
// parameters, and the Go types of request and response bodies.
type route struct {
	method, path string
	id, summary  string
	// scope is required of the caller; "" marks a public operation.
	scope  apiclient.Scope
	params []param
	// body is the request body: a Go type for JSON, or mediaType alone.
	body *body
	// ok is the success response.
	ok response
	// public serves a public operation, authed one that needs a client.
	public http.HandlerFunc
	authed func(w http.ResponseWriter, r *http.Request, c apiclient.Client)
}

type param struct {
	name, in, description string
	typ                   string // string, integer, boolean
	required              bool
	enum                  []string
}

type body struct {
	mediaType string
	typ       reflect.Type // nil: binary
	// form lists the fields of an application/x-www-form-urlencoded body.
	form []param
}

type response struct {
	status    int
	mediaType string       // default application/json
	typ       reflect.Type // nil: binary, or no content for 204
	// alt are other representations of the same response, chosen by the
	// request (content negotiation): media type and Go type.
	alt []response
}

func pathID(name, what string) param {
	return param{name: name, in: "path", description: what, typ: "integer", required: true}
}

func query(name, typ, what string) param {
	return param{name: name, in: "query", description: what, typ: typ}
}

func jsonOf[T any](status int) response {
	return response{status: status, mediaType: "application/json", typ: reflect.TypeFor[T]()}
}

func jsonBody[T any]() *body {
	return &body{mediaType: "application/json", typ: reflect.TypeFor[T]()}
}

// Handler returns the API's own mux with every route (Mount); the web
// serves it beside the pages under /api/ (web.Server.WithAPI).
func (a *API) Handler() *http.ServeMux {
	mux := http.NewServeMux()
	a.Mount(mux)
	return mux
}

// Mount registers every route of the API on mux, each with its full
// pattern (the pattern labels the route's metrics and access log lines).
func (a *API) Mount(mux *http.ServeMux) {
	for _, rt := range a.routes() {
		h := rt.public
		if rt.authed != nil {
			h = a.authenticate(rt)
		}
		mux.HandleFunc(rt.method+" "+rt.path, h)
	}
	mux.HandleFunc("GET /api/openapi.json", a.serveOpenAPI)
	mux.HandleFunc("/api/v1/", a.notFound)
}
