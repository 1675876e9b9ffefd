// Package sso logs users in through an external OpenID Connect provider
// (for example an eID service such as BundID): the authorization code flow
// with PKCE (S256), state and nonce, and the mapping of the provider's
// authentication context class (the "acr" claim) to an eIDAS assurance
// level. It only speaks the protocol; which account a login belongs to is
// decided by package account (LoginExternal).
package sso

import (
	"flag"
	"fmt"
	"strings"

	"github.com/amtsweg/amtsweg/internal/account"
)

// Config names the provider and this portal's client registration there.
type Config struct {
	Issuer       string // the provider's issuer URL; empty disables OIDC
	ClientID     string
	ClientSecret string
	// ACRMap maps values of the level claim to assurance levels:
	// "acr-value=level,..." with level low, substantial or high (or the
	// German names). Values it does not list count as low.
	ACRMap string
	// LevelClaim is the ID token claim that carries the level (default
	// "acr").
	LevelClaim string
	// Name is what the login button calls the provider (default "eID").
	Name string
	// PortalHosted says the provider is served by this portal on every
	// host it answers (the demo eID, package demoidp): the redirect URI
	// is on the request's own host, and Begin sends the browser to the
	// provider on that host too, so each tenant's host name logs in on
	// itself. Never set from flags.
	PortalHosted bool
}

// Enabled reports whether a provider is configured.
func (c Config) Enabled() bool { return c.Issuer != "" }

// RegisterFlags adds the OIDC flags to fs; with config.Parse they are
// also read from AMTSWEG_OIDC_* variables.
func RegisterFlags(fs *flag.FlagSet, c *Config) {
	fs.StringVar(&c.Issuer, "oidc-issuer", "", "issuer URL of an OpenID Connect provider for logins (empty: none)")
	fs.StringVar(&c.ClientID, "oidc-client-id", "", "client id of the portal at the OpenID Connect provider")
	fs.StringVar(&c.ClientSecret, "oidc-client-secret", "", "client secret of the portal at the OpenID Connect provider")
	fs.StringVar(&c.ACRMap, "oidc-acr-map", "", `assurance level per value of the level claim, e.g. "urn:eid:low=low,urn:eid:substantial=substantial"`)
	fs.StringVar(&c.LevelClaim, "oidc-level-claim", "acr", "ID token claim that carries the assurance level")
	fs.StringVar(&c.Name, "oidc-name", "eID", "name of the provider on the login page")
}

// Validate reports a configuration that cannot work.
func (c Config) Validate() error {
	if !c.Enabled() {
		return nil
	}
	if c.ClientID == "" {
		return fmt.Errorf("oidc: --oidc-client-id is required with --oidc-issuer")
	}
	_, err := ParseACRMap(c.ACRMap)
	return err
}

// ACR is one value of the level claim and the level it stands for.
type ACR struct {
	Value string
	Level account.Level
}

// ParseACRMap reads "value=level,..." in the given order.
func ParseACRMap(s string) ([]ACR, error) {
	var out []ACR
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		i := strings.LastIndexByte(part, '=')
		if i <= 0 {
			return nil, fmt.Errorf("oidc: acr map entry %q: want value=level", part)
		}
		l, err := account.ParseLevel(part[i+1:])
		if err != nil {
			return nil, fmt.Errorf("oidc: acr map entry %q: %v", part, err)
		}
		out = append(out, ACR{Value: strings.TrimSpace(part[:i]), Level: l})
	}
	return out, nil
}

// levelOf maps a claim value to its level; unknown values are Low.
func levelOf(acrs []ACR, value string) account.Level {
	for _, a := range acrs {
		if a.Value == value {
			return a.Level
		}
	}
	return account.LevelLow
}

// valuesFor lists the claim values that satisfy min, weakest first: the
// acr_values to request for a login of at least that level.
func valuesFor(acrs []ACR, min account.Level) []string {
	var out []string
	for l := min; l <= account.LevelHigh; l++ {
		for _, a := range acrs {
			if a.Level == l {
				out = append(out, a.Value)
			}
		}
	}
	return out
}
