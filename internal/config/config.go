// Package config holds the settings of one amtsweg process, read from flags
// and AMTSWEG_* environment variables (a flag wins over the variable).
// Configuration is passed down explicitly; there are no globals.
package config

import (
	"flag"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/sso"
)

// Config is the process configuration.
type Config struct {
	DataDir     string // SQLite file and blobs live here
	DatabaseURL string // postgres://... or empty for SQLite under DataDir
	// BlobURL says where stored files live (blob.Open): empty or
	// file:///dir for the local disk (default <data>/blobs), or
	// s3://bucket?endpoint=…&region=… for S3-compatible object storage.
	BlobURL string
	Addr    string // listen address
	// MetricsAddr is the listen address of /metrics; "" serves it on Addr,
	// to loopback host names only (never on a tenant's public host).
	MetricsAddr string
	LogFormat   string // "text" or "json"
	LogLevel    string // debug, info, warn, error
	Demo        bool   // seed demo data into an empty database
	// DemoHistory adds, with Demo, twelve weeks of demo cases
	// (demo.SeedHistory): on for `serve --demo`, off in the tests' app
	// starts, which build their own cases.
	DemoHistory bool
	BaseURL     string // public URL, for links in e-mails
	MaxInflight int    // concurrently served requests before 503
	// MaxSubmitInflight and SubmitQueueWait are the submissions' own
	// admission (Einreichen): at most that many at once, a further one
	// waits at most SubmitQueueWait for a slot, then gets 503.
	MaxSubmitInflight int
	SubmitQueueWait   time.Duration
	// BlobOrphanAge is how old an unreferenced blob (a crash between
	// storing a file and committing its row) must be before the sweep
	// deletes it; far longer than any store-to-commit window.
	BlobOrphanAge time.Duration
	// InboxWarnDays is the inbox's default "due soon" window in days
	// (casework.Config.WarnBefore; staff may choose their own).
	InboxWarnDays int
	MaxBody       int64         // bytes per request body (uploads have their own limit)
	ShutdownIn    time.Duration // grace period for in-flight requests
	Jobs          bool          // run background job workers in this process
	// JobLease is how long a running background job stays this process's
	// without a renewal (jobs.Config.Lease): after a crash or kill its
	// jobs run on another process about 1.5 × JobLease later.
	JobLease time.Duration
	// Mail says how notification e-mails leave the process (flags from
	// mail.RegisterFlags); with Demo and no SMTP host they are written as
	// .eml files into <data>/mail.
	Mail mail.Config
	// OIDC is the external identity provider for logins (flags from
	// sso.RegisterFlags); no issuer means none.
	OIDC sso.Config
	// WebhookAllow lists hosts (names or IP literals) webhooks may reach
	// although they resolve to loopback, private or link-local addresses
	// (package webhook's SSRF check); empty allows none.
	WebhookAllow []string
	// AuditCheckpoints is the file signed checkpoints of the audit chain
	// are appended to (package audit, Anchor); empty means
	// <data>/audit-checkpoints.jsonl. Keep it where the database's users
	// cannot write, and in the backups.
	AuditCheckpoints string
	// AuditCheckpointEvery is how often a checkpoint is taken: the window
	// in which rows written since the last one are not yet anchored.
	AuditCheckpointEvery time.Duration
	// FitConnectInbox reaches the FIT-Connect Submission Service as a
	// subscriber (package fitconnect/subscriber); no API URL means off.
	FitConnectInbox FitConnectInbox
}

// FitConnectInbox is the subscriber client of the FIT-Connect Submission
// Service (Zustelldienst): its API root, the OAuth token URL, the client
// credentials from the self-service portal and how often to poll.
type FitConnectInbox struct {
	APIURL, TokenURL, ClientID, ClientSecret string
	Every                                    time.Duration
}

// CheckpointFile is where audit checkpoints are appended.
func (c Config) CheckpointFile() string {
	if c.AuditCheckpoints != "" {
		return c.AuditCheckpoints
	}
	return filepath.Join(c.DataDir, "audit-checkpoints.jsonl")
}

