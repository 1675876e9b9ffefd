package admin

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/tenant"
	"github.com/amtsweg/amtsweg/internal/web/site"
)

// clientsPage is the data of admin_clients.html: the tenant's API
// clients, the create form and, right after creating, the new client
// with its secret (shown this once, never stored in clear).
type clientsPage struct {
	Clients     []apiclient.Client
	Authorities []catalog.Authority
	Scopes      []apiclient.Scope
	Created     *apiclient.Created
	Error       string // message key of a refused form
	Name        string
	// FormatSwitched: a client's webhook format was switched (after the
	// redirect); FormatError: the client whose switch was refused.
	FormatSwitched bool
	FormatError    int64
	// Sunset is the day the deprecated webhook format ends, in the
	// reader's format (events.EnvelopeSunset, as the Sunset header says).
	Sunset string
}

// adminClients shows GET /verwaltung/mandant/api-clients.
func (s *Handler) adminClients(w http.ResponseWriter, r *http.Request) {
	staff := staffFrom(r)
	s.showClients(w, r, staff.TenantID, http.StatusOK, clientsPage{FormatSwitched: r.URL.Query().Get("hinweis") == "format"})
}

// adminClientCreate handles POST /verwaltung/mandant/api-clients:
// apiclient.Create checks the input (name, scopes, the authority being
// the tenant's); the answer is the list with the secret, not a redirect,
// because the secret must not travel in a URL and is shown only once.
func (s *Handler) adminClientCreate(w http.ResponseWriter, r *http.Request) {
	staff := staffFrom(r)
	p := clientsPage{Name: r.PostFormValue("name")}
	var scopes []apiclient.Scope
	for _, v := range r.PostForm["scope"] {
		scopes = append(scopes, apiclient.Scope(v))
	}
	authority, _ := strconv.ParseInt(r.PostFormValue("authority"), 10, 64)
	in := apiclient.New{TenantID: staff.TenantID, AuthorityID: authority, Name: p.Name, Scopes: scopes}
	if _, err := apiclient.ParseScopes(strings.Join(r.PostForm["scope"], " ")); err != nil {
		p.Error = "admin.clients.invalid"
	} else if c, err := s.d.Clients.Create(r.Context(), actorOf(staff.AccountID), in); err != nil {
		if !fault.Is(err, fault.Invalid) {
			s.fail(w, r, err)
			return
		}
		p.Error = "admin.clients.invalid"
	} else {
		p.Created, p.Name = &c, ""
	}
	w.Header().Set("Cache-Control", "no-store")
	status := http.StatusOK
	if p.Error != "" {
		status = http.StatusUnprocessableEntity
	}
	s.showClients(w, r, staff.TenantID, status, p)
}

// showClients renders the clients page with the tenant's lists.
func (s *Handler) showClients(w http.ResponseWriter, r *http.Request, tenantID tenant.ID, status int, p clientsPage) {
	var err error
	if p.Clients, err = s.d.Clients.List(r.Context(), tenantID); err == nil {
		p.Authorities, err = s.d.Directory.Authorities(r.Context(), tenantID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Scopes = apiclient.Scopes()
	p.Sunset = site.FormatDate(s.site.Lang(r), events.EnvelopeSunset)
	s.renderAdmin(w, r, status, "admin_clients", "clients", p)
}
