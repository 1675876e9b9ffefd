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
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// SessionPolicy sets the session timeouts: Idle since the last request,
// Absolute since the login.
type SessionPolicy struct {
	Idle     time.Duration
	Absolute time.Duration
}

// Authentication methods recorded with a session (Anmeldeverfahren).
const (
	MethodPassword     = "pwd"      // e-mail and password
	MethodPasswordTOTP = "pwd+totp" // e-mail, password and TOTP or recovery code
)

// Stage says what a session still lacks before it may do anything else.
type Stage string

// The stages. Only StageComplete grants access; the web layer sends a
// session in another stage to the matching page and nowhere else.
const (
	StageComplete     Stage = "complete"
	StageSecondFactor Stage = "second_factor" // password fine, TOTP/recovery code due
	StageEnrol        Stage = "enrol"         // staff without second factor: must set one up first
)

// Session is a server-side login session (Sitzung). The cookie value is
// never stored, only its hash; ID identifies the session in lists.
type Session struct {
	ID         int64
	AccountID  int64
	TenantID   tenant.ID
	Level      Level
	Method     string
	Stage      Stage
	UserAgent  string // a short summary such as "Firefox on Linux"
	CreatedAt  time.Time
	LastSeenAt time.Time
}

// SessionStart describes a new login: the assurance level and method
// reached, the user agent, and the cookie value of a session the browser
// held before (ended, so its id never survives a login).
type SessionStart struct {
	Level     Level
	Method    string
	UserAgent string
	Previous  string
	// Lang is the portal language of the login (de or en); the account
	// keeps it for its notification e-mails. Empty leaves it as it is.
	Lang string
}

// ErrNoSession is the answer for a missing, ended or timed-out session.
var ErrNoSession = fault.New(fault.Unauthorized, "please log in")

// StartSession opens a session for a after a successful authentication and
// returns it with its cookie value. The stage follows the account: a
// confirmed TOTP asks for a code first; a staff account without one must
// enrol first; an eID login (Substantial or higher) needs neither, nor
// does a demo staff account while the process runs in demo mode
// (demoWaived); outside demo mode a demo account gets no session at all
// (demoOutsideDemo). Staff never get an eID session: LoginExternal refuses
// staff accounts, so their logins are by password and owe their second
// factor.
func (s *Service) StartSession(ctx context.Context, a Account, in SessionStart) (Session, string, error) {
	if err := s.demoOutsideDemo(a); err != nil {
		return Session{}, "", err
	}
	stage := s.stageAfterLogin(a, in.Level)
	now := s.clock()
	sess := Session{AccountID: a.ID, TenantID: a.TenantID, Level: in.Level, Method: in.Method,
		Stage: stage, UserAgent: summarizeUserAgent(in.UserAgent), CreatedAt: now, LastSeenAt: now}
	plain, digest := bearer.New()
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if in.Previous != "" {
			if _, err := tx.ExecContext(ctx, "DELETE FROM account_session WHERE token_hash = $1", bearer.Hash(in.Previous)); err != nil {
				return fmt.Errorf("end previous session: %w", err)
			}
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO account_session (token_hash, account_id, tenant_id, level, method,
			stage, user_agent, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			digest, a.ID, a.TenantID, in.Level.String(), in.Method, stage, sess.UserAgent, now, now).Scan(&sess.ID)
		if err != nil {
			return fmt.Errorf("store session: %w", err)
		}
		if in.Lang != "" {
			if err := setLanguage(ctx, tx, a.TenantID, a.ID, in.Lang); err != nil {
				return err
			}
		}
		details := map[string]any{"session": sess.ID, "level": in.Level.String(), "method": in.Method}
		if s.demoWaived(a) {
			details["second_factor"] = "waived: demo account in demo mode"
		}
		return s.audit(ctx, tx, event{tenantID: a.TenantID, actor: Actor(a.ID), action: "session.start",
			object: idString(a.ID), details: details})
	})
	return sess, plain, err
}

const sessionCols = "id, account_id, tenant_id, level, method, stage, user_agent, created_at, last_seen_at"

