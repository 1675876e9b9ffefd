package app

import (
	"context"
	"net/http"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/sso"
	"github.com/amtsweg/amtsweg/internal/sso/demoidp"
	webaccount "github.com/amtsweg/amtsweg/internal/web/account"
)

// newAccounts builds the account service with the production policy; in
// demo mode (--demo) the seeded demo staff accounts, and only they, log
// in without a second factor.
func (a *App) newAccounts(ctx context.Context) (*account.Service, error) {
	cfg := account.DefaultConfig()
	cfg.DemoWaiver, cfg.Secrets = a.cfg.Demo, a.Keys
	s, err := account.New(a.DB, cfg, time.Now)
	if err != nil {
		return nil, err
	}
	n, err := s.SealSecrets(ctx) // TOTP seeds stored in clear before 00201
	if n > 0 {
		a.log.Info("sealed TOTP seeds stored in clear", "count", n)
	}
	return s, err
}

// newSSO builds the configured OpenID Connect provider, nil for none.
// Discovery happens at the first login, so start-up does not depend on it.
// In demo mode without a configured provider it makes the demo eID
// (newDemoEID); a configured provider always wins.
func (a *App) newSSO() (*sso.Provider, error) {
	if !a.cfg.OIDC.Enabled() {
		return a.newDemoEID()
	}
	a.log.Info("OpenID Connect login enabled", "issuer", a.cfg.OIDC.Issuer)
	return sso.New(a.cfg.OIDC, &http.Client{Timeout: 15 * time.Second})
}

// newDemoEID makes the demo eID (package demoidp) and the portal's login
// through it, only with --demo and no --oidc-issuer: this is the one place
// the provider is made, so without demo mode it does not exist at all
// (its path is a plain 404), not merely hidden. Its issuer is the public
// URL plus /demo-eid; the back channel never leaves the process.
func (a *App) newDemoEID() (*sso.Provider, error) {
	if !a.cfg.Demo || a.cfg.OIDC.Enabled() {
		return nil, nil
	}
	d, err := demoidp.New(a.baseURL()+demoidp.Prefix, webaccount.OIDCCallbackPath)
	if err != nil {
		return nil, err
	}
	a.demoEID = d
	a.log.Info("demo eID enabled: test persons log in without any identity check", "path", demoidp.Prefix)
	return sso.New(d.SSOConfig(), d.Client())
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
