package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/bearer"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// Purpose binds a token to one use (Verwendungszweck): a reset token cannot
// verify an e-mail address and vice versa.
type Purpose string

// The token purposes.
const (
	PurposeVerify      Purpose = "verify"       // confirm the e-mail address after sign-up
	PurposeReset       Purpose = "reset"        // set a new password
	PurposeEmailChange Purpose = "email_change" // confirm a new e-mail address
)

// issueToken stores a new token for accountID and returns its plain text.
// data travels with the token (the new address of an e-mail change).
func (s *Service) issueToken(ctx context.Context, tx *store.Tx, accountID int64, p Purpose, data string) (string, error) {
	ttl, err := s.ttl(p)
	if err != nil {
		return "", err
	}
	plain, digest := bearer.New()
	now := s.clock()
	_, err = tx.ExecContext(ctx, `INSERT INTO account_token (account_id, purpose, token_hash, data, expires_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, accountID, p, digest, data, now.Add(ttl), now)
	if err != nil {
		return "", fmt.Errorf("store token: %w", err)
	}
	return plain, nil
}

// errBadToken is the one answer for unknown, used, expired or misdirected
// tokens, so a link reveals nothing about why it fails.
func errBadToken() error {
	return fault.New(fault.NotFound, "this link is invalid or has expired")
}

// consumeToken marks the token plain of purpose p used and returns its
// account and data. It fails with NotFound when the token is unknown, of
// another purpose, used or expired.
func (s *Service) consumeToken(ctx context.Context, tx *store.Tx, p Purpose, plain string) (int64, string, error) {
	var id, accountID int64
	var data string
	var expires time.Time
	var used sql.NullTime
	err := tx.QueryRowContext(ctx, `SELECT id, account_id, data, expires_at, used_at FROM account_token
		WHERE token_hash = $1 AND purpose = $2`, bearer.Hash(plain), p).Scan(&id, &accountID, &data, &expires, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", errBadToken()
	}
	if err != nil {
		return 0, "", fmt.Errorf("read token: %w", err)
	}
	now := s.clock()
	if used.Valid || !now.Before(expires) {
		return 0, "", errBadToken()
	}
	res, err := tx.ExecContext(ctx, "UPDATE account_token SET used_at = $1 WHERE id = $2 AND used_at IS NULL", now, id)
	if err != nil {
		return 0, "", fmt.Errorf("use token: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return 0, "", errBadToken() // a concurrent use won
	}
	return accountID, data, nil
}

// dropTokens invalidates every open token of accountID for purpose p, so
// that only the newest link works.
func dropTokens(ctx context.Context, tx *store.Tx, accountID int64, p Purpose) error {
	_, err := tx.ExecContext(ctx, "DELETE FROM account_token WHERE account_id = $1 AND purpose = $2 AND used_at IS NULL", accountID, p)
	if err != nil {
		return fmt.Errorf("drop tokens: %w", err)
	}
	return nil
}
