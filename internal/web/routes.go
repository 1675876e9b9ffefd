package web

// routes lists every route of the server, with method and pattern. The
// pattern is also the label of the route's metrics and access log lines.
func (s *Server) routes() {
	// Operations: exempt from the overload limit (see limitInflight).
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.HandleFunc("GET /readyz", s.readyz)
	s.mux.Handle("GET /metrics", s.metricsHere(s.metrics.handler()))

	s.mux.HandleFunc("GET /static/{version}/{file...}", s.site.Static)
	s.portal.Routes(s.mux) // home, legal pages, language switch, catalog (package portal)

	// Online application (Antrag, package web/apply).
	s.apply.Routes(s.mux)

	// Accounts: sign-up, login (password, second factor, OpenID Connect),
	// links from e-mails, and "Mein Konto" (package web/account).
	s.account.Routes(s.mux)

	// Mailbox (Postfach, package web/mailbox): an account's overview and
	// threads, a guest's thread through the secret link, and the guest's
	// link from the application.
	s.mailbox.Routes(s.mux)
	s.apply.GuestMailboxRoutes(s.mux)

	s.backoffice.Routes(s.mux) // back office and the public notice check (package backoffice)
	s.admin.Routes(s.mux)      // tenant administration (package admin)
}
