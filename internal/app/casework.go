package app

import (
	"context"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/mailbox"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Backoffice is the back office's capabilities: case processing
// (Vorgangsbearbeitung) and the case file (Akte).
type Backoffice struct {
	Cases *casework.Service
	Files *akte.Service
}

// EnvSealSecret names the variable with the seal secret (64 hex digits)
// that encrypts the authorities' notice seal keys. Without it the secret is
// kept in <data>/seal.key, created on first start; every process of an
// installation needs the same secret.
const EnvSealSecret = "AMTSWEG_SEAL_SECRET"

// newBackoffice builds casework and akte, registers their jobs (receipt
// filing, the daily retention) before the queue starts, and makes sure
// every tenant has a clearing office (Clearingstelle). Submissions become
// cases through the event subscribers that newApply registers (events.go).
func (a *App) newBackoffice(ctx context.Context) (*Backoffice, error) {
	secret, err := secretKey(EnvSealSecret, a.cfg.DataDir, "seal.key")
	if err != nil {
		return nil, err
	}
	files, err := akte.New(akte.Deps{DB: a.DB, Blobs: a.Blobs, Log: a.log, Events: a.Events})
	if err != nil {
		return nil, err
	}
	cases, err := casework.New(casework.Deps{DB: a.DB, Blobs: a.Blobs, Jobs: a.Jobs, Akte: files, Mail: a.Mailer,
		Log: a.log, SealSecret: secret, Addressees: mailbox.Addressees{}, Events: a.Events, Config: casework.Config{BaseURL: a.baseURL,
			WarnBefore: time.Duration(a.cfg.InboxWarnDays) * 24 * time.Hour}})
	if err != nil {
		return nil, err
	}
	files.Register(a.Jobs)
	cases.Register(a.Jobs)
	ts, err := tenant.List(ctx, a.DB)
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		if _, err := cases.EnsureClearing(ctx, t.ID); err != nil {
			return nil, fmt.Errorf("clearing office of %s: %w", t.Slug, err)
		}
	}
	return &Backoffice{Cases: cases, Files: files}, nil
}
