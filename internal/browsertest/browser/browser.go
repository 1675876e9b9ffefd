// Package browser drives the system's Chromium for tests: one headless
// browser per test binary, a fresh tab per test, accessibility checks with
// axe-core and keyboard-only helpers. It does not start amtsweg (package
// browsertest does), so the web package's own tests can use it too.
//
// The browser is /usr/bin/chromium (Debian's package; `apt-get install
// chromium`). A missing browser fails the test: browser tests are never
// skipped.
package browser

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// ExecPath is the Chromium binary the tests use.
const ExecPath = "/usr/bin/chromium"

// shared is the one browser of this test binary. It lives until the binary
// exits (Chromium dies with it); its profile directory is removed by the
// next run (see sweepProfiles).
var shared struct {
	once sync.Once
	ctx  context.Context
	err  error
}

// profilePrefix names the profile directories of test browsers, followed
// by the process id of the test binary that owns them.
const profilePrefix = "amtsweg-browsertest-"

func browserContext() (context.Context, error) {
	shared.once.Do(func() {
		if _, err := os.Stat(ExecPath); err != nil {
			shared.err = fmt.Errorf("browser tests need Chromium at %s (install it with `apt-get install chromium`): %w", ExecPath, err)
			return
		}
		sweepProfiles()
		dir, err := os.MkdirTemp("", profilePrefix+strconv.Itoa(os.Getpid())+"-")
		if err != nil {
			shared.err = err
			return
		}
		actx, _ := chromedp.NewExecAllocator(context.Background(),
			chromedp.ExecPath(ExecPath),
			chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
			chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(dir),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-dev-shm-usage", true),
			chromedp.Flag("disable-extensions", true),
			chromedp.Flag("force-color-profile", "srgb"),
			chromedp.WindowSize(1280, 900),
		)
		ctx, _ := chromedp.NewContext(actx)
		if err := chromedp.Do(ctx); err != nil { // start the browser now
			shared.err = fmt.Errorf("start %s: %w", ExecPath, err)
			return
		}
		shared.ctx = ctx
	})
	return shared.ctx, shared.err
}

// sweepProfiles removes profile directories left by earlier test binaries
// that have exited.
func sweepProfiles() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), profilePrefix+"*"))
	for _, d := range dirs {
		pid, _, _ := strings.Cut(strings.TrimPrefix(filepath.Base(d), profilePrefix), "-")
		if _, err := os.Stat("/proc/" + pid); err != nil {
			os.RemoveAll(d)
		}
	}
}

// Tab opens a new tab in the shared browser and closes it when the test
// ends. Run chromedp actions on the returned context. Each tab has its own
// browser context (like a private window): cookies are not bound to a port,
// so without it a language or session cookie one test's server set on
// 127.0.0.1 would reach every later test's server.
func Tab(t testing.TB) context.Context {
	t.Helper()
	bctx, err := browserContext()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	AcceptLanguage(t, ctx, "de-DE,de;q=0.9")
	return ctx
}

// AcceptLanguage sets the languages the tab asks for (the Accept-Language
// header and navigator.languages). Tab starts German, as most of the
// portal's users are; headless Chromium would otherwise ask for en-US.
func AcceptLanguage(t testing.TB, ctx context.Context, langs string) {
	t.Helper()
	ua, err := chromedp.Run(ctx, chromedp.Evaluate[string]("navigator.userAgent"))
	if err == nil {
		_, err = chromedp.Call(ctx, emulation.SetUserAgentOverride,
			emulation.SetUserAgentOverrideParams{UserAgent: ua, AcceptLanguage: langs})
	}
	if err != nil {
		t.Fatalf("set Accept-Language: %v", err)
	}
}

// Navigate loads url in the tab and waits for the page to load.
func Navigate(t testing.TB, ctx context.Context, url string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("navigate to %s: %v", url, err)
	}
}

// Eval evaluates a JavaScript expression in the page and returns its value
// decoded into T. When the document is replaced while the expression runs
// (a page that reloads itself, like the waiting room), it is evaluated
// again in the new document, up to three times: the expressions of the
// tests read the page or follow a link or button, which the new document
// offers again.
func Eval[T any](t testing.TB, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	for try := 1; err != nil && try < 3 && reloaded(err); try++ {
		v, err = chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	}
	if err != nil {
		t.Fatalf("evaluate %q: %v", expr, err)
	}
	return v
}

// Viewport sets the tab's viewport in CSS pixels (e.g. 390×844 for a
// phone).
func Viewport(t testing.TB, ctx context.Context, width, height int64) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, height)); err != nil {
		t.Fatalf("viewport: %v", err)
	}
}

// Screenshot writes a PNG of the whole page to path.
func Screenshot(t testing.TB, ctx context.Context, path string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// WaitFor waits up to 10 seconds until the JavaScript expression is true,
// e.g. after a click that loads a new page.
func WaitFor(t testing.TB, ctx context.Context, expr string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited 10s for %s (last error: %v)", expr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
