package api

import (
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/events"
)

// OpenAPI returns the OpenAPI 3.1 document of the API, built from the
// route table and the Go types the handlers encode.
func (a *API) OpenAPI() map[string]any {
	s := newSchemas()
	problem := map[string]any{"application/problem+json": map[string]any{"schema": s.of(reflect.TypeFor[Problem]())}}
	paths := map[string]any{}
	for _, rt := range a.routes() {
		item, _ := paths[rt.path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[rt.path] = item
		}
		item[strings.ToLower(rt.method)] = operation(s, rt, problem)
	}
	scopes := map[string]any{}
	for _, sc := range apiclient.Scopes() {
		scopes[string(sc)] = string(sc)
	}
	eventTypes, ceTypes := []string{}, []string{}
	for _, t := range events.Types() {
		eventTypes = append(eventTypes, string(t))
		ceTypes = append(ceTypes, t.CloudEventType())
	}
	s.of(reflect.TypeFor[events.Event]())
	s.defs["Event"]["properties"].(map[string]any)["type"] = map[string]any{"type": "string", "enum": eventTypes}
	s.defs["CloudEvent"]["properties"].(map[string]any)["type"] = map[string]any{"type": "string", "enum": ceTypes}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "amtsweg API", "version": "1",
			"description": "Catalog, submissions, cases and events of an amtsweg Leistungsportal. " +
				"The catalog operations are public (no credential, no scope), like the portal's catalog pages; " +
				"the others need a client credential with the scope each names. Errors are RFC 9457 problem details."},
		"paths": paths,
		"components": map[string]any{
			"schemas": s.defs,
			"securitySchemes": map[string]any{
				"apiKey": map[string]any{"type": "http", "scheme": "bearer", "description": "API key aw_<client id>.<secret>"},
				"oauth2": map[string]any{"type": "oauth2", "flows": map[string]any{"clientCredentials": map[string]any{
					"tokenUrl": "/api/oauth/token", "scopes": scopes}}},
			},
		},
	}
}

func operation(s *schemas, rt route, problem map[string]any) map[string]any {
	op := map[string]any{"operationId": rt.id, "summary": rt.summary}
	var params []any
	for _, p := range rt.params {
		params = append(params, map[string]any{"name": p.name, "in": p.in, "required": p.required,
			"description": p.description, "schema": paramSchema(p)})
	}
	if len(params) > 0 {
		op["parameters"] = params
	}
	if rt.body != nil {
		op["requestBody"] = map[string]any{"required": true, "content": map[string]any{rt.body.mediaType: map[string]any{"schema": bodySchema(s, rt.body)}}}
	}
	ok := map[string]any{"description": "success"}
	mt := rt.ok.mediaType
	if rt.ok.typ != nil {
		content := map[string]any{mt: map[string]any{"schema": s.of(rt.ok.typ)}}
		for _, alt := range rt.ok.alt {
			content[alt.mediaType] = map[string]any{"schema": s.of(alt.typ)}
		}
		ok["content"] = content
	} else if mt != "" {
		ok["content"] = map[string]any{mt: map[string]any{"schema": map[string]any{"type": "string", "contentMediaType": mt}}}
	}
	responses := map[string]any{strconv.Itoa(rt.ok.status): ok,
		"default": map[string]any{"description": "problem details (RFC 9457)", "content": problem}}
	if rt.scope != "" {
		responses["401"] = map[string]any{"description": "no or invalid credential", "content": problem}
		responses["403"] = map[string]any{"description": "the credential lacks the scope " + string(rt.scope), "content": problem}
		responses["429"] = map[string]any{"description": "rate limit exceeded", "content": problem}
		op["security"] = []any{map[string]any{"apiKey": []string{}}, map[string]any{"oauth2": []string{string(rt.scope)}}}
		op["x-required-scope"] = string(rt.scope)
	} else {
		op["security"] = []any{} // public: no credential needed, none is looked at (apiclient.Scope)
		responses["503"] = map[string]any{"description": "the server is busy (too many requests in flight); retry after Retry-After"}
	}
	if rt.id == "issueToken" {
		responses["429"] = map[string]any{"description": "too many token requests for this client_id or from this address; retry after Retry-After", "content": problem}
	}
	op["responses"] = responses
	return op
}

func paramSchema(p param) map[string]any {
	sch := map[string]any{"type": p.typ}
	if len(p.enum) > 0 {
		sch["enum"] = p.enum
	}
	return sch
}

func bodySchema(s *schemas, b *body) map[string]any {
	switch {
	case b.typ != nil:
		return s.of(b.typ)
	case b.form != nil:
		props, req := map[string]any{}, []string{}
		for _, p := range b.form {
			props[p.name] = paramSchema(p)
			if p.required {
				req = append(req, p.name)
			}
		}
		slices.Sort(req)
		return map[string]any{"type": "object", "properties": props, "required": req}
	}
	return map[string]any{"type": "string", "contentMediaType": b.mediaType}
}

// serveOpenAPI serves GET /api/openapi.json.
func (a *API) serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, a.OpenAPI())
}
