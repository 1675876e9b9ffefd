package ssotest

import (
	"context"
	"sync"
	"time"

	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// acrStorage is the example server's in-memory storage with what it
// leaves out for us: it remembers the acr_values of each authorization
// request and the method the login used, and hands out requests whose
// GetACR returns that method, so the ID token carries it.
type acrStorage struct {
	*storage.Storage

	mu        sync.Mutex
	requested map[string][]string // auth request id → acr_values
	chosen    map[string]string   // auth request id → acr of the login
	last      []string
}

func newACRStorage(s *storage.Storage) *acrStorage {
	return &acrStorage{Storage: s, requested: map[string][]string{}, chosen: map[string]string{}}
}

// acrRequest is an auth request that knows its login's acr.
type acrRequest struct {
	*storage.AuthRequest
	acr string
}

// GetACR is the method of the finished login.
func (r acrRequest) GetACR() string { return r.acr }

// CreateAuthRequest records the request's acr_values.
func (s *acrStorage) CreateAuthRequest(ctx context.Context, in *oidc.AuthRequest, userID string) (op.AuthRequest, error) {
	r, err := s.Storage.CreateAuthRequest(ctx, in, userID)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requested[r.GetID()] = append([]string(nil), in.ACRValues...)
	s.last = s.requested[r.GetID()]
	return r, nil
}

// AuthRequestByCode returns the request with its login's acr.
func (s *acrStorage) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	r, err := s.Storage.AuthRequestByCode(ctx, code)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return acrRequest{AuthRequest: r.(*storage.AuthRequest), acr: s.chosen[r.GetID()]}, nil
}

// CreateAccessToken unwraps the request for the example storage.
func (s *acrStorage) CreateAccessToken(ctx context.Context, r op.TokenRequest) (string, time.Time, error) {
	return s.Storage.CreateAccessToken(ctx, unwrap(r))
}

// CreateAccessAndRefreshTokens unwraps the request for the example storage.
func (s *acrStorage) CreateAccessAndRefreshTokens(ctx context.Context, r op.TokenRequest, current string) (string, string, time.Time, error) {
	return s.Storage.CreateAccessAndRefreshTokens(ctx, unwrap(r), current)
}

// GetClientByClientID returns the client accepting the portal on any
// port of 127.0.0.1 (the example client has no way to set globs).
func (s *acrStorage) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	c, err := s.Storage.GetClientByClientID(ctx, id)
	if err != nil {
		return nil, err
	}
	return globClient{Client: c, globs: []string{"http://127.0.0.1:*" + RedirectPath}}, nil
}

// globClient is a client whose redirect URIs are globs.
type globClient struct {
	op.Client
	globs []string
}

// RedirectURIGlobs are the accepted redirect URIs.
func (c globClient) RedirectURIGlobs() []string { return c.globs }

// PostLogoutRedirectURIGlobs accepts none.
func (c globClient) PostLogoutRedirectURIGlobs() []string { return nil }

func unwrap(r op.TokenRequest) op.TokenRequest {
	if a, ok := r.(acrRequest); ok {
		return a.AuthRequest
	}
	return r
}

// finish completes the login of request id as username with method acr.
func (s *acrStorage) finish(id, username, password, acr string) error {
	if err := s.CheckUsernamePassword(username, password, id); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chosen[id] = acr
	return nil
}

// acrValues returns what request id asked for.
func (s *acrStorage) acrValues(id string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requested[id]
}

func (s *acrStorage) lastRequested() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last
}

// userStore is the example storage's UserStore for the test's users.
type userStore struct {
	mu    sync.Mutex
	users []*storage.User
}

func newUserStore(users []User) *userStore {
	us := &userStore{}
	for _, u := range users {
		us.add(u)
	}
	return us
}

func (us *userStore) add(u User) {
	us.mu.Lock()
	defer us.mu.Unlock()
	us.users = append(us.users, &storage.User{ID: u.Subject, Username: u.Username, Password: u.Password,
		FirstName: u.GivenName, LastName: u.FamilyName, Email: u.Email, EmailVerified: u.EmailVerified})
}

// GetUserByID finds a user by subject.
func (us *userStore) GetUserByID(id string) *storage.User {
	return us.find(func(x *storage.User) bool { return x.ID == id })
}

// GetUserByUsername finds a user by user name.
func (us *userStore) GetUserByUsername(name string) *storage.User {
	return us.find(func(x *storage.User) bool { return x.Username == name })
}

func (us *userStore) find(match func(*storage.User) bool) *storage.User {
	us.mu.Lock()
	defer us.mu.Unlock()
	for _, x := range us.users {
		if match(x) {
			return x
		}
	}
	return nil
}

// ExampleClientID names the example's service user (unused here).
func (*userStore) ExampleClientID() string { return "service" }