// Database returns the connection string: the PostgreSQL URL or the SQLite
// file in the data directory.
func (c Config) Database() string {
	if c.DatabaseURL != "" {
		return c.DatabaseURL
	}
	return filepath.Join(c.DataDir, "amtsweg.db")
}

// BlobDir is where uploaded files are kept on the local disk when BlobURL
// names no other place.
func (c Config) BlobDir() string { return filepath.Join(c.DataDir, "blobs") }

// Register adds the common flags to fs. Subcommands call it and add their
// own; Parse then applies the environment.
func Register(fs *flag.FlagSet, c *Config) {
	fs.StringVar(&c.DataDir, "data", "./data", "directory for the SQLite database and uploaded files")
	fs.StringVar(&c.DatabaseURL, "database", "", "PostgreSQL URL (postgres://...); empty uses SQLite in the data directory (also AMTSWEG_DATABASE_URL)")
	fs.StringVar(&c.LogFormat, "log-format", "text", "log format: text or json")
	fs.StringVar(&c.LogLevel, "log-level", "info", "log level: debug, info, warn or error")
	fs.StringVar(&c.BlobURL, "blob-url", "", "where stored files live: empty for DATA/blobs, file:///DIR, or s3://BUCKET?endpoint=HOST:PORT&region=R for S3-compatible storage (credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)")
	fs.StringVar(&c.AuditCheckpoints, "audit-checkpoints", "", "file the signed audit checkpoints are appended to (default DATA/audit-checkpoints.jsonl)")
}

// RegisterServe adds the flags of the serve command.
func RegisterServe(fs *flag.FlagSet, c *Config) {
	Register(fs, c)
	fs.StringVar(&c.Addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", "", "own listen address for /metrics (e.g. 127.0.0.1:9464); empty serves it on --addr to loopback host names only")
	fs.StringVar(&c.BaseURL, "base-url", "", "public base URL of the portal, for links in e-mails (default http://ADDR)")
	fs.BoolVar(&c.Demo, "demo", false, "create demo data in an empty database")
	fs.BoolVar(&c.DemoHistory, "demo-history", true, "with --demo: also seed twelve weeks of demo cases for the back office")
	fs.BoolVar(&c.Jobs, "jobs", true, "run background job workers in this process")
	c.JobLease = time.Minute
	fs.Func("job-lease", "how long a running background job stays claimed without renewal; a killed process's jobs run elsewhere about 1.5 times this later (default 1m, at least 1s)",
		func(v string) (err error) { c.JobLease, err = parseLease(v); return err })
	fs.IntVar(&c.MaxInflight, "max-inflight", 256, "requests served at once; more get 503 with Retry-After")
	fs.IntVar(&c.MaxSubmitInflight, "max-submit-inflight", 8, "submissions served at once (within --max-inflight); more wait up to --submit-queue-wait, then get 503")
	fs.DurationVar(&c.SubmitQueueWait, "submit-queue-wait", 100*time.Millisecond, "how long a submission waits for a free slot before 503 with Retry-After")
	c.BlobOrphanAge = 24 * time.Hour
	fs.Func("blob-orphan-age", "unreferenced stored files older than this are deleted by the periodic sweep (default 24h, at least 1h)",
		func(v string) (err error) { c.BlobOrphanAge, err = parseOrphanAge(v); return err })
	fs.Func("inbox-warn-days", "days before a deadline the inbox marks a case \"due soon\" (1 to 60; default 7; never more than the last quarter of its processing period)",
		func(v string) (err error) { c.InboxWarnDays, err = parseWarnDays(v); return err })
	fs.DurationVar(&c.ShutdownIn, "shutdown-timeout", 20*time.Second, "how long in-flight requests may take to finish on shutdown")
	fs.Func("webhook-allow", "comma-separated hosts webhooks may reach although they resolve to private or loopback addresses",
		func(v string) (err error) { c.WebhookAllow, err = parseHosts(v); return err })
	fs.DurationVar(&c.AuditCheckpointEvery, "audit-checkpoint-every", 5*time.Minute, "how often a signed checkpoint of the audit chain is taken (at least 2m)")
	registerFitConnectInbox(fs, &c.FitConnectInbox)
	c.MaxBody = 1 << 20
}

// parseWarnDays reads --inbox-warn-days: 1 to 60 days.
func parseWarnDays(v string) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 60 {
		return 0, fmt.Errorf("%q: give a number of days from 1 to 60", v)
	}
	return n, nil
}

