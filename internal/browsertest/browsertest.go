// Package browsertest starts the real amtsweg app for end-to-end tests and
// re-exports the Chromium helpers of package browser, so a page test reads:
//
//	base := browsertest.Start(t)
//	ctx := browsertest.Tab(t)
//	browsertest.Navigate(t, ctx, base+"/")
//	browsertest.Axe(t, ctx)          // zero WCAG 2.2 AA violations
//	browsertest.SkipLink(t, ctx)     // keyboard: skip link first, moves to main
//
// Tests of package web itself use package browser directly (this package
// imports the app, which imports web).
package browsertest

import (
	"context"
	"log/slog"
	"testing"

	"github.com/amtsweg/amtsweg/internal/app/apptest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/config"
)

// Option changes the configuration of the app Start runs.
type Option func(*config.Config)

// WithDatabaseURL runs the app on the given database (a PostgreSQL URL, or
// a SQLite file path) instead of a fresh SQLite file.
func WithDatabaseURL(url string) Option { return func(c *config.Config) { c.DatabaseURL = url } }

// WithMaxInflight sets how many requests the app serves at once.
func WithMaxInflight(n int) Option { return func(c *config.Config) { c.MaxInflight = n } }

// WithConfig changes any other setting.
func WithConfig(f func(*config.Config)) Option { return f }

// Start runs the real app — app.New with demo data on a fresh SQLite
// database in a temporary directory, listening on a free port of
// 127.0.0.1 — and returns its base URL ("http://127.0.0.1:PORT"). The app
// logs to the test's output and stops when the test ends.
func Start(t testing.TB, opts ...Option) string {
	t.Helper()
	cfg := apptest.Config(t)
	cfg.LogLevel = "info"
	for _, o := range opts {
		o(&cfg)
	}
	return apptest.Start(t, cfg, slog.LevelInfo).URL()
}

// Tab opens a new Chromium tab for the test; see browser.Tab.
func Tab(t testing.TB) context.Context { t.Helper(); return browser.Tab(t) }

// Navigate loads url in the tab; see browser.Navigate.
func Navigate(t testing.TB, ctx context.Context, url string) {
	t.Helper()
	browser.Navigate(t, ctx, url)
}

// Axe fails the test on any WCAG 2.2 AA violation; see browser.Axe.
func Axe(t testing.TB, ctx context.Context) { t.Helper(); browser.Axe(t, ctx) }

// TabSequence presses Tab n times and returns what got the focus; see
// browser.TabSequence.
func TabSequence(t testing.TB, ctx context.Context, n int) []browser.Focused {
	t.Helper()
	return browser.TabSequence(t, ctx, n)
}

// FocusVisible checks that the focused element shows its focus; see
// browser.FocusVisible.
func FocusVisible(t testing.TB, ctx context.Context) { t.Helper(); browser.FocusVisible(t, ctx) }

// SkipLink checks the skip link; see browser.SkipLink.
func SkipLink(t testing.TB, ctx context.Context) { t.Helper(); browser.SkipLink(t, ctx) }
