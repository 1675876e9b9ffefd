// Package bintest builds the real amtsweg binary for tests that run it as
// an operator does (serve, backup, restore as processes), so they exercise
// the command line, the environment and signals, not only the Go API.
package bintest

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Build compiles cmd/amtsweg into the test's temporary directory and
// returns the binary's path.
func Build(t testing.TB) string {
	t.Helper()
	mod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil || strings.TrimSpace(string(mod)) == "" {
		t.Fatalf("go env GOMOD: %v (%q)", err, mod)
	}
	bin := filepath.Join(t.TempDir(), "amtsweg")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/amtsweg")
	cmd.Dir = filepath.Dir(strings.TrimSpace(string(mod)))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}
