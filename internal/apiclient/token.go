package apiclient

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// TokenTTL is how long an access token from the client credentials grant
// is valid.
const TokenTTL = 5 * time.Minute

// Token is an issued access token, shown once.
type Token struct {
	AccessToken string
	ExpiresIn   time.Duration
	Scopes      []Scope
}

// IssueToken issues a bearer token for c (client credentials grant) with
// the requested scopes, which must be a subset of c's (none requested:
// all of c's). Expired tokens are deleted on the way.
func IssueToken(ctx context.Context, db *store.DB, c Client, requested []Scope) (Token, error) {
	scopes := c.Scopes
	if len(requested) > 0 {
		for _, s := range requested {
			if !c.Has(s) {
				return Token{}, fault.New(fault.Forbidden, "scope %q is not granted to this client", s)
			}
		}
		scopes = requested
	}
	t := Token{AccessToken: "awt_" + randomHex(32), ExpiresIn: TokenTTL, Scopes: scopes}
	now := time.Now().UTC()
	err := db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM api_token WHERE expires_at < $1`, now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO api_token (token_hash, client_id, scopes, expires_at) VALUES ($1, $2, $3, $4)`,
			hashOf(t.AccessToken), c.ID, joinScopes(scopes), now.Add(TokenTTL))
		return err
	})
	if err != nil {
		return Token{}, fmt.Errorf("apiclient: issue token: %w", err)
	}
	return t, nil
}

// Authenticate returns the client a bearer credential belongs to: an
// access token ("awt_...", unexpired; its scopes replace the client's) or
// an API key ("aw_<client id>.<secret>"). Anything else is
// fault.Unauthorized.
func Authenticate(ctx context.Context, q store.Querier, bearer string) (Client, error) {
	if strings.HasPrefix(bearer, "awt_") {
		return byToken(ctx, q, bearer)
	}
	rest, ok := strings.CutPrefix(bearer, "aw_")
	id, secret, ok2 := strings.Cut(rest, ".")
	if !ok || !ok2 {
		return Client{}, fault.New(fault.Unauthorized, "invalid bearer credential")
	}
	return CheckSecret(ctx, q, id, secret)
}

func byToken(ctx context.Context, q store.Querier, token string) (Client, error) {
	var id int64
	var scopes string
	var exp time.Time
	err := q.QueryRowContext(ctx, `SELECT client_id, scopes, expires_at FROM api_token WHERE token_hash = $1`, hashOf(token)).
		Scan(&id, &scopes, &exp)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && time.Now().After(exp)) {
		return Client{}, fault.New(fault.Unauthorized, "invalid or expired access token")
	}
	if err != nil {
		return Client{}, fmt.Errorf("apiclient: token: %w", err)
	}
	c, err := Get(ctx, q, id)
	if err != nil {
		return Client{}, fault.New(fault.Unauthorized, "invalid or expired access token")
	}
	var granted []Scope
	for _, s := range strings.Fields(scopes) {
		if c.Has(Scope(s)) { // a scope taken from the client since stays taken
			granted = append(granted, Scope(s))
		}
	}
	c.Scopes = slices.Clip(granted)
	return c, nil
}
