package cli

import (
	"flag"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/app"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/sso"
)

func serve(e env, args []string) int {
	var cfg config.Config
	log, code, ok := parse(e, "serve", "amtsweg serve [flags]", args, &cfg, func(fs *flag.FlagSet) {
		config.RegisterServe(fs, &cfg)
		mail.RegisterFlags(fs, &cfg.Mail)
		sso.RegisterFlags(fs, &cfg.OIDC)
	})
	if !ok {
		return code
	}
	a, err := app.New(e.ctx, cfg, log)
	if err != nil {
		log.Error("start failed", "err", err)
		return 1
	}
	defer a.Close()
	if err := a.Serve(e.ctx); err != nil {
		log.Error("serve", "err", err)
		return 1
	}
	log.Info("stopped")
	return 0
}

func migrate(e env, args []string) int {
	var cfg config.Config
	log, code, ok := parse(e, "migrate", "amtsweg migrate [flags]", args, &cfg, nil)
	if !ok {
		return code
	}
	db, ok := openFor(e, "migrate", cfg, log)
	if !ok {
		return 1
	}
	defer db.Close()
	fmt.Fprintln(e.stdout, "database is up to date")
	return 0
}

func auditVerify(e env, args []string) int {
	var cfg config.Config
	log, code, ok := parse(e, "audit verify", "amtsweg audit verify [flags]", args, &cfg, nil)
	if !ok {
		return code
	}
	anchor, err := app.AuditAnchor(cfg, log)
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg audit verify: %v\n", err)
		return 1
	}
	db, ok := openFor(e, "audit verify", cfg, log)
	if !ok {
		return 1
	}
	defer db.Close()
	n, latest, problems, err := anchor.VerifyAnchored(e.ctx, db)
	if err != nil {
		log.Error("verify", "err", err)
		return 1
	}
	for _, p := range problems {
		fmt.Fprintf(e.stdout, "BROKEN %s\n", p)
	}
	if len(problems) > 0 {
		fmt.Fprintf(e.stdout, "audit log: %d rows checked, %d problems\n", n, len(problems))
		return 1
	}
	fmt.Fprintf(e.stdout, "audit log: %d rows checked, chain intact\n", n)
	switch {
	case anchor.Key == nil:
		fmt.Fprintf(e.stdout, "no audit key (%s or DATA/audit.key): checkpoints not checked; truncation cannot be ruled out\n", app.EnvAuditKey)
	case latest.Seq == 0:
		fmt.Fprintf(e.stdout, "no checkpoint yet in %s or the database: truncation cannot be ruled out\n", anchor.File)
	default:
		fmt.Fprintf(e.stdout, "latest checkpoint: row %d of %s matches; %d rows written since are not yet anchored\n",
			latest.Seq, latest.At.UTC().Format(time.RFC3339), int64(n)-latest.Seq)
	}
	return 0
}