func scanSession(sc scanner) (Session, error) {
	var ss Session
	var level string
	err := sc.Scan(&ss.ID, &ss.AccountID, &ss.TenantID, &level, &ss.Method, &ss.Stage, &ss.UserAgent, &ss.CreatedAt, &ss.LastSeenAt)
	if err != nil {
		return ss, err
	}
	ss.Level, err = ParseLevel(level)
	return ss, err
}

// Session returns the live session with cookie value token and marks it
// seen. A session idle longer than Idle or older than Absolute is deleted
// and answered with ErrNoSession, like an unknown one.
func (s *Service) Session(ctx context.Context, token string) (Session, error) {
	var ss Session
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		ss, err = s.liveSession(ctx, tx, token)
		if err != nil {
			return err
		}
		ss.LastSeenAt = s.clock()
		_, err = tx.ExecContext(ctx, "UPDATE account_session SET last_seen_at = $1 WHERE id = $2", ss.LastSeenAt, ss.ID)
		return err
	})
	return ss, err
}

// liveSession reads the session of token, deleting it if timed out.
func (s *Service) liveSession(ctx context.Context, tx *store.Tx, token string) (Session, error) {
	ss, err := scanSession(tx.QueryRowContext(ctx, "SELECT "+sessionCols+" FROM account_session WHERE token_hash = $1", bearer.Hash(token)))
	if errors.Is(err, sql.ErrNoRows) {
		return ss, ErrNoSession
	}
	if err != nil {
		return ss, fmt.Errorf("read session: %w", err)
	}
	now, p := s.clock(), s.cfg.Session
	if now.Sub(ss.LastSeenAt) >= p.Idle || now.Sub(ss.CreatedAt) >= p.Absolute {
		if _, err := tx.ExecContext(ctx, "DELETE FROM account_session WHERE id = $1", ss.ID); err != nil {
			return ss, fmt.Errorf("end timed-out session: %w", err)
		}
		return ss, ErrNoSession
	}
	return ss, nil
}

// Rotate gives the session of token a new cookie value and returns it; the
// old value stops working. Call it at every privilege change.
func (s *Service) Rotate(ctx context.Context, token string) (string, error) {
	var plain string
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		ss, err := s.liveSession(ctx, tx, token)
		if err != nil {
			return err
		}
		plain, err = s.rotate(ctx, tx, ss, ss.Stage)
		return err
	})
	return plain, err
}

// rotate stores a new token hash and stage for ss and returns the token.
func (s *Service) rotate(ctx context.Context, tx *store.Tx, ss Session, stage Stage) (string, error) {
	plain, digest := bearer.New()
	_, err := tx.ExecContext(ctx, "UPDATE account_session SET token_hash = $1, stage = $2, last_seen_at = $3 WHERE id = $4",
		digest, stage, s.clock(), ss.ID)
	if err != nil {
		return "", fmt.Errorf("rotate session: %w", err)
	}
	return plain, nil
}

// Logout ends the session of token on the server. An unknown token is not
// an error: the browser's cookie is gone either way.
func (s *Service) Logout(ctx context.Context, token string) error {
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		var id, accountID int64
		var tenantID tenant.ID
		err := tx.QueryRowContext(ctx, "SELECT id, account_id, tenant_id FROM account_session WHERE token_hash = $1",
			bearer.Hash(token)).Scan(&id, &accountID, &tenantID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read session: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM account_session WHERE id = $1", id); err != nil {
			return fmt.Errorf("end session: %w", err)
		}
		return s.audit(ctx, tx, event{tenantID: tenantID, actor: Actor(accountID), action: "session.end",
			object: idString(accountID), details: map[string]any{"session": id, "reason": "logout"}})
	})
}

// endSessions deletes every session of accountID in tenantID and returns
// how many.
func endSessions(ctx context.Context, q store.Querier, tenantID tenant.ID, accountID int64) (int64, error) {
	res, err := q.ExecContext(ctx, "DELETE FROM account_session WHERE account_id = $1 AND tenant_id = $2", accountID, tenantID)
	if err != nil {
		return 0, fmt.Errorf("end sessions: %w", err)
	}
	return res.RowsAffected()
}
