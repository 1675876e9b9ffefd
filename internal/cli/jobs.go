package cli

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// jobsCommands are the operator's background job commands: the failed jobs
// of every tenant and of the installation (tenant admins see their own in
// the tenant administration).
func jobsCommands() map[string]command {
	return map[string]command{
		"jobs failed": {"list background jobs that failed for good (all tenants and the installation)", jobsFailed},
		"jobs retry":  {"run a failed background job again after its cause was fixed (audited)", jobsRetry},
	}
}

// jobsFailed lists the failed (discarded) jobs, newest first: `amtsweg jobs
// failed [--tenant SLUG]`. Without --tenant it lists every tenant's and
// the installation's ("-") jobs.
func jobsFailed(e env, args []string) int {
	var cfg config.Config
	var slug string
	log, code, ok := parse(e, "jobs failed", "amtsweg jobs failed [--tenant SLUG] [flags]", args, &cfg, func(fs *flag.FlagSet) {
		config.Register(fs, &cfg)
		fs.StringVar(&slug, "tenant", "", "only this tenant's jobs")
	})
	if !ok {
		return code
	}
	db, q, ok := openQueue(e, "jobs failed", cfg, log)
	if !ok {
		return 1
	}
	defer db.Close()
	slugs, err := tenantSlugs(e, db)
	var failed []jobs.Job
	switch {
	case err != nil:
	case slug != "":
		t, ok := tenantArg(e, db, "jobs failed", slug)
		if !ok {
			return 1
		}
		failed, err = q.Failed(e.ctx, t.ID)
	default:
		failed, err = q.FailedAll(e.ctx)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg jobs failed: %v\n", err)
		return 1
	}
	printFailed(e.stdout, failed, slugs)
	return 0
}

// printFailed writes one tab-separated line per job under a header.
func printFailed(w io.Writer, failed []jobs.Job, slugs map[tenant.ID]string) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTENANT\tKIND\tSUBJECT\tATTEMPTS\tFAILED AT\tLAST ERROR")
	for _, j := range failed {
		owner := "-"
		if j.TenantID != 0 {
			owner = slugs[j.TenantID]
		}
		msg := strings.Join(strings.Fields(j.LastError), " ")
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%s\t%s\n", j.ID, owner, j.Kind, orDash(j.Subject), j.Attempt,
			j.FinishedAt.UTC().Format(time.RFC3339), msg)
	}
	tw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// jobsRetry makes one failed job due again: `amtsweg jobs retry ID`
// (the ID before or after the flags). The retry is audited with actor
// "cli" under the job's tenant (none for the installation's jobs).
func jobsRetry(e env, args []string) int {
	var cfg config.Config
	id, log, code, ok := oneArg(e, "jobs retry", "amtsweg jobs retry ID [flags]", "job ID", args, &cfg, nil)
	if !ok {
		return code
	}
	jobID, err := strconv.ParseInt(id, 10, 64)
	if err != nil || jobID <= 0 {
		fmt.Fprintln(e.stderr, "amtsweg jobs retry: name one job by its ID (see amtsweg jobs failed)")
		return 2
	}
	db, q, ok := openQueue(e, "jobs retry", cfg, log)
	if !ok {
		return 1
	}
	defer db.Close()
	j, err := q.Retry(e.ctx, jobs.RetryRequest{Operator: true, ID: jobID, Actor: "cli"})
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg jobs retry: %v\n", err)
		return 1
	}
	fmt.Fprintf(e.stdout, "job %d (%s) is due again; a running portal works it within its poll interval\n", j.ID, j.Kind)
	return 0
}

// openQueue opens the database and a job queue on it that is never
// started: it only reads and changes job rows.
func openQueue(e env, name string, cfg config.Config, log *slog.Logger) (*store.DB, *jobs.Queue, bool) {
	db, ok := openFor(e, name, cfg, log)
	if !ok {
		return nil, nil, false
	}
	q, err := jobs.New(db, log, jobs.Config{})
	if err != nil {
		db.Close()
		fmt.Fprintf(e.stderr, "amtsweg %s: %v\n", name, err)
		return nil, nil, false
	}
	return db, q, true
}

// tenantSlugs maps every tenant's id to its slug.
func tenantSlugs(e env, db *store.DB) (map[tenant.ID]string, error) {
	ts, err := tenant.List(e.ctx, db)
	slugs := make(map[tenant.ID]string, len(ts))
	for _, t := range ts {
		slugs[t.ID] = t.Slug
	}
	return slugs, err
}