// parseOrphanAge reads --blob-orphan-age: at least an hour, so a file
// stored moments ago whose row is about to commit is never taken.
func parseOrphanAge(v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err == nil && d < time.Hour {
		err = fmt.Errorf("%s is too short: at least 1h", v)
	}
	return d, err
}

// parseLease reads --job-lease: at least a second, so renewals (every
// third of it) do not flood the database.
func parseLease(v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err == nil && d < time.Second {
		err = fmt.Errorf("%s is too short: at least 1s", v)
	}
	return d, err
}

// parseHosts reads a comma-separated list of host names or IP addresses;
// a URL or host:port is an error (the check compares bare hosts).
func parseHosts(v string) ([]string, error) {
	var out []string
	for _, h := range strings.Split(v, ",") {
		if h = strings.TrimSpace(h); h == "" {
			continue
		}
		if _, err := netip.ParseAddr(h); err != nil && strings.ContainsAny(h, "/:@ ") {
			return nil, fmt.Errorf("%q: give a host name or IP address, not a URL or host:port", h)
		}
		out = append(out, h)
	}
	return out, nil
}

// EnvName is the environment variable that sets flag name.
func EnvName(name string) string {
	return "AMTSWEG_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
}

// aliases are extra environment names accepted for a flag.
var aliases = map[string]string{"database": "AMTSWEG_DATABASE_URL"}

// Parse parses args, then sets every flag not given on the command line
// from its AMTSWEG_* variable. A bad value in either place is an error that
// names it.
func Parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if given[f.Name] || err != nil {
			return
		}
		for _, env := range []string{EnvName(f.Name), aliases[f.Name]} {
			if v, ok := os.LookupEnv(env); ok && env != "" {
				if e := fs.Set(f.Name, v); e != nil {
					err = fmt.Errorf("%s=%q: %v", env, v, e)
				}
				return
			}
		}
	})
	return err
}

// Usage prints the flags of fs with their environment variables.
func Usage(fs *flag.FlagSet, synopsis string) func() {
	return func() {
		w := fs.Output()
		fmt.Fprintf(w, "usage: %s\n\nflags (each also as an environment variable):\n", synopsis)
		fs.VisitAll(func(f *flag.Flag) {
			def := ""
			if f.DefValue != "" {
				def = fmt.Sprintf(" (default %s)", f.DefValue)
			}
			fmt.Fprintf(w, "  --%-18s %s%s\n  %-20s [%s]\n", f.Name, f.Usage, def, "", EnvName(f.Name))
		})
	}
}

// registerFitConnectInbox adds the FIT-Connect subscriber's flags.
func registerFitConnectInbox(fs *flag.FlagSet, c *FitConnectInbox) {
	fs.StringVar(&c.APIURL, "fitconnect-api", "", "FIT-Connect Submission API root (without /v1) to receive submissions for the configured destinations; empty: off")
	fs.StringVar(&c.TokenURL, "fitconnect-token-url", "", "OAuth 2.0 token URL of the FIT-Connect subscriber client")
	fs.StringVar(&c.ClientID, "fitconnect-client-id", "", "OAuth client id of the FIT-Connect subscriber client")
	fs.StringVar(&c.ClientSecret, "fitconnect-client-secret", "", "OAuth client secret of the FIT-Connect subscriber client (better: AMTSWEG_FITCONNECT_CLIENT_SECRET)")
	fs.DurationVar(&c.Every, "fitconnect-poll-every", 5*time.Minute, "how often new FIT-Connect submissions are picked up (at least 2m)")
}
