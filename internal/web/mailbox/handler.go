// Package mailbox serves the applicant's mailbox (Postfach): an
// account's overview and threads, a guest's thread through the secret
// link, replies with files, and the downloads of attachments, notices
// and the receipt.
package mailbox

import (
	"net/http"
	"time"

	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/mailbox"
	"github.com/amtsweg/amtsweg/internal/tenant"
	webapply "github.com/amtsweg/amtsweg/internal/web/apply"
	"github.com/amtsweg/amtsweg/internal/web/site"
)

// Deps are what the mailbox pages need.
type Deps struct {
	// Mailbox is the mailbox service; nil answers the pages with 404.
	Mailbox *mailbox.Service
}

// Handler serves the mailbox pages.
type Handler struct {
	site *site.Site
	d    Deps
}

// New returns the mailbox pages' handler.
func New(s *site.Site, d Deps) *Handler { return &Handler{site: s, d: d} }

// Routes registers the mailbox pages on mux.
func (s *Handler) Routes(mux site.Mux) {
	mux.HandleFunc("GET /postfach", s.mailboxList)
	mux.HandleFunc("GET /postfach/{id}", s.mailboxThread)
	mux.HandleFunc(ReplyRoute, s.mailboxReply)
	mux.HandleFunc("GET /postfach/{id}/anlagen/{ref}", s.mailboxFile)
	mux.HandleFunc("GET /postfach/{id}/bescheide/{notice}", s.mailboxNotice)
	mux.HandleFunc("GET /postfach/gast/{secret}", s.mailboxThread)
	mux.HandleFunc(GuestReplyRoute, s.mailboxReply)
	mux.HandleFunc("GET /postfach/gast/{secret}/anlagen/{ref}", s.mailboxFile)
	mux.HandleFunc("GET /postfach/gast/{secret}/bescheide/{notice}", s.mailboxNotice)
	mux.HandleFunc("GET /postfach/gast/{secret}/antrag/eingangsbestaetigung.pdf", s.mailboxReceipt)
}

// The helpers below keep the handlers' calls short (s.render, s.fail, ...).

func (s *Handler) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	s.site.Render(w, r, status, page, data)
}

func (s *Handler) fail(w http.ResponseWriter, r *http.Request, err error) { s.site.Fail(w, r, err) }

func (s *Handler) lang(r *http.Request) i18n.Lang               { return s.site.Lang(r) }
func (s *Handler) tenant(r *http.Request) (tenant.ID, bool)     { return s.site.Tenant(r) }
func (s *Handler) session(r *http.Request) (site.Session, bool) { return s.site.Session(r) }
func (s *Handler) formatTime(r *http.Request, t time.Time) string {
	return site.FormatTime(s.lang(r), t)
}
func errBadRequest(msg string) error                    { return site.ErrBadRequest(msg) }
func byteSize(lang string, n int64) string              { return site.ByteSize(lang, n) }
func loginFirst(w http.ResponseWriter, r *http.Request) { site.LoginFirst(w, r) }
func draftPath(id int64) string                         { return webapply.DraftPath(id) }
func download(w http.ResponseWriter, mediaType, name string, size int64) {
	site.Download(w, mediaType, name, size)
}

const formSlack = site.FormSlack
