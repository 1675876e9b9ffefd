package apply

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

// Resume returns the guest draft (or submitted application) the resume
// secret leads to, with its attachments. An unknown, revoked or expired
// secret is fault.NotFound. Use GuestOwner(tenantID, secret) for the next steps.
func (s *Service) Resume(ctx context.Context, tenantID tenant.ID, secret string) (Application, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT id FROM application WHERE resume_hash = $1 AND tenant_id = $2`,
		bearer.Hash(secret), tenantID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Application{}, fault.New(fault.NotFound, "this link is unknown, expired or revoked")
	}
	if err != nil {
		return Application{}, fmt.Errorf("apply: resume: %w", err)
	}
	a, err := s.Get(ctx, id, GuestOwner(tenantID, secret))
	if fault.Is(err, fault.NotFound) {
		return a, fault.New(fault.NotFound, "this link is unknown, expired or revoked")
	}
	return a, err
}

// NewResumeLink replaces the guest's resume secret with a new one valid for
// the configured time and returns it; the old secret stops working at
// once (e.g. when the guest fears the link leaked).
func (s *Service) NewResumeLink(ctx context.Context, id int64, owner Owner) (string, time.Time, error) {
	secret, hash := bearer.New()
	expires := now().Add(s.cfg.ResumeTTL)
	err := s.setResume(ctx, id, owner, hash, expires, "application.resume_renew")
	if err != nil {
		return "", time.Time{}, err
	}
	return secret, expires, nil
}

// RevokeResumeLink makes the guest's resume link unusable; the draft is
// then unreachable and removed by the draft cleanup.
func (s *Service) RevokeResumeLink(ctx context.Context, id int64, owner Owner) error {
	return s.setResume(ctx, id, owner, nil, time.Time{}, "application.resume_revoke")
}

func (s *Service) setResume(ctx context.Context, id int64, owner Owner, hash any, expires time.Time, action string) error {
	if !owner.Guest() {
		return fault.New(fault.Conflict, "only guest applications have a resume link")
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		a, err := s.loadApp(ctx, tx, id, owner, tx.ForUpdate())
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE application SET resume_hash = $1, resume_expires_at = $2 WHERE id = $3`,
			hash, nullTime(expires), id); err != nil {
			return fmt.Errorf("apply: resume link: %w", err)
		}
		return s.audit(ctx, tx, a, action, nil)
	})
}
