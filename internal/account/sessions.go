package account

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Sessions lists the sessions of accountID in tenantID, newest first ("my
// devices").
func (s *Service) Sessions(ctx context.Context, tenantID tenant.ID, accountID int64) ([]Session, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+sessionCols+
		" FROM account_session WHERE tenant_id = $1 AND account_id = $2 ORDER BY created_at DESC, id DESC", tenantID, accountID)
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	all, err := store.Collect(rows, nil, scanSession)
	if err != nil {
		return nil, err
	}
	var out []Session
	now, p := s.clock(), s.cfg.Session
	for _, ss := range all {
		if now.Sub(ss.LastSeenAt) < p.Idle && now.Sub(ss.CreatedAt) < p.Absolute {
			out = append(out, ss)
		}
	}
	return out, nil
}

// EndSession ends the session sessionID of accountID in tenantID (one of
// "my devices"); NotFound if it is not theirs.
func (s *Service) EndSession(ctx context.Context, tenantID tenant.ID, accountID, sessionID int64) error {
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM account_session WHERE tenant_id = $1 AND id = $2 AND account_id = $3",
			tenantID, sessionID, accountID)
		if err != nil {
			return fmt.Errorf("end session: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.NotFound, "no such session")
		}
		return s.audit(ctx, tx, event{tenantID: tenantID, actor: Actor(accountID), action: "session.end",
			object: idString(accountID), details: map[string]any{"session": sessionID, "reason": "ended by owner"}})
	})
}

// EndAllSessions ends every session of accountID (an admin's action, or
// "log out everywhere") and returns how many there were. actor is recorded.
func (s *Service) EndAllSessions(ctx context.Context, actor string, accountID int64) (int64, error) {
	var n int64
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		a, err := ByID(ctx, tx, accountID)
		if err != nil {
			return err
		}
		if n, err = endSessions(ctx, tx, a.TenantID, accountID); err != nil {
			return err
		}
		return s.audit(ctx, tx, event{tenantID: a.TenantID, actor: actor, action: "session.end_all",
			object: idString(accountID), details: map[string]any{"count": n}})
	})
	return n, err
}

// summarizeUserAgent keeps only browser and platform of a User-Agent
// header ("Firefox on Windows"), which is all a session list needs.
func summarizeUserAgent(ua string) string {
	browser := firstIn(ua, "Edg/:Edge", "OPR/:Opera", "Firefox/:Firefox", "Chrome/:Chrome", "Safari/:Safari", "curl/:curl")
	platform := firstIn(ua, "Android:Android", "iPhone:iOS", "iPad:iOS", "Windows:Windows", "Mac OS X:macOS", "Linux:Linux")
	switch {
	case browser == "" && platform == "":
		return "unknown"
	case platform == "":
		return browser
	case browser == "":
		return platform
	}
	return browser + " on " + platform
}

// firstIn returns the name of the first "marker:name" pair whose marker
// occurs in s.
func firstIn(s string, pairs ...string) string {
	for _, p := range pairs {
		marker, name, _ := strings.Cut(p, ":")
		if strings.Contains(s, marker) {
			return name
		}
	}
	return ""
}

// Cookie holds the parameters of the session cookie, so every handler sets
// it the same way.
type Cookie struct {
	Name     string
	Path     string
	Secure   bool
	HTTPOnly bool
	SameSite http.SameSite
}

// SessionCookie returns the session cookie parameters: HttpOnly,
// SameSite=Lax, and under TLS Secure with the __Host- prefix (which binds
// the cookie to this exact host and path /).
func SessionCookie(tls bool) Cookie {
	c := Cookie{Name: "amtsweg_session", Path: "/", HTTPOnly: true, SameSite: http.SameSiteLaxMode}
	if tls {
		c.Name, c.Secure = "__Host-amtsweg_session", true
	}
	return c
}

// New returns the cookie carrying value; a session cookie without
// Max-Age, since the server enforces the timeouts.
func (c Cookie) New(value string) *http.Cookie {
	return &http.Cookie{Name: c.Name, Value: value, Path: c.Path, Secure: c.Secure, HttpOnly: c.HTTPOnly, SameSite: c.SameSite}
}

// Clear returns the cookie that deletes it in the browser (at logout).
func (c Cookie) Clear() *http.Cookie {
	k := c.New("")
	k.MaxAge = -1
	return k
}
