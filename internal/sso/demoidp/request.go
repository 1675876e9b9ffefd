package demoidp

import (
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
)

// authRequest is one authorization request (op.AuthRequest) from the
// portal, from the redirect to the provider until its code is redeemed.
type authRequest struct {
	id        string
	created   time.Time
	in        oidc.AuthRequest
	subject   string    // the chosen person, "" until the login
	acr       string    // the chosen level's acr value
	authTime  time.Time // when the visitor chose
	code      string
	codeSaved time.Time
}

// The op.AuthRequest methods.

func (a *authRequest) GetID() string                      { return a.id }
func (a *authRequest) GetACR() string                     { return a.acr }
func (a *authRequest) GetAMR() []string                   { return amrOf(a.acr) }
func (a *authRequest) GetAudience() []string              { return []string{a.in.ClientID} }
func (a *authRequest) GetAuthTime() time.Time             { return a.authTime }
func (a *authRequest) GetClientID() string                { return a.in.ClientID }
func (a *authRequest) GetNonce() string                   { return a.in.Nonce }
func (a *authRequest) GetRedirectURI() string             { return a.in.RedirectURI }
func (a *authRequest) GetResponseType() oidc.ResponseType { return a.in.ResponseType }
func (a *authRequest) GetResponseMode() oidc.ResponseMode { return a.in.ResponseMode }
func (a *authRequest) GetScopes() []string                { return a.in.Scopes }
func (a *authRequest) GetState() string                   { return a.in.State }
func (a *authRequest) GetSubject() string                 { return a.subject }
func (a *authRequest) Done() bool                         { return a.subject != "" }

// GetCodeChallenge is the PKCE challenge; the client requires one.
func (a *authRequest) GetCodeChallenge() *oidc.CodeChallenge {
	if a.in.CodeChallenge == "" {
		return nil
	}
	return &oidc.CodeChallenge{Challenge: a.in.CodeChallenge, Method: a.in.CodeChallengeMethod}
}

// amrOf names the authentication method of a level (RFC 8176 values):
// password for low, a one-time code for substantial, the ID card's chip
// (a hardware-protected key) for high.
func amrOf(acr string) []string {
	switch acr {
	case ACRLow:
		return []string{"pwd"}
	case ACRSubstantial:
		return []string{"otp"}
	case ACRHigh:
		return []string{"hwk"}
	}
	return nil
}
