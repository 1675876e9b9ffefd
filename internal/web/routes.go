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

	// Back office (backoffice_*.go): inbox, case page with its actions,
	// the file's documents and export, statistics; staff only.
	s.mux.HandleFunc("GET /verwaltung", s.inbox)
	s.mux.HandleFunc("GET /verwaltung/statistik", s.statistics)
	// Tenant administration (admin_*.go): the tenant admin of the host's tenant only.
	s.mux.HandleFunc("GET /verwaltung/mandant", s.adminHome)
	s.mux.HandleFunc("GET /verwaltung/mandant/behoerden", s.adminAuthorities)
	s.mux.HandleFunc("GET /verwaltung/mandant/personal", s.adminStaff)
	s.mux.HandleFunc("GET /verwaltung/mandant/zustaendigkeiten", s.adminResponsibilities)
	s.mux.HandleFunc("GET /verwaltung/mandant/anpassungen", s.adminOverlays)
	s.mux.HandleFunc("GET /verwaltung/mandant/anpassungen/{procedure}", s.adminOverlay)
	s.mux.HandleFunc("POST /verwaltung/mandant/anpassungen/{procedure}", s.adminOverlaySave)
	s.mux.HandleFunc("GET /verwaltung/mandant/api-clients", s.adminClients)
	s.mux.HandleFunc("POST /verwaltung/mandant/api-clients", s.adminClientCreate)
	s.mux.HandleFunc("GET /verwaltung/mandant/webhooks", s.adminWebhooks)
	s.mux.HandleFunc("POST /verwaltung/mandant/webhooks", s.adminWebhookRedeliver)
	s.mux.HandleFunc("GET /verwaltung/mandant/auftraege", s.adminJobs)
	s.mux.HandleFunc("POST /verwaltung/mandant/auftraege", s.adminJobRetry)
	s.mux.HandleFunc("GET /verwaltung/vorgaenge/{ref}", s.showCase)
	s.mux.HandleFunc("POST /verwaltung/vorgaenge/{ref}/uebernehmen", s.claimCase)
	s.mux.HandleFunc("POST /verwaltung/vorgaenge/{ref}/zuweisen", s.assignCase)
	s.mux.HandleFunc("POST /verwaltung/vorgaenge/{ref}/status", s.moveCase)
	s.mux.HandleFunc("POST /verwaltung/vorgaenge/{ref}/vermerke", s.addNote)
	s.mux.HandleFunc("POST /verwaltung/vorgaenge/{ref}/nachforderungen", s.requestInfo)
	s.mux.HandleFunc("POST /verwaltung/vorgaenge/{ref}/abgeben", s.forwardCase)
	s.mux.HandleFunc("POST /verwaltung/vorgaenge/{ref}/loeschsperre", s.legalHold)
	s.mux.HandleFunc(caseMessageRoute, s.postMessage)
	s.mux.HandleFunc("GET /verwaltung/vorgaenge/{ref}/nachrichten/anlagen/{file}", s.messageFile)
	s.mux.HandleFunc("GET /verwaltung/vorgaenge/{ref}/akte/{doc}", s.downloadDocument)
	s.mux.HandleFunc("GET /verwaltung/vorgaenge/{ref}/akte/{doc}/vorschau", s.previewDocument)
	s.mux.HandleFunc("GET /verwaltung/vorgaenge/{ref}/akte/{doc}/inhalt", s.inlineDocument)
	s.mux.HandleFunc("GET /verwaltung/vorgaenge/{ref}/export", s.exportCase)
	s.mux.HandleFunc("POST /verwaltung/vorgaenge/{ref}/bescheide", s.draftNotice)
	s.mux.HandleFunc("POST /verwaltung/vorgaenge/{ref}/bescheide/{notice}", s.editNotice)
	s.mux.HandleFunc("GET /verwaltung/vorgaenge/{ref}/bescheide/{notice}/vorschau.pdf", s.previewNotice)
	s.mux.HandleFunc("POST /verwaltung/vorgaenge/{ref}/bescheide/{notice}/mitzeichnen", s.approveNotice)
	s.mux.HandleFunc("POST /verwaltung/vorgaenge/{ref}/bescheide/{notice}/versenden", s.sendNotice)
	// Public check of a notice (Bescheidprüfung).
	s.mux.HandleFunc("GET /bescheid-pruefen", s.verifyForm)
	s.mux.HandleFunc(verifyRoute, s.verifyNotice)

	// JSON API under /api/v1 (package api registers its own patterns).
	if s.d.API != nil {
		s.d.API.Mount(s.mux.ServeMux)
	}
}
