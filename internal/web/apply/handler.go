// Package apply serves the online application (Antrag) pages: a
// procedure's intro and start, the guest's resume link, the draft's form
// pages with uploads, review, submission and receipt, and the guest's way
// into the mailbox of a submitted application (/antraege/{id}/postfach).
package apply

import (
	"context"
	"log/slog"
	"net/http"
	"sync"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/catalog/live"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/mailbox"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/sso"
	"github.com/amtsweg/amtsweg/internal/tenant"
	"github.com/amtsweg/amtsweg/internal/web/site"
	"github.com/amtsweg/amtsweg/internal/web/waitroom"
)

// Deps are what the application pages need.
type Deps struct {
	Blobs blob.Store
	// Directory finds the places (regions) of the form's place fields.
	Directory *catalog.Directory
	// Overlays give the tenant's effective form of a procedure.
	Overlays *procedure.Overlays
	// Apply is the application workflow; nil answers the pages with 404.
	Apply *apply.Service
	// Mailbox is the applicant's mailbox; the guest's mailbox link needs it.
	Mailbox *mailbox.Service
	// Catalog names the service of a receipt.
	Catalog *live.Catalog
	// Mailer sends the guest's confirmation.
	Mailer *mail.Mailer
	// SSO is the external OpenID Connect provider; nil offers none.
	SSO *sso.Provider
	// MaxBody is the body limit of a form page without files.
	MaxBody int64
	// Waitroom is the submissions' waiting room (apply_waitroom.go); nil
	// sends its address to the review.
	Waitroom *waitroom.Room
}

// Handler serves the application pages.
type Handler struct {
	site *site.Site
	d    Deps
	log  *slog.Logger
	msgs *i18n.Catalog
	// forms remembers which procedure version each draft this process
	// showed fills, to draw its form again in an outage (apply_crisis.go).
	forms sync.Map
}

// New returns the application pages' handler.
func New(s *site.Site, d Deps) *Handler {
	return &Handler{site: s, d: d, log: s.Log, msgs: s.Msgs()}
}

// Routes registers the application pages on mux: intro and start per
// procedure, the guest resume link, then the draft's pages, review,
// submit, receipt and the guest's mailbox link.
func (s *Handler) Routes(mux site.Mux) {
	mux.HandleFunc("GET /antrag/{procedure}", s.applyIntro)
	mux.HandleFunc("POST /antrag/{procedure}", s.startApplication)
	mux.HandleFunc("GET /antrag/fortsetzen/{secret}", s.resumeDraft)
	mux.HandleFunc("GET /antraege/{id}/seiten/{page}", s.showPage)
	mux.HandleFunc(PageRoute, s.savePage)  // own body limit: uploads
	s.site.KeepForm(PageRoute, s.keepPage) // the form again with what was typed when the database is gone
	mux.HandleFunc("GET /antraege/{id}/gespeichert", s.showSaved)
	mux.HandleFunc("POST /antraege/{id}/link/neu", s.renewLink)
	mux.HandleFunc("POST /antraege/{id}/link/widerrufen", s.revokeLink)
	mux.HandleFunc("GET /antraege/{id}/pruefen", s.showReview)
	mux.HandleFunc("POST /antraege/{id}/einreichen", s.submitApplication)
	mux.HandleFunc("GET /antraege/{id}/warteraum", s.waitingRoom)
	mux.HandleFunc("GET /antraege/{id}/eingangsbestaetigung", s.showReceipt)
	mux.HandleFunc("GET /antraege/{id}/eingangsbestaetigung.pdf", s.receiptPDF)
}

// GuestMailboxRoutes registers the guest's way into the mailbox of a
// submitted application; the mailbox pages register theirs first.
func (s *Handler) GuestMailboxRoutes(mux site.Mux) {
	mux.HandleFunc("GET /antraege/{id}/postfach", s.mailboxGuest)
	mux.HandleFunc("POST /antraege/{id}/postfach", s.mailboxGuestPost)
}

// DraftPath is the path of application id's pages.
func DraftPath(id int64) string { return draftPath(id) }

// DraftID reads the application id of the path ({id}); a malformed one
// is fault.NotFound.
func DraftID(r *http.Request) (int64, error) { return draftID(r) }

// The helpers below keep the handlers' calls short (s.render, s.fail, ...).

type view = site.View

func (s *Handler) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	s.site.Render(w, r, status, page, data)
}

func (s *Handler) fail(w http.ResponseWriter, r *http.Request, err error) { s.site.Fail(w, r, err) }

func (s *Handler) newView(r *http.Request, data any) view          { return s.site.NewView(r, data) }
func (s *Handler) lang(r *http.Request) i18n.Lang                  { return s.site.Lang(r) }
func (s *Handler) tenant(r *http.Request) (tenant.ID, bool)        { return s.site.Tenant(r) }
func (s *Handler) tenantOf(r *http.Request) (tenant.Tenant, error) { return s.site.TenantOf(r) }
func (s *Handler) overTLS(r *http.Request) bool                    { return s.site.OverTLS(r) }
func (s *Handler) hostURL(r *http.Request) string                  { return s.site.HostURL(r) }
func (s *Handler) baseURL(r *http.Request) string                  { return s.site.BaseURL(r) }
func (s *Handler) session(r *http.Request) (site.Session, bool)    { return s.site.Session(r) }
func (s *Handler) sessionSatisfies(r *http.Request, level string) (site.Session, bool) {
	return s.site.SessionSatisfies(r, level)
}
func (s *Handler) askLogin(w http.ResponseWriter, r *http.Request, title, level string) {
	s.site.AskLogin(w, r, title, level)
}
func errBadRequest(msg string) error       { return site.ErrBadRequest(msg) }
func requestID(ctx context.Context) string { return site.RequestID(ctx) }
