package browser

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// AxeTags are the rule sets every page must pass: WCAG 2.0, 2.1 and 2.2,
// levels A and AA.
var AxeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// Violation is one failed axe-core rule with the elements that fail it.
type Violation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	URL    string `json:"helpUrl"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

func (v Violation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s <%s>", v.ID, v.Impact, v.Help, v.URL)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n    at %v: %s", n.Target, strings.ReplaceAll(n.Summary, "\n", " "))
	}
	return b.String()
}

// Axe checks the page open in the tab with axe-core and fails the test on
// any violation of AxeTags, listing rule, impact, help and the offending
// elements.
func Axe(t testing.TB, ctx context.Context) {
	t.Helper()
	vs, err := Violations(ctx)
	if err != nil {
		t.Fatalf("axe: %v", err)
	}
	if len(vs) == 0 {
		return
	}
	url, _ := chromedp.Run(ctx, chromedp.Location())
	var b strings.Builder
	for _, v := range vs {
		b.WriteString("\n  " + v.String())
	}
	t.Errorf("axe: %d accessibility violations on %s:%s", len(vs), url, b.String())
}

// Violations runs axe-core (node_modules/axe-core/axe.min.js of the
// repository, injected through the DevTools protocol, so the page's
// Content-Security-Policy does not block it) and returns the violations of
// AxeTags.
//
// A page that reloads itself (the waiting room's Refresh header) can
// replace the document while axe-core runs; axe-core is then gone with
// the old document. That is the page working, not a finding, so the
// check starts again on the new document, up to five times.
func Violations(ctx context.Context) ([]Violation, error) {
	src, err := axeSource()
	if err != nil {
		return nil, err
	}
	var out string
	for try := 1; ; try++ {
		out, err = runAxe(ctx, src)
		if err == nil || try == 5 || !reloaded(err) {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	var vs []Violation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		return nil, fmt.Errorf("axe-core result: %w", err)
	}
	return vs, nil
}

// runAxe injects axe-core into the tab's document and runs it there, in
// one evaluation, so no reload can come between the two.
func runAxe(ctx context.Context, src string) (string, error) {
	tags, _ := json.Marshal(AxeTags)
	run := src + `
		;axe.run(document, {runOnly: {type: "tag", values: ` + string(tags) + `}, resultTypes: ["violations"]})
		.then(r => JSON.stringify(r.violations))`
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](run, chromedp.EvalAwaitPromise))
	if err != nil {
		return "", fmt.Errorf("run axe-core: %w", err)
	}
	return out, nil
}

// reloaded reports whether err says the document changed while a script
// ran in it: the old one's context ended, or what it defined is not
// defined in the new one.
func reloaded(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "axe is not defined") || strings.Contains(msg, "context was destroyed") ||
		strings.Contains(msg, "Cannot find context") || strings.Contains(msg, "target navigated")
}

// axeSource reads axe.min.js from node_modules in the repository root (the
// directory with go.mod, found by walking up from the working directory).
func axeSource() (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	b, err := os.ReadFile(filepath.Join(root, "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		return "", fmt.Errorf("%w (run `npm ci` in %s)", err, root)
	}
	return string(b), nil
}

// RepoRoot returns the nearest directory at or above the working directory
// that holds go.mod.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}
