package web

import (
	"net/http"

	webapply "github.com/amtsweg/amtsweg/internal/web/apply"
	"github.com/amtsweg/amtsweg/internal/web/backoffice"
	webmailbox "github.com/amtsweg/amtsweg/internal/web/mailbox"
)

// limitBody caps every request body at Deps.MaxBody bytes; reading past it
// fails with *http.MaxBytesError, which s.fail shows as 413. Routes in
// ownBodyLimit (form pages with uploads) set their own limit instead,
// once they know who asks and how much may come.
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.d.MaxBody > 0 && r.Body != nil && !ownBodyLimit[r.Pattern] {
			r.Body = http.MaxBytesReader(w, r.Body, s.d.MaxBody)
		}
		next.ServeHTTP(w, r)
	})
}

// ownBodyLimit lists the routes that limit their request bodies themselves
// because they take files: form pages, mailbox replies, the notice check,
// staff messages to the applicant.
var ownBodyLimit = map[string]bool{
	webapply.PageRoute:         true,
	webmailbox.ReplyRoute:      true,
	webmailbox.GuestReplyRoute: true,
	backoffice.VerifyRoute:     true,
	backoffice.MessageRoute:    true,
}
