package app

import (
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/mailbox"
)

// newMailbox builds the applicant's mailbox (Postfach) on the application
// workflow and the back office: messages both ways, casework's requests
// and notices, and "new message" e-mails linking to <base URL>/postfach.
func (a *App) newMailbox(applications *apply.Service) (*mailbox.Service, error) {
	return mailbox.New(mailbox.Deps{DB: a.DB, Blobs: a.Blobs, Apply: applications, Cases: a.Backoffice.Cases,
		Akte: a.Backoffice.Files, Mail: a.Mailer, Log: a.log, Config: mailbox.Config{BaseURL: a.baseURL}})
}
