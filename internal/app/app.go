// Package app wires one amtsweg process together: database, migrations,
// blob storage, background jobs and the HTTP server. The binary and the
// end-to-end tests start the very same App, so a test exercises what users
// run.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/blob/keyring"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/catalog/live"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/demo"
	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/fitconnect"
	"github.com/amtsweg/amtsweg/internal/fitconnect/subscriber"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/outage"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/sso"
	"github.com/amtsweg/amtsweg/internal/sso/demoidp"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
	"github.com/amtsweg/amtsweg/internal/web"
	"github.com/amtsweg/amtsweg/internal/webhook"
)

// App is one running amtsweg process.
type App struct {
	cfg config.Config
	log *slog.Logger
	DB  *store.DB
	// Blobs is the encrypted file store; Keys its keyring (blobs.go).
	Blobs   *blob.Sealed
	Keys    *keyring.Keyring
	Metrics *prometheus.Registry
	Jobs    *jobs.Queue
	// Events delivers domain events to the subscribers (events.go).
	Events *events.Bus
	// Outage knows whether the database is reachable (crisis mode,
	// docs/crisis.md); Serve runs its prober.
	Outage *outage.Monitor
	// Catalog is the in-memory search index and read model of the service
	// catalog; Serve keeps it in sync with the database.
	Catalog *live.Catalog
	// Accounts is the account service; Mailer sends its e-mails.
	Accounts *account.Service
	Mailer   *mail.Mailer
	// Backoffice is case processing and the case file (casework.go).
	Backoffice *Backoffice
	// Webhooks delivers events to API clients (integration.go).
	Webhooks *webhook.Service
	// FitConnect seals submissions for FIT-Connect (fitconnect.go).
	FitConnect *fitconnect.Service
	sso        *sso.Provider
	// demoEID is the demo identity provider (--demo without
	// --oidc-issuer), nil otherwise.
	demoEID *demoidp.Provider
	server  *http.Server
	ln      net.Listener
	// metrics serves /metrics on --metrics-addr (nil when it shares Addr).
	metrics   *http.Server
	metricsLn net.Listener
}

// New opens the database, migrates it, seeds demo data when asked and
// builds the HTTP handler. Call Listen and Serve to run it, Close to release
// it.
func New(ctx context.Context, cfg config.Config, log *slog.Logger) (a *App, err error) {
	a = &App{cfg: cfg, log: log, Metrics: prometheus.NewRegistry()}
	built := a // the error returns below set a to nil
	defer func() {
		if err != nil {
			built.Close()
		}
	}()
	if a.DB, err = store.Open(ctx, cfg.Database()); err != nil {
		return nil, err
	}
	log.Info("database opened", "engine", a.DB.Dialect.String(), "url", a.DB.URL)
	a.Outage = outage.NewMonitor(a.DB.Ping, log)
	if err = a.DB.Migrate(ctx, log); err != nil {
		return nil, err
	}
	if a.Blobs, a.Keys, err = OpenBlobs(ctx, a.DB, cfg); err != nil {
		return nil, err
	}
	if err = a.sealSecrets(ctx); err != nil {
		return nil, err
	}
	if a.Jobs, err = jobs.New(a.DB, log, jobs.Config{Lease: a.cfg.JobLease}); err != nil {
		return nil, err
	}
	a.Events = events.NewBus(a.Jobs)
	if err = a.registerAudit(); err != nil {
		return nil, err
	}
	if cfg.Demo { // one process at a time: several may start together on an empty database
		if err = a.DB.Exclusive(ctx, "demo-seed", func() error { return demo.Seed(ctx, a.DB, log) }); err != nil {
			return nil, fmt.Errorf("demo data: %w", err)
		}
	}
	if a.Mailer, err = a.newMailer(); err != nil {
		return nil, err
	}
	if a.Accounts, err = a.newAccounts(ctx); err != nil {
		return nil, err
	}
	if a.Backoffice, err = a.newBackoffice(ctx); err != nil {
		return nil, err
	}
	if cfg.Demo { // after the clearing offices, where Thuringia's demo staff work
		if err = a.DB.Exclusive(ctx, "demo-seed", func() error { return a.seedDemoStaff(ctx, log) }); err != nil {
			return nil, err
		}
	}
	if a.sso, err = a.newSSO(); err != nil {
		return nil, err
	}
	if a.Catalog, err = live.Open(ctx, a.DB, log); err != nil {
		return nil, fmt.Errorf("catalog search index: %w", err)
	}
	a.registerMetrics()
	handler, err := a.handler(ctx)
	if err != nil {
		return nil, err
	}
	a.server = &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // large uploads on slow links
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	return a, nil
}

