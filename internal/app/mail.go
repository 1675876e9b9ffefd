package app

import (
	"path/filepath"

	"github.com/amtsweg/amtsweg/internal/mail"
)

// defaultSender is the From of notification e-mails when none is
// configured (demo and development).
const defaultSender = "Leistungsportal <noreply@localhost>"

// newMailer builds the mailer of the configuration and registers its jobs.
// Without an SMTP host, messages are written as .eml files into
// <data>/mail: the demo's way, and a loud fallback otherwise.
func (a *App) newMailer() (*mail.Mailer, error) {
	cfg := a.cfg.Mail
	if cfg.From == "" {
		cfg.From = defaultSender
	}
	if cfg.Host == "" && cfg.Dir == "" {
		cfg.Dir = filepath.Join(a.cfg.DataDir, "mail")
		if !a.cfg.Demo {
			a.log.Warn("no SMTP host configured: e-mails are only written to a folder", "dir", cfg.Dir)
		}
	}
	return mail.New(a.DB, a.Jobs, cfg, a.log)
}
