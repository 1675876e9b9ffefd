package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/jobs"
)

// EnvAuditKey names the variable with the audit key (64 hex digits) that
// signs the audit chain's checkpoints. Without it the key is kept in
// <data>/audit.key, created on first start; every process of an
// installation needs the same key, and it must never be stored in the
// database (the checkpoints guard against whoever can write there).
const EnvAuditKey = "AMTSWEG_AUDIT_KEY"

// registerAudit makes the job queue take a signed checkpoint of the audit
// chain every --audit-checkpoint-every (default 5 minutes).
func (a *App) registerAudit() error {
	key, err := secretKey(EnvAuditKey, a.cfg.DataDir, "audit.key")
	if err != nil {
		return err
	}
	every := a.cfg.AuditCheckpointEvery
	if every <= 0 {
		every = 5 * time.Minute
	}
	anchor := audit.Anchor{Key: key, File: a.cfg.CheckpointFile(), Log: a.log}
	jobs.Register(a.Jobs, func(ctx context.Context, _ auditCheckpointJob) error {
		_, err := anchor.Take(ctx, a.DB, time.Now())
		return err
	})
	a.Jobs.AddPeriodic(jobs.Periodic{Every: every, Args: auditCheckpointJob{}})
	return nil
}

// auditCheckpointJob takes a signed checkpoint of the audit chain
// (audit.Anchor.Take); it runs periodically, once per cluster.
type auditCheckpointJob struct{}

// Kind implements jobs.Args.
func (auditCheckpointJob) Kind() string { return "audit.checkpoint" }

// AuditAnchor is the anchor `amtsweg audit verify` checks against: the
// installation's audit key and checkpoint file. Without a key (no variable,
// no file) it has none, and only the chain itself can be checked.
func AuditAnchor(cfg config.Config, log *slog.Logger) (audit.Anchor, error) {
	key, err := readSecret(EnvAuditKey, cfg.DataDir, "audit.key")
	return audit.Anchor{Key: key, File: cfg.CheckpointFile(), Log: log}, err
}