func (a *App) handler(ctx context.Context) (http.Handler, error) {
	tenants, err := tenant.NewResolver(ctx, a.DB)
	if err != nil {
		return nil, err
	}
	finder, directory, err := a.warmCatalog(ctx)
	if err != nil {
		return nil, err
	}
	applications, err := a.newApply(finder)
	if err != nil {
		return nil, err
	}
	if err := a.newFitConnectInbox(ctx, applications); err != nil {
		return nil, err
	}
	postfach, err := a.newMailbox(applications)
	if err != nil {
		return nil, err
	}
	jsonAPI := a.newAPI(tenants, finder, postfach, applications) // also makes a.Webhooks
	srv, err := web.New(web.Deps{
		Log: a.log, Ready: a.DB.Ping, Blobs: a.Blobs, Tenants: tenants, Metrics: a.Metrics,
		MaxInflight: a.cfg.MaxInflight, MaxBody: a.cfg.MaxBody,
		MaxSubmitInflight: a.cfg.MaxSubmitInflight, SubmitQueueBudget: a.cfg.SubmitQueueWait,
		Catalog: a.Catalog, Finder: finder, Directory: directory, Outage: a.Outage, Overlays: procedure.NewOverlays(a.DB),
		Clients: apiclient.NewRegistry(a.DB, a.Keys), FitConnect: subscriber.NewInbox(a.DB, a.Keys), Apply: applications, Mailbox: postfach, Cases: a.Backoffice.Cases,
		Files:    a.Backoffice.Files,
		Accounts: a.Accounts, Mailer: a.Mailer, SSO: a.sso, BaseURL: a.baseURL, Sessions: web.LoginSessions{},
		Webhooks: a.Webhooks, Jobs: a.Jobs, MetricsElsewhere: a.cfg.MetricsAddr != "", DemoLogins: a.demoLogins(),
		DemoEID: a.demoEID,
	})
	if err != nil {
		return nil, err
	}
	if a.cfg.MetricsAddr != "" {
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", srv.MetricsHandler())
		a.metrics = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: time.Minute,
			ErrorLog: slog.NewLogLogger(a.log.Handler(), slog.LevelWarn)}
	}
	return srv.WithAPI(jsonAPI.Handler()), nil
}

// warmCatalog builds the finder's and the place index's in-memory
// snapshots at start, not on the first request: the catalog pages serve
// from them while the database is unreachable (crisis mode), also when
// nobody used them before the outage began.
func (a *App) warmCatalog(ctx context.Context) (*catalog.Finder, *catalog.Directory, error) {
	finder, directory := catalog.NewFinder(a.DB), catalog.NewDirectory(a.DB)
	if err := finder.Warm(ctx); err != nil {
		return nil, nil, fmt.Errorf("responsibility finder: %w", err)
	}
	if err := directory.Warm(ctx); err != nil {
		return nil, nil, fmt.Errorf("place index: %w", err)
	}
	return finder, directory, nil
}

func (a *App) registerMetrics() {
	a.Metrics.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(a.DB.Writer(), "write"),
	)
	a.Metrics.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "amtsweg_job_queue_depth",
		Help: "Background jobs waiting to run (due, scheduled or waiting for a retry).",
	}, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		n, err := a.Jobs.Depth(ctx)
		if err != nil {
			return -1
		}
		return float64(n)
	}))
	if a.DB.Reader() != a.DB.Writer() {
		a.Metrics.MustRegister(collectors.NewDBStatsCollector(a.DB.Reader(), "read"))
	}
}

// Listen binds the configured address (use 127.0.0.1:0 for a free port).
func (a *App) Listen() error {
	ln, err := net.Listen("tcp", a.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", a.cfg.Addr, err)
	}
	a.ln = ln
	if a.metrics != nil {
		if a.metricsLn, err = net.Listen("tcp", a.cfg.MetricsAddr); err != nil {
			ln.Close()
			return fmt.Errorf("listen on %s for metrics: %w", a.cfg.MetricsAddr, err)
		}
	}
	return nil
}

// MetricsURL is where /metrics is served, after Listen.
func (a *App) MetricsURL() string {
	if a.metricsLn == nil {
		return a.URL() + "/metrics"
	}
	return "http://" + a.metricsLn.Addr().String() + "/metrics"
}

// URL is the base URL the app listens on, after Listen.
func (a *App) URL() string { return "http://" + a.ln.Addr().String() }

// Serve serves HTTP until ctx is cancelled, then stops accepting, lets
// in-flight requests finish within the shutdown timeout and returns.
func (a *App) Serve(ctx context.Context) error {
	if a.ln == nil {
		if err := a.Listen(); err != nil {
			return err
		}
	}
	a.log.Info("listening", "url", a.URL())
	if a.cfg.Jobs {
		if err := a.Jobs.Start(ctx); err != nil {
			return err
		}
		a.log.Info("background jobs started")
		go a.Webhooks.Run(ctx)
		go a.FitConnect.Run(ctx)
	}
	go a.Catalog.Run(ctx)
	go a.Outage.Run(ctx)
	errc := make(chan error, 1)
	go func() { errc <- a.server.Serve(a.ln) }()
	if a.metrics != nil {
		a.log.Info("metrics listening", "url", a.MetricsURL())
		go a.metrics.Serve(a.metricsLn) // its error is ErrServerClosed after Close below
		defer a.metrics.Close()
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.log.Info("shutting down", "grace", a.cfg.ShutdownIn)
	sctx, cancel := context.WithTimeout(context.Background(), a.cfg.ShutdownIn)
	defer cancel()
	err := a.server.Shutdown(sctx)
	if errors.Is(err, context.DeadlineExceeded) {
		a.log.Warn("shutdown: requests still running after the grace period were cut off")
		a.server.Close()
	}
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	if a.cfg.Jobs {
		jctx, cancel := context.WithTimeout(context.Background(), a.cfg.ShutdownIn)
		defer cancel()
		if jerr := a.Jobs.Stop(jctx); jerr != nil {
			a.log.Warn("shutdown: running jobs were cancelled; they will be retried", "err", jerr)
		}
	}
	return err
}

// Close releases the search index and the database. Safe to call on a
// partly built App.
func (a *App) Close() error {
	if a.Catalog != nil {
		a.Catalog.Close()
	}
	if a.DB != nil {
		return a.DB.Close()
	}
	return nil
}
