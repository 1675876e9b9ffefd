package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// authenticate wraps an operation that needs a client: bearer credential
// (API key or access token), the client's tenant must serve the host, the
// scope of the route, the client's rate limit; after the handler, the
// call is audited with client, operation, object id and status.
func (a *API) authenticate(rt route) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || a.d.Integration == nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="amtsweg"`)
			a.fail(w, r, fault.New(fault.Unauthorized, "a bearer API key or access token is required"))
			return
		}
		c, err := apiclient.Authenticate(r.Context(), a.d.DB, strings.TrimSpace(bearer))
		if err == nil {
			if t, terr := a.tenantOf(r); terr != nil || t.ID != c.TenantID {
				err = fault.New(fault.Unauthorized, "this client does not belong to the tenant of this host")
			}
		}
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="amtsweg", error="invalid_token"`)
			a.fail(w, r, err)
			return
		}
		if ok, wait := a.d.Limiter.Allow(c); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
			writeProblem(w, Problem{Type: "/api/v1/problems/rate-limited", Title: "Too many requests",
				Status: http.StatusTooManyRequests, Detail: "rate limit of " + strconv.Itoa(c.RatePerMin) + " requests per minute exceeded"})
			return
		}
		if !c.Has(rt.scope) {
			a.auditCall(r, c, rt, http.StatusForbidden)
			a.fail(w, r, fault.New(fault.Forbidden, "this operation needs the scope %s", rt.scope))
			return
		}
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		rt.authed(sw, r, c)
		a.auditCall(r, c, rt, sw.status)
	}
}

// auditCall writes the audit entry of one API call (the object is the
// path's id, if any).
func (a *API) auditCall(r *http.Request, c apiclient.Client, rt route, status int) {
	err := a.d.DB.Tx(r.Context(), func(tx *store.Tx) error {
		return audit.Append(r.Context(), tx, audit.Entry{TenantID: int64(c.TenantID), Actor: c.Actor(),
			Action: "api." + rt.id, ObjectType: "api", ObjectID: r.PathValue("id"),
			Details: map[string]any{"client": c.ClientID, "status": status, "method": r.Method}})
	})
	if err != nil {
		a.d.Log.Error("api: audit failed", "op", rt.id, "err", err)
	}
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}
