package account

import (
	"context"
	"errors"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Sealer seals the secrets the service must read again, the TOTP seeds
// (versiegelte Werte): blob/keyring.Keyring, with the tenant's data key.
type Sealer interface {
	SealValue(ctx context.Context, t tenant.ID, purpose string, plain []byte) ([]byte, error)
	// OpenValueIn opens a sealed value, reading the data key through q (the
	// caller's transaction: a read through the pool while it holds a
	// connection can deadlock the pool under load).
	OpenValueIn(ctx context.Context, q store.Querier, purpose string, sealed []byte) ([]byte, error)
}

var errNoSealer = errors.New("account: no sealer configured (Config.Secrets): TOTP seeds are never stored in clear")

// totpPurpose binds a sealed seed to its row.
func totpPurpose(accountID int64) string { return "account_totp.secret/" + idString(accountID) }

// sealTOTP seals a new seed of accountID in tenant t.
func (s *Service) sealTOTP(ctx context.Context, t tenant.ID, accountID int64, secret []byte) ([]byte, error) {
	if s.cfg.Secrets == nil {
		return nil, errNoSealer
	}
	return s.cfg.Secrets.SealValue(ctx, t, totpPurpose(accountID), secret)
}

// openTOTP returns the seed of a row; a row from before sealing (sealed
// false, until SealSecrets ran) is the seed itself.
func (s *Service) openTOTP(ctx context.Context, q store.Querier, accountID int64, stored []byte, sealed bool) ([]byte, error) {
	if !sealed {
		return stored, nil
	}
	if s.cfg.Secrets == nil {
		return nil, errNoSealer
	}
	return s.cfg.Secrets.OpenValueIn(ctx, q, totpPurpose(accountID), stored)
}

// SealSecrets seals the TOTP seeds stored in clear before sealing existed
// (migration 00201) and returns how many; each row is sealed once, by
// whichever process gets to it first. Processes call it at start.
func (s *Service) SealSecrets(ctx context.Context) (int, error) {
	type row struct {
		account int64
		tenant  tenant.ID
		secret  []byte
	}
	rows, err := store.All(ctx, s.db, func(r store.Row) (row, error) {
		var x row
		return x, r.Scan(&x.account, &x.tenant, &x.secret)
	}, `SELECT t.account_id, a.tenant_id, t.secret FROM account_totp t JOIN account a ON a.id = t.account_id WHERE t.sealed = $1`, false)
	if err != nil {
		return 0, fmt.Errorf("account: list clear TOTP seeds: %w", err)
	}
	n := 0
	for _, x := range rows {
		sealed, err := s.sealTOTP(ctx, x.tenant, x.account, x.secret)
		if err != nil {
			return n, err
		}
		res, err := s.db.ExecContext(ctx, `UPDATE account_totp SET secret = $1, sealed = $2 WHERE account_id = $3 AND sealed = $4`,
			sealed, true, x.account, false)
		if err != nil {
			return n, fmt.Errorf("account: seal TOTP seed: %w", err)
		}
		c, _ := res.RowsAffected()
		n += int(c)
	}
	return n, nil
}
