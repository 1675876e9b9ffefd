package account

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"time"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// LockoutPolicy limits password guessing (Sperre nach Fehlversuchen).
// Failures are counted per e-mail address — known or not, so a lock reveals
// nothing — and per client address, in the database so that all processes
// agree. Every lock ends by itself.
type LockoutPolicy struct {
	Failures int           // failed logins per e-mail address within Window that lock it
	Window   time.Duration // counting window; a quiet window starts the count anew
	LockFor  time.Duration // first lock; each further lock doubles it ...
	MaxLock  time.Duration // ... up to this cap; after a quiet MaxLock the doubling starts over
	// AddrFailures failed logins from one client address (an IPv6 /64)
	// within Window lock that address for AddrLockFor (doubling likewise).
	AddrFailures int
	AddrLockFor  time.Duration
}

// DefaultLockoutPolicy: 10 failures in 15 minutes lock the address for 15
// minutes, then 30, 60, ... at most 4 hours; 100 failures from one client
// address lock that client likewise.
func DefaultLockoutPolicy() LockoutPolicy {
	return LockoutPolicy{Failures: 10, Window: 15 * time.Minute, LockFor: 15 * time.Minute,
		MaxLock: 4 * time.Hour, AddrFailures: 100, AddrLockFor: 15 * time.Minute}
}

// emailSubject is the throttle key of an e-mail address: a hash, so the
// table holds no addresses, and defined for unknown addresses too.
func emailSubject(tenantID tenant.ID, emailNorm string) string {
	sum := sha256.Sum256([]byte(tenantID.String() + ":" + emailNorm))
	return "e:" + hex.EncodeToString(sum[:16])
}

// addrSubject is the throttle key of a client address ("host" or
// "host:port"): the IPv4 address or the IPv6 /64 network, since one
// client usually holds a whole /64.
func addrSubject(clientAddr string) string {
	host := clientAddr
	if h, _, err := net.SplitHostPort(clientAddr); err == nil {
		host = h
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return "a:unknown"
	}
	ip = ip.Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return "a:" + p.String()
	}
	return "a:" + ip.String()
}

// lockedUntil returns the latest running lock among subjects (zero if none).
func lockedUntil(ctx context.Context, q store.Querier, tenantID tenant.ID, now time.Time, subjects ...string) (time.Time, error) {
	var until time.Time
	for _, sub := range subjects {
		var t sql.NullTime
		err := q.QueryRowContext(ctx, "SELECT locked_until FROM login_throttle WHERE tenant_id = $1 AND subject = $2",
			tenantID, sub).Scan(&t)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return until, fmt.Errorf("read login throttle: %w", err)
		}
		if t.Valid && now.Before(t.Time) && t.Time.After(until) {
			until = t.Time
		}
	}
	return until, nil
}

// throttle is one row of login_throttle.
type throttle struct {
	failures    int
	windowStart time.Time
	lockedUntil sql.NullTime
	lockouts    int
}

// countFailure adds one failure to subject and locks it when the count
// reaches limit; it returns the new lock's end, or zero.
func (s *Service) countFailure(ctx context.Context, tx *store.Tx, tenantID tenant.ID, subject string, limit int, base time.Duration) (time.Time, error) {
	now, p := s.clock(), s.cfg.Lockout
	_, err := tx.ExecContext(ctx, `INSERT INTO login_throttle (tenant_id, subject, failures, window_start, lockouts)
		VALUES ($1, $2, 0, $3, 0) ON CONFLICT (tenant_id, subject) DO NOTHING`, tenantID, subject, now)
	if err != nil {
		return time.Time{}, fmt.Errorf("login throttle: %w", err)
	}
	sel := "SELECT failures, window_start, locked_until, lockouts FROM login_throttle WHERE tenant_id = $1 AND subject = $2" + tx.ForUpdate()
	var t throttle
	if err := tx.QueryRowContext(ctx, sel, tenantID, subject).Scan(&t.failures, &t.windowStart, &t.lockedUntil, &t.lockouts); err != nil {
		return time.Time{}, fmt.Errorf("login throttle: %w", err)
	}
	if now.Sub(t.windowStart) >= p.Window {
		t.failures, t.windowStart = 0, now
	}
	if t.lockedUntil.Valid && now.Sub(t.lockedUntil.Time) >= p.MaxLock {
		t.lockouts = 0
	}
	t.failures++
	var until time.Time
	if t.failures >= limit {
		t.lockouts++
		until = now.Add(lockDuration(base, p.MaxLock, t.lockouts))
		t.failures, t.windowStart, t.lockedUntil = 0, now, sql.NullTime{Time: until, Valid: true}
	}
	_, err = tx.ExecContext(ctx, `UPDATE login_throttle SET failures = $1, window_start = $2, locked_until = $3,
		lockouts = $4 WHERE tenant_id = $5 AND subject = $6`,
		t.failures, t.windowStart, nullTime(t.lockedUntil.Time), t.lockouts, tenantID, subject)
	if err != nil {
		return time.Time{}, fmt.Errorf("login throttle: %w", err)
	}
	return until, nil
}

// lockDuration is base doubled for each lockout after the first, capped.
func lockDuration(base, max time.Duration, lockouts int) time.Duration {
	d := base
	for i := 1; i < lockouts && d < max; i++ {
		d *= 2
	}
	return min(d, max)
}

// unlock lifts the login lock of a (after a password reset or by an admin).
func (s *Service) unlock(ctx context.Context, tx *store.Tx, a Account) error {
	norm, err := NormalizeEmail(a.Email)
	if err == nil {
		_, err = tx.ExecContext(ctx, "DELETE FROM login_throttle WHERE tenant_id = $1 AND subject = $2",
			a.TenantID, emailSubject(a.TenantID, norm))
	}
	if err == nil {
		_, err = tx.ExecContext(ctx, "UPDATE account SET locked_until = NULL WHERE id = $1", a.ID)
	}
	if err != nil {
		return fmt.Errorf("unlock account: %w", err)
	}
	return nil
}
