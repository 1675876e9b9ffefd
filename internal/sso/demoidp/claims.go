package demoidp

import (
	"context"
	"crypto/subtle"
	"errors"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// GetClientByClientID returns the portal, the only client.
func (s *storage) GetClientByClientID(_ context.Context, id string) (op.Client, error) {
	if id != s.client.id {
		return nil, errNotFound
	}
	return s.client, nil
}

// AuthorizeClientIDSecret checks the portal's secret.
func (s *storage) AuthorizeClientIDSecret(_ context.Context, id, secret string) error {
	if id != s.client.id || subtle.ConstantTimeCompare([]byte(secret), []byte(s.client.secret)) != 1 {
		return errors.New("demoidp: wrong client credentials")
	}
	return nil
}

// SetUserinfoFromScopes puts the person's claims into the ID token.
func (s *storage) SetUserinfoFromScopes(_ context.Context, ui *oidc.UserInfo, subject, _ string, scopes []string) error {
	return setUserinfo(ui, subject, scopes)
}

// SetUserinfoFromToken answers the userinfo endpoint for a live token.
func (s *storage) SetUserinfoFromToken(_ context.Context, ui *oidc.UserInfo, tokenID, subject, _ string) error {
	s.mu.Lock()
	t, ok := s.tokens[tokenID]
	s.mu.Unlock()
	if !ok || t.subject != subject || s.now().After(t.expires) {
		return errors.New("demoidp: access token invalid or expired")
	}
	return setUserinfo(ui, subject, t.scopes)
}

// SetIntrospectionFromToken is not offered (no introspection client).
func (s *storage) SetIntrospectionFromToken(context.Context, *oidc.IntrospectionResponse, string, string, string) error {
	return errors.New("demoidp: no introspection")
}

// GetPrivateClaimsFromScopes adds nothing beyond the standard claims.
func (s *storage) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

// setUserinfo fills ui with the claims of the person that scopes allow:
// profile (name, birth date), email, address (OIDC Core 5.4).
func setUserinfo(ui *oidc.UserInfo, subject string, scopes []string) error {
	p, ok := person(subject)
	if !ok {
		return errNotFound
	}
	ui.Subject = subject
	for _, sc := range scopes {
		switch sc {
		case oidc.ScopeProfile:
			ui.Name, ui.GivenName, ui.FamilyName, ui.Birthdate = p.Name(), p.GivenName, p.FamilyName, p.BirthDate
			ui.UpdatedAt = oidc.FromTime(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		case oidc.ScopeEmail:
			ui.Email, ui.EmailVerified = p.Email, true
		case oidc.ScopeAddress:
			ui.Address = &oidc.UserInfoAddress{StreetAddress: p.Street, PostalCode: p.PostalCode,
				Locality: p.Locality, Country: "DE"}
		}
	}
	return nil
}
