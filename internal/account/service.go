package account

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Config holds the tunable policy of the account service.
type Config struct {
	Password Params
	// ParallelHashes bounds concurrent argon2 computations (memory).
	ParallelHashes int
	// OnHash, if not nil, is called once per argon2 computation (a test hook).
	OnHash func()
	// TokenTTL is how long each kind of e-mailed token stays valid.
	TokenTTL map[Purpose]time.Duration
	Lockout  LockoutPolicy
	Session  SessionPolicy
	// Issuer names the portal in authenticator apps (TOTP).
	Issuer string
	// DemoWaiver waives the second factor of the demo staff accounts
	// (Account.Demo) only: the process sets it when it runs with --demo
	// (internal/app). Every other staff account, also in demo mode, still
	// owes its second factor; without --demo nobody is waived.
	DemoWaiver bool
	// Secrets seals the TOTP seeds (sealed.go); without it no second
	// factor can be enrolled or checked.
	Secrets Sealer
}

// DefaultConfig returns the production policy.
func DefaultConfig() Config {
	return Config{
		Password:       DefaultParams(),
		ParallelHashes: 4,
		TokenTTL: map[Purpose]time.Duration{
			PurposeVerify: 48 * time.Hour, PurposeReset: time.Hour, PurposeEmailChange: 24 * time.Hour,
		},
		Lockout: DefaultLockoutPolicy(),
		Session: SessionPolicy{Idle: 30 * time.Minute, Absolute: 12 * time.Hour},
		Issuer:  "amtsweg",
	}
}

// Service is the account capability: sign-up, login, tokens, second
// factor, sessions and organisations. It is safe for concurrent use.
type Service struct {
	db     *store.DB
	cfg    Config
	now    func() time.Time
	hasher *Hasher
	// dummyHash is verified when a login names no account, so that path
	// costs the same single argon2 computation as a wrong password.
	dummyHash string
}

// New returns the service on db with cfg; now is the clock (time.Now in
// production, a movable clock in tests). It computes one password hash.
func New(db *store.DB, cfg Config, now func() time.Time) (*Service, error) {
	s := &Service{db: db, cfg: cfg, now: now,
		hasher: NewHasher(cfg.Password, cfg.ParallelHashes, cfg.OnHash)}
	h, err := s.hasher.Hash("dummy password for unknown accounts")
	if err != nil {
		return nil, err
	}
	s.dummyHash = h
	return s, nil
}

// clock returns the current time in UTC at the precision both engines keep.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// event is one audit entry about an account.
type event struct {
	tenantID tenant.ID
	actor    string
	action   string
	object   string
	details  map[string]any
}

func (s *Service) audit(ctx context.Context, tx *store.Tx, e event) error {
	return audit.Append(ctx, tx, audit.Entry{At: s.clock(), TenantID: int64(e.tenantID),
		Actor: e.actor, Action: e.action, ObjectType: "account", ObjectID: e.object, Details: e.details})
}

// Actor returns the audit actor name of an account: "account:<id>".
func Actor(accountID int64) string { return "account:" + strconv.FormatInt(accountID, 10) }

func idString(id int64) string { return strconv.FormatInt(id, 10) }

// ttl returns the configured lifetime of tokens for p.
func (s *Service) ttl(p Purpose) (time.Duration, error) {
	d, ok := s.cfg.TokenTTL[p]
	if !ok || d <= 0 {
		return 0, fmt.Errorf("no token lifetime configured for %q", p)
	}
	return d, nil
}
