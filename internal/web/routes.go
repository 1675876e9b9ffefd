package web

// routes lists every route of the server, with method and pattern. The
// pattern is also the label of the route's metrics and access log lines.
func (s *Server) routes() {
	// Operations: exempt from the overload limit (see limitInflight).
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.HandleFunc("GET /readyz", s.readyz)
	s.mux.Handle("GET /metrics", s.metricsHere(s.metrics.handler()))

	s.mux.HandleFunc("GET /static/{version}/{file...}", s.static)
	s.mux.HandleFunc("GET /static/tenant/{file}", s.tenantStylesheet) // tenant theme (tenant_branding.go)

	// Portal pages.
	s.mux.HandleFunc("GET /{$}", s.home)
	s.mux.HandleFunc("POST /sprache", s.switchLanguage)
	s.mux.HandleFunc("GET /impressum", s.textPage("imprint"))
	s.mux.HandleFunc("GET /datenschutz", s.textPage("privacy"))
	s.mux.HandleFunc("GET /barrierefreiheit", s.textPage("accessibility"))
	s.mux.HandleFunc("GET /datenquellen", s.sources)

	// Service catalog.
	s.mux.HandleFunc("GET /suche", s.search)
	s.mux.HandleFunc("GET /leistungen/{key}", s.service)
	s.mux.HandleFunc("GET /behoerden/{id}", s.authority)
	s.mux.HandleFunc("GET /themen/{slug}", s.topic)
	s.mux.HandleFunc("GET /lebenslagen/{slug}", s.situation)
	// Public and read-only (coverage.go).
	s.mux.HandleFunc("GET /abdeckung", s.coverage)

	// Online application (Antrag): intro and start per procedure, the
	// guest resume link, then the draft's pages, review, submit, receipt.
	s.mux.HandleFunc("GET /antrag/{procedure}", s.applyIntro)
	s.mux.HandleFunc("POST /antrag/{procedure}", s.startApplication)
	s.mux.HandleFunc("GET /antrag/fortsetzen/{secret}", s.resumeDraft)
	s.mux.HandleFunc("GET /antraege/{id}/seiten/{page}", s.showPage)
	s.mux.HandleFunc(applyPageRoute, s.savePage) // own body limit: uploads
	s.mux.HandleFunc("GET /antraege/{id}/gespeichert", s.showSaved)
	s.mux.HandleFunc("POST /antraege/{id}/link/neu", s.renewLink)
	s.mux.HandleFunc("POST /antraege/{id}/link/widerrufen", s.revokeLink)
	s.mux.HandleFunc("GET /antraege/{id}/pruefen", s.showReview)
	s.mux.HandleFunc("POST /antraege/{id}/einreichen", s.submitApplication)
	s.mux.HandleFunc("GET /antraege/{id}/eingangsbestaetigung", s.showReceipt)
	s.mux.HandleFunc("GET /antraege/{id}/eingangsbestaetigung.pdf", s.receiptPDF)

	// Accounts: sign-up, login (password, second factor, OpenID Connect),
	// links from e-mails, and "Mein Konto" (account_*.go).
	s.mux.HandleFunc("GET /registrieren", s.signup)
	s.mux.HandleFunc("POST /registrieren", s.signupPost)
	s.mux.HandleFunc("GET /registrieren/gesendet", s.signupSent)
	s.mux.HandleFunc("GET /registrieren/bestaetigen", s.verifyEmail)
	s.mux.HandleFunc("POST /registrieren/bestaetigen", s.verifyEmailPost)
	s.mux.HandleFunc("GET /anmelden", s.login)
	s.mux.HandleFunc("POST /anmelden", s.loginPost)
	s.mux.HandleFunc("GET /anmelden/code", s.loginCode)
	s.mux.HandleFunc("POST /anmelden/code", s.loginCodePost)
	s.mux.HandleFunc("GET /anmelden/oidc", s.oidcStart)
	s.mux.HandleFunc("GET /anmelden/oidc/antwort", s.oidcCallback)
	s.mux.HandleFunc("POST /abmelden", s.logout)
	s.mux.HandleFunc("GET /passwort-vergessen", s.resetRequest)
	s.mux.HandleFunc("POST /passwort-vergessen", s.resetRequestPost)
	s.mux.HandleFunc("GET /passwort-neu", s.resetPassword)
	s.mux.HandleFunc("POST /passwort-neu", s.resetPasswordPost)
	s.mux.HandleFunc("GET /konto", s.accountHome)
	s.mux.HandleFunc("POST /konto/entwuerfe/{id}/loeschen", s.deleteDraft)
	s.mux.HandleFunc("GET /konto/profil", s.profile)
	s.mux.HandleFunc("POST /konto/profil", s.profilePost)
	s.mux.HandleFunc("GET /konto/passwort", s.changePassword)
	s.mux.HandleFunc("POST /konto/passwort", s.changePasswordPost)
	s.mux.HandleFunc("GET /konto/email", s.changeEmail)
	s.mux.HandleFunc("POST /konto/email", s.changeEmailPost)
	s.mux.HandleFunc("GET /konto/email/bestaetigen", s.confirmEmail)
	s.mux.HandleFunc("POST /konto/email/bestaetigen", s.confirmEmailPost)
	s.mux.HandleFunc("GET /konto/loeschen", s.deleteAccount)
	s.mux.HandleFunc("POST /konto/loeschen", s.deleteAccountPost)
	s.mux.HandleFunc("GET /konto/zweiter-faktor", s.totp)
	s.mux.HandleFunc("POST /konto/zweiter-faktor/neu", s.totpStart)
	s.mux.HandleFunc("POST /konto/zweiter-faktor/bestaetigen", s.totpConfirm)
	s.mux.HandleFunc("POST /konto/zweiter-faktor/aus", s.totpDisable)
	s.mux.HandleFunc("GET /konto/sitzungen", s.sessions)
	s.mux.HandleFunc("POST /konto/sitzungen/{id}/beenden", s.endSession)
	s.mux.HandleFunc("GET /konto/organisationen/{org}", s.organisation)
	s.mux.HandleFunc("POST /konto/organisationen/{org}/mitglieder", s.orgAddMember)
	s.mux.HandleFunc("POST /konto/organisationen/{org}/mitglieder/{account}/entfernen", s.orgRemoveMember)
	s.mux.HandleFunc("POST /konto/organisationen/{org}/handeln", s.orgAct)

	// Mailbox (Postfach, mailbox_*.go): an account's overview and threads,
	// a guest's thread through the secret link, and the guest's link.
	s.mux.HandleFunc("GET /postfach", s.mailboxList)
	s.mux.HandleFunc("GET /postfach/{id}", s.mailboxThread)
	s.mux.HandleFunc(mailboxReplyRoute, s.mailboxReply)
	s.mux.HandleFunc("GET /postfach/{id}/anlagen/{ref}", s.mailboxFile)
	s.mux.HandleFunc("GET /postfach/{id}/bescheide/{notice}", s.mailboxNotice)
	s.mux.HandleFunc("GET /postfach/gast/{secret}", s.mailboxThread)
	s.mux.HandleFunc(mailboxGuestReplyRoute, s.mailboxReply)
	s.mux.HandleFunc("GET /postfach/gast/{secret}/anlagen/{ref}", s.mailboxFile)
	s.mux.HandleFunc("GET /postfach/gast/{secret}/bescheide/{notice}", s.mailboxNotice)
	s.mux.HandleFunc("GET /postfach/gast/{secret}/antrag/eingangsbestaetigung.pdf", s.mailboxReceipt)
	s.mux.HandleFunc("GET /antraege/{id}/postfach", s.mailboxGuest)
	s.mux.HandleFunc("POST /antraege/{id}/postfach", s.mailboxGuestPost)

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
