package app

import (
	"net/http"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/sso"
)

// newAccounts builds the account service with the production policy; in
// demo mode (--demo) the seeded demo staff accounts, and only they, log
// in without a second factor.
func (a *App) newAccounts() (*account.Service, error) {
	cfg := account.DefaultConfig()
	cfg.DemoWaiver = a.cfg.Demo
	return account.New(a.DB, cfg, time.Now)
}

// newSSO builds the configured OpenID Connect provider, nil for none.
// Discovery happens at the first login, so start-up does not depend on it.
func (a *App) newSSO() (*sso.Provider, error) {
	if !a.cfg.OIDC.Enabled() {
		return nil, nil
	}
	a.log.Info("OpenID Connect login enabled", "issuer", a.cfg.OIDC.Issuer)
	return sso.New(a.cfg.OIDC, &http.Client{Timeout: 15 * time.Second})
}

// baseURL is the public URL for links in e-mails: the configured one, else
// the address the app listens on.
func (a *App) baseURL() string {
	if a.cfg.BaseURL != "" {
		return a.cfg.BaseURL
	}
	if a.ln == nil {
		return "http://" + a.cfg.Addr
	}
	return a.URL()
}
