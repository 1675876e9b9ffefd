package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/app"
	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// caseworkCommands are the back office's subcommands, merged into commands().
func caseworkCommands() map[string]command {
	return map[string]command{
		"export xdomea": {"export a case file as xdomea 3.0.0 message 0503 (zip) for an archive", exportXdomea},
		"retention run": {"delete case files whose retention period ran out (--dry-run lists them)", retentionRun},
		"verify notice": {"check a notice PDF's seal: valid (exit 0) or invalid (exit 1)", verifyNotice},
	}
}

// newAkte builds the case file service on the configured blobs. Its
// retention publishes events.FileDeleted: the subscribers that delete the
// case and the application are declared, and run in the serving processes.
func newAkte(db *store.DB, cfg config.Config, log *slog.Logger) (*akte.Service, error) {
	blobs, _, err := app.OpenBlobs(context.Background(), db, cfg)
	if err != nil {
		return nil, err
	}
	q, err := jobs.New(db, log, jobs.Config{})
	if err != nil {
		return nil, err
	}
	bus := events.NewBus(q) // the queue never starts here: serving processes purge
	app.DeclareSubscribers(bus)
	return akte.New(akte.Deps{DB: db, Blobs: blobs, Log: log, Events: bus})
}

func exportXdomea(e env, args []string) int {
	var cfg config.Config
	var out, slug string
	var parties partyFlags
	ref, log, code, ok := oneArg(e, "export xdomea", "amtsweg export xdomea REFERENCE --out FILE.zip [--tenant SLUG] [--private]", "REFERENCE", args, &cfg, func(fs *flag.FlagSet) {
		config.Register(fs, &cfg)
		fs.StringVar(&out, "out", "", "zip file to write (default: the name the standard gives, in the current directory)")
		fs.StringVar(&slug, "tenant", "", "tenant slug (needed when there are several tenants)")
		parties.register(fs)
	})
	if !ok {
		return code
	}
	db, ok := openFor(e, "export xdomea", cfg, log)
	if !ok {
		return 1
	}
	defer db.Close()
	t, ok := tenantArg(e, db, "export xdomea", slug)
	if !ok {
		return 1
	}
	files, err := newAkte(db, cfg, log)
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg export xdomea: %v\n", err)
		return 1
	}
	return writeExport(e, db, files, t, ref, out, parties)
}

// writeExport writes the zip to a temporary file and renames it into
// place, so a failed export leaves no half-written zip, then audits it.
func writeExport(e env, db *store.DB, files *akte.Service, t tenant.Tenant, ref, out string, p partyFlags) int {
	dir := filepath.Dir(out)
	if out == "" {
		dir = "."
	}
	tmp, err := createTemp(dir, ".xdomea-", outputMode(p.private))
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg export xdomea: %v\n", err)
		return 1
	}
	defer os.Remove(tmp.Name())
	ex, err := files.Export(e.ctx, tmp, t.ID, ref, p.options(t))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if out == "" {
		out = ex.FileName
	}
	if err == nil {
		err = os.Rename(tmp.Name(), out)
	}
	if err == nil {
		err = db.Tx(e.ctx, func(tx *store.Tx) error {
			return audit.Append(e.ctx, tx, audit.Entry{TenantID: int64(t.ID), Actor: "cli", Action: "akte.export_xdomea",
				ObjectType: "case", ObjectID: ref, Details: map[string]any{"process_id": ex.ProcessID, "documents": ex.Documents}})
		})
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg export xdomea: %v\n", err)
		return 1
	}
	fmt.Fprintf(e.stdout, "exported %s: %d documents, ProzessID %s → %s\n", ref, ex.Documents, ex.ProcessID, out)
	return 0
}

// pickTenant resolves --tenant, or the only tenant when none is given.
func pickTenant(ctx context.Context, db *store.DB, slug string) (tenant.Tenant, error) {
	if slug != "" {
		return tenant.BySlug(ctx, db, slug)
	}
	ts, err := tenant.List(ctx, db)
	if err != nil {
		return tenant.Tenant{}, err
	}
	if len(ts) != 1 {
		return tenant.Tenant{}, fmt.Errorf("there are %d tenants: name one with --tenant", len(ts))
	}
	return ts[0], nil
}

func retentionRun(e env, args []string) int {
	var cfg config.Config
	var dry bool
	log, code, ok := parse(e, "retention run", "amtsweg retention run [--dry-run]", args, &cfg, func(fs *flag.FlagSet) {
		config.Register(fs, &cfg)
		fs.BoolVar(&dry, "dry-run", false, "only list what would be deleted")
	})
	if !ok {
		return code
	}
	db, ok := openFor(e, "retention run", cfg, log)
	if !ok {
		return 1
	}
	defer db.Close()
	files, err := newAkte(db, cfg, log)
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg retention run: %v\n", err)
		return 1
	}
	rep, err := files.RunRetention(e.ctx, dry)
	printRetention(e.stdout, rep)
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg retention run: %v\n", err)
		return 1
	}
	return 0
}

func printRetention(w io.Writer, rep akte.RetentionReport) {
	verb := "deleted"
	if rep.DryRun {
		verb = "would delete"
	}
	for _, d := range rep.Deleted {
		fmt.Fprintf(w, "%s %s (%s, %d documents, closed %s, due %s)\n", verb, d.Reference, d.ProcedureID, d.Documents,
			d.ClosedAt.Format("2006-01-02"), d.DeleteAfter.Format("2006-01-02"))
	}
	fmt.Fprintf(w, "%s %d files; %d due files kept by a legal hold\n", verb, len(rep.Deleted), rep.Held)
}

func verifyNotice(e env, args []string) int {
	var cfg config.Config
	file, log, code, ok := oneArg(e, "verify notice", "amtsweg verify notice FILE.pdf", "FILE.pdf", args, &cfg, nil)
	if !ok {
		return code
	}
	pdf, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg verify notice: %v\n", err)
		return 1
	}
	db, ok := openFor(e, "verify notice", cfg, log)
	if !ok {
		return 1
	}
	defer db.Close()
	v, err := casework.Verify(e.ctx, db, pdf)
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg verify notice: %v\n", err)
		return 1
	}
	if !v.Valid {
		fmt.Fprintf(e.stdout, "INVALID: %s (SHA-256 %s)\n", v.Reason, v.SHA256)
		return 1
	}
	fmt.Fprintf(e.stdout, "VALID: notice %s of %s, %s, sent %s (SHA-256 %s)\n", v.Reference, v.AuthorityName,
		v.Outcome.Label(), v.SentAt.Format("2006-01-02 15:04 MST"), v.SHA256)
	return 0
}

// tenantArg resolves a command's --tenant flag (or the only tenant when
// the installation has just one); a problem is printed for the command.
func tenantArg(e env, db *store.DB, name, slug string) (tenant.Tenant, bool) {
	t, err := pickTenant(e.ctx, db, slug)
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg %s: tenant %q: %v\n", name, slug, err)
		return t, false
	}
	return t, true
}
