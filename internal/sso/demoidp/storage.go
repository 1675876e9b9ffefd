package demoidp

import (
	"context"
	"crypto/rand"
	"errors"
	"sync"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// Lifetimes of what the provider keeps (see the package doc).
const (
	requestLifetime = 10 * time.Minute
	codeLifetime    = time.Minute
	tokenLifetime   = 5 * time.Minute
)

var errNotFound = errors.New("demoidp: unknown or expired")

// storage is the provider's in-memory op.Storage: authorization
// requests, codes and access tokens with short lifetimes, the signing key
// and the one client, the portal.
type storage struct {
	client *client
	key    *signingKey
	now    func() time.Time

	mu       sync.Mutex
	requests map[string]*authRequest
	codes    map[string]string // code → request id
	tokens   map[string]token  // access token id → token
}

// token is an issued access token.
type token struct {
	subject string
	scopes  []string
	expires time.Time
}

func newStorage(c *client, key *signingKey) *storage {
	return &storage{client: c, key: key, now: time.Now, requests: map[string]*authRequest{},
		codes: map[string]string{}, tokens: map[string]token{}}
}

// sweep drops what has expired; called with mu held on every new request,
// so memory stays bounded by the logins of the last ten minutes.
func (s *storage) sweep() {
	now := s.now()
	for id, r := range s.requests {
		if now.Sub(r.created) > requestLifetime {
			delete(s.requests, id)
			delete(s.codes, r.code)
		}
	}
	for id, t := range s.tokens {
		if now.After(t.expires) {
			delete(s.tokens, id)
		}
	}
}

// CreateAuthRequest keeps a new authorization request.
func (s *storage) CreateAuthRequest(_ context.Context, in *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep()
	r := &authRequest{id: rand.Text(), created: s.now(), in: *in}
	s.requests[r.id] = r
	return r, nil
}

// AuthRequestByID returns a live request.
func (s *storage) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.live(id)
}

func (s *storage) live(id string) (*authRequest, error) {
	r, ok := s.requests[id]
	if !ok || s.now().Sub(r.created) > requestLifetime {
		return nil, errNotFound
	}
	return r, nil
}

// AuthRequestByCode returns the request of a code issued less than a
// minute ago; the token endpoint deletes the request after use, so a
// code works once.
func (s *storage) AuthRequestByCode(_ context.Context, code string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.live(s.codes[code])
	if err != nil || s.now().Sub(r.codeSaved) > codeLifetime {
		return nil, errNotFound
	}
	return r, nil
}

// SaveAuthCode remembers the code op made for request id.
func (s *storage) SaveAuthCode(_ context.Context, id, code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.live(id)
	if err != nil {
		return err
	}
	r.code, r.codeSaved = code, s.now()
	s.codes[code] = id
	return nil
}

// DeleteAuthRequest forgets a request and its code.
func (s *storage) DeleteAuthRequest(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.requests[id]; ok {
		delete(s.codes, r.code)
		delete(s.requests, id)
	}
	return nil
}

// complete records the visitor's choice on request id.
func (s *storage) complete(id, subject, acr string) (*authRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.live(id)
	if err != nil {
		return nil, err
	}
	if r.Done() {
		return nil, errors.New("demoidp: the login of this request is already done")
	}
	r.subject, r.acr, r.authTime = subject, acr, s.now()
	return r, nil
}

// request returns a copy of a live request for the login page.
func (s *storage) request(id string) (authRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.live(id)
	if err != nil {
		return authRequest{}, err
	}
	return *r, nil
}

// CreateAccessToken issues an access token for the userinfo endpoint.
func (s *storage) CreateAccessToken(_ context.Context, r op.TokenRequest) (string, time.Time, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, exp := rand.Text(), s.now().Add(tokenLifetime)
	s.tokens[id] = token{subject: r.GetSubject(), scopes: r.GetScopes(), expires: exp}
	return id, exp, nil
}

// CreateAccessAndRefreshTokens is refused: the client may not use refresh
// tokens.
func (s *storage) CreateAccessAndRefreshTokens(context.Context, op.TokenRequest, string) (string, string, time.Time, error) {
	return "", "", time.Time{}, errors.New("demoidp: no refresh tokens")
}

// TokenRequestByRefreshToken knows no refresh tokens.
func (s *storage) TokenRequestByRefreshToken(context.Context, string) (op.RefreshTokenRequest, error) {
	return nil, op.ErrInvalidRefreshToken
}

// TerminateSession has nothing to end: the provider keeps no sessions.
func (s *storage) TerminateSession(context.Context, string, string) error { return nil }

// RevokeToken forgets an access token.
func (s *storage) RevokeToken(_ context.Context, id, _, _ string) *oidc.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.tokens, id)
	return nil
}

// GetRefreshTokenInfo knows no refresh tokens.
func (s *storage) GetRefreshTokenInfo(context.Context, string, string) (string, string, error) {
	return "", "", op.ErrInvalidRefreshToken
}

// Health is always fine.
func (s *storage) Health(context.Context) error { return nil }
