package account

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/amtsweg/amtsweg/internal/bearer"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// Enrolment is a started TOTP set-up (Einrichtung des zweiten Faktors):
// the secret to type in and the otpauth:// URI to show as a QR code.
type Enrolment struct {
	Secret string // base32, unpadded
	URI    string
}

// ErrSecondFactor answers a wrong TOTP or recovery code.
var ErrSecondFactor = fault.New(fault.Unauthorized, "the code is wrong or was already used")

// RecoveryCodes is how many single-use recovery codes confirming a second
// factor yields.
const RecoveryCodes = 10

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// EnrolTOTP starts (or restarts) the TOTP set-up of accountID with a new
// 160-bit secret. It fails with Conflict when a second factor is already
// confirmed; ConfirmTOTP completes it.
func (s *Service) EnrolTOTP(ctx context.Context, accountID int64) (Enrolment, error) {
	secret := make([]byte, 20)
	if _, err := rand.Read(secret); err != nil {
		return Enrolment{}, fmt.Errorf("totp secret: %w", err)
	}
	owner, err := ByID(ctx, s.db, accountID)
	if err != nil {
		return Enrolment{}, err
	}
	// Sealed before the transaction: the tenant's first data key may
	// need a write of its own.
	sealed, err := s.sealTOTP(ctx, owner.TenantID, accountID, secret)
	if err != nil {
		return Enrolment{}, err
	}
	var e Enrolment
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		a, err := ByID(ctx, tx, accountID)
		if err != nil {
			return err
		}
		if a.SecondFactor {
			return fault.New(fault.Conflict, "a second factor is already set up")
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM account_totp WHERE account_id = $1", accountID); err != nil {
			return fmt.Errorf("restart totp: %w", err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO account_totp (account_id, secret, sealed, last_step, created_at)
			VALUES ($1, $2, $3, 0, $4)`, accountID, sealed, true, s.clock())
		if err != nil {
			return fmt.Errorf("store totp: %w", err)
		}
		e = Enrolment{Secret: b32.EncodeToString(secret), URI: s.otpauthURI(a.Email, secret)}
		return nil
	})
	return e, err
}

// otpauthURI is the Key URI Format understood by authenticator apps.
func (s *Service) otpauthURI(email string, secret []byte) string {
	q := url.Values{"secret": {b32.EncodeToString(secret)}, "issuer": {s.cfg.Issuer},
		"algorithm": {"SHA1"}, "digits": {"6"}, "period": {"30"}}
	label := url.PathEscape(s.cfg.Issuer + ":" + email)
	return "otpauth://totp/" + label + "?" + q.Encode()
}

// ConfirmTOTP completes the TOTP set-up of the session's account with a
// first code and returns the recovery codes (shown once, stored hashed) and
// the session's new cookie value: a session that had to enrol is now
// complete, and any such privilege change gets a new session id.
func (s *Service) ConfirmTOTP(ctx context.Context, token, code string) (string, []string, error) {
	var newToken string
	var codes []string
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		ss, err := s.liveSession(ctx, tx, token)
		if err != nil {
			return err
		}
		if ss.Stage == StageSecondFactor {
			return ErrNoSession
		}
		secret, last, confirmed, err := s.readTOTP(ctx, tx, ss.AccountID)
		if err != nil {
			return err
		}
		if confirmed {
			return fault.New(fault.Conflict, "a second factor is already set up")
		}
		step, ok := matchTOTP(secret, normalizeCode(code), s.clock(), last)
		if !ok {
			return ErrSecondFactor
		}
		_, err = tx.ExecContext(ctx, "UPDATE account_totp SET confirmed_at = $1, last_step = $2 WHERE account_id = $3",
			s.clock(), step, ss.AccountID)
		if err != nil {
			return fmt.Errorf("confirm totp: %w", err)
		}
		if codes, err = newRecoveryCodes(ctx, tx, ss.AccountID); err != nil {
			return err
		}
		if newToken, err = s.rotate(ctx, tx, ss, StageComplete); err != nil {
			return err
		}
		return s.audit(ctx, tx, event{tenantID: ss.TenantID, actor: Actor(ss.AccountID), action: "account.totp_enable", object: idString(ss.AccountID)})
	})
	return newToken, codes, err
}

// readTOTP returns the TOTP secret of accountID, its last used step and
// whether it is confirmed; NotFound if none was enrolled.
func (s *Service) readTOTP(ctx context.Context, tx *store.Tx, accountID int64) (secret []byte, last int64, confirmed bool, err error) {
	var at sql.NullTime
	var sealed bool
	err = tx.QueryRowContext(ctx, "SELECT secret, sealed, last_step, confirmed_at FROM account_totp WHERE account_id = $1",
		accountID).Scan(&secret, &sealed, &last, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, false, fault.New(fault.NotFound, "no second factor is being set up")
	}
	if err != nil {
		return nil, 0, false, fmt.Errorf("read totp: %w", err)
	}
	secret, err = s.openTOTP(ctx, tx, accountID, secret, sealed)
	return secret, last, at.Valid, err
}

// newRecoveryCodes replaces the recovery codes of accountID with fresh
// ones (80 bits each, shown as XXXX-XXXX-XXXX-XXXX) and returns them.
func newRecoveryCodes(ctx context.Context, tx *store.Tx, accountID int64) ([]string, error) {
	if _, err := tx.ExecContext(ctx, "DELETE FROM account_recovery_code WHERE account_id = $1", accountID); err != nil {
		return nil, fmt.Errorf("drop recovery codes: %w", err)
	}
	codes := make([]string, RecoveryCodes)
	for i := range codes {
		raw := make([]byte, 10)
		if _, err := rand.Read(raw); err != nil {
			return nil, fmt.Errorf("recovery code: %w", err)
		}
		c := b32.EncodeToString(raw)
		codes[i] = c[0:4] + "-" + c[4:8] + "-" + c[8:12] + "-" + c[12:16]
		_, err := tx.ExecContext(ctx, "INSERT INTO account_recovery_code (account_id, code_hash) VALUES ($1, $2)",
			accountID, bearer.Hash(c))
		if err != nil {
			return nil, fmt.Errorf("store recovery code: %w", err)
		}
	}
	return codes, nil
}

// normalizeCode drops spaces and dashes and upper-cases, so codes may be
// typed as shown or not.
func normalizeCode(code string) string {
	return strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(code)))
}
