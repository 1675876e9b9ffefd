// Package backoffice serves the back office (Verwaltung) of an authority's
// staff: the inbox, the case page with its actions, the file's documents
// and export, messages to the applicant, notices, statistics, and the
// public check of a notice (Bescheidprüfung). Every /verwaltung route is
// behind the Staff guard (guard.go); handlers translate requests into
// calls of package casework and hold no rules.
package backoffice

import (
	"net/http"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/mailbox"
	"github.com/amtsweg/amtsweg/internal/tenant"
	"github.com/amtsweg/amtsweg/internal/web/site"
)

// Deps are what the back office needs.
type Deps struct {
	// Cases is the case processing; nil answers every page with 404.
	Cases *casework.Service
	// Mailbox carries messages between staff and applicant; nil leaves
	// the case page without messages.
	Mailbox *mailbox.Service
	// Apply, when set, shows a submission's answers with the places'
	// names; nil shows their codes.
	Apply *apply.Service
	// Directory names the tenant's authorities.
	Directory *catalog.Directory
}

// Handler serves the back office pages.
type Handler struct {
	site *site.Site
	d    Deps
	msgs *i18n.Catalog
}

// New returns the back office's handler.
func New(s *site.Site, d Deps) *Handler { return &Handler{site: s, d: d, msgs: s.Msgs()} }

// MessageRoute and VerifyRoute limit their request bodies themselves
// (they take files); package web's body limit leaves them alone.
const (
	MessageRoute = caseMessageRoute
	VerifyRoute  = verifyRoute
)

// Routes registers the back office's routes on mux: inbox, case page with
// its actions, the file's documents and export, statistics, all for staff
// only (the Staff guard); and the public notice check.
func (s *Handler) Routes(mux site.Mux) {
	mux.HandleFunc("GET /verwaltung", s.Staff(s.inbox))
	mux.HandleFunc(bulkRoute, s.Staff(s.bulk))
	mux.HandleFunc("GET /verwaltung/statistik", s.Staff(s.statistics))
	mux.HandleFunc("GET /verwaltung/vorgaenge/{ref}", s.Staff(s.showCase))
	mux.HandleFunc("POST /verwaltung/vorgaenge/{ref}/uebernehmen", s.Staff(s.claimCase))
	mux.HandleFunc("POST /verwaltung/vorgaenge/{ref}/zuweisen", s.Staff(s.assignCase))
	mux.HandleFunc("POST /verwaltung/vorgaenge/{ref}/status", s.Staff(s.moveCase))
	mux.HandleFunc("POST /verwaltung/vorgaenge/{ref}/vermerke", s.Staff(s.addNote))
	mux.HandleFunc("POST /verwaltung/vorgaenge/{ref}/nachforderungen", s.Staff(s.requestInfo))
	mux.HandleFunc("POST /verwaltung/vorgaenge/{ref}/abgeben", s.Staff(s.forwardCase))
	mux.HandleFunc("POST /verwaltung/vorgaenge/{ref}/loeschsperre", s.Staff(s.legalHold))
	mux.HandleFunc(caseMessageRoute, s.Staff(s.postMessage))
	mux.HandleFunc("GET /verwaltung/vorgaenge/{ref}/nachrichten/anlagen/{file}", s.Staff(s.messageFile))
	mux.HandleFunc("GET /verwaltung/vorgaenge/{ref}/akte/{doc}", s.Staff(s.downloadDocument))
	mux.HandleFunc("GET /verwaltung/vorgaenge/{ref}/akte/{doc}/vorschau", s.Staff(s.previewDocument))
	mux.HandleFunc("GET /verwaltung/vorgaenge/{ref}/akte/{doc}/inhalt", s.Staff(s.inlineDocument))
	mux.HandleFunc("GET /verwaltung/vorgaenge/{ref}/export", s.Staff(s.exportCase))
	s.noticeRoutes(mux) // notice.go
	// Public check of a notice (Bescheidprüfung).
	mux.HandleFunc("GET /bescheid-pruefen", s.verifyForm)
	mux.HandleFunc(verifyRoute, s.verifyNotice)
}

// The helpers below keep the handlers' calls short (s.render, s.fail, ...).

type fileLink = site.FileLink

func (s *Handler) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	s.site.Render(w, r, status, page, data)
}

func (s *Handler) fail(w http.ResponseWriter, r *http.Request, err error) { s.site.Fail(w, r, err) }

func (s *Handler) lang(r *http.Request) i18n.Lang           { return s.site.Lang(r) }
func (s *Handler) tenant(r *http.Request) (tenant.ID, bool) { return s.site.Tenant(r) }
func statusOf(err error) int                                { return site.StatusOf(err) }

const (
	maxFormValue = site.MaxFormValue
	maxFormParts = site.MaxFormParts
	formSlack    = site.FormSlack
)

func byteSize(lang string, n int64) string { return site.ByteSize(lang, n) }
func errBadRequest(msg string) error       { return site.ErrBadRequest(msg) }
func download(w http.ResponseWriter, mediaType, name string, size int64) {
	site.Download(w, mediaType, name, size)
}
