// Package apptest starts the whole amtsweg application, as `amtsweg serve`
// composes it, for end-to-end tests: on 127.0.0.1 with a free port, a
// private data directory, and shut down when the test ends.
package apptest

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/app"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// Config is the configuration end-to-end tests start from: demo data, a
// temporary data directory, loopback on a free port, warnings logged to
// the test. Tests change what they need before Start.
func Config(t testing.TB) config.Config {
	return config.Config{DataDir: t.TempDir(), Addr: "127.0.0.1:0", Demo: true,
		MaxInflight: 64, MaxBody: 1 << 20, ShutdownIn: 5 * time.Second,
		LogFormat: "text", LogLevel: "warn"}
}

// Start runs the application with cfg until the test ends and returns it
// listening (its address is a.URL()). The log goes to the test at level.
func Start(t testing.TB, cfg config.Config, level slog.Level) *app.App {
	t.Helper()
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: level}))
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.New(ctx, cfg, log)
	if err != nil {
		cancel()
		t.Fatalf("start app: %v", err)
	}
	storetest.Limit(t, a.DB)
	if err := a.Listen(); err != nil {
		cancel()
		a.Close()
		t.Fatalf("start app: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("app stopped with: %v", err)
		}
		a.Close()
	})
	return a
}
