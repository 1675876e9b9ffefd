package cli

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// umask reads the process's umask from /proc (Linux) without changing it.
func umask(t *testing.T) os.FileMode {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status:", err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "Umask:"); ok {
			n, err := strconv.ParseUint(strings.TrimSpace(v), 8, 32)
			if err != nil {
				t.Fatal(err)
			}
			return os.FileMode(n)
		}
	}
	t.Skip("no Umask line in /proc/self/status")
	return 0
}

// TestExportFileMode is the regression test of #17 (xdomea): the export
// was written with os.CreateTemp's mode 0600, so the operator who hands it
// to the archive from a shared folder could not read it. It is 0644 less
// the umask now, and 0600 only with --private.
func TestExportFileMode(t *testing.T) {
	t.Parallel()
	d := storetest.Dialects()[0]
	dsn, dir := storetest.DSN(t, d), t.TempDir()
	ref, _ := decidedCase(t, dsn, dir, "")
	flags := []string{"--database", dsn, "--data", dir}
	for _, tt := range []struct {
		private bool
		want    os.FileMode
	}{{false, 0o644 &^ umask(t)}, {true, 0o600}} {
		zip := filepath.Join(dir, "akte-"+strconv.FormatBool(tt.private)+".zip")
		args := append([]string{"export", "xdomea", ref, "--out", zip}, flags...)
		if tt.private {
			args = append(args, "--private")
		}
		if code, out, errs := run(t, args...); code != 0 {
			t.Fatalf("export: %d %q %q", code, out, errs)
		}
		st, err := os.Stat(zip)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != tt.want {
			t.Errorf("export (private %v) has mode %v, want %v", tt.private, st.Mode().Perm(), tt.want)
		}
	}
}

// TestArchiveCommands imports a filing plan (a bad one is refused with
// its lines), lists it, and runs the offer and status of the archive
// conversation on a database with nothing due.
func TestArchiveCommands(t *testing.T) {
	t.Parallel()
	d := storetest.Dialects()[0]
	dsn, dir := storetest.DSN(t, d), t.TempDir()
	decidedCase(t, dsn, dir, "")
	flags := []string{"--database", dsn, "--data", dir}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("kennzeichen;titel;uebergeordnet;aufbewahrung;aussonderungsart\n32.10;Genehmigungen;32;P10Y;Q\n"), 0o600)
	if code, _, errs := run(t, append([]string{"filingplan", "import", bad}, flags...)...); code != 1 ||
		!strings.Contains(errs, "line 2 (32.10): aussonderungsart \"Q\"") || !strings.Contains(errs, "parent \"32\" is not in the plan") {
		t.Fatalf("bad plan: %d %q", code, errs)
	}
	good := filepath.Join(dir, "plan.csv")
	os.WriteFile(good, []byte("kennzeichen;titel;uebergeordnet;aufbewahrung;aussonderungsart\n32;Ordnung;;;\n32.10;Genehmigungen;32;P10Y;A\n"), 0o600)
	if code, out, errs := run(t, append([]string{"filingplan", "import", good}, flags...)...); code != 0 || !strings.Contains(out, "2 units") {
		t.Fatalf("plan: %d %q %q", code, out, errs)
	}
	if code, out, _ := run(t, append([]string{"filingplan", "list"}, flags...)...); code != 0 || !strings.Contains(out, "32.10\tGenehmigungen\tparent 32") {
		t.Fatalf("list: %d %q", code, out)
	}
	if code, out, errs := run(t, append([]string{"archive", "offer", "--out", dir}, flags...)...); code != 0 || !strings.Contains(out, "no files due") {
		t.Fatalf("offer: %d %q %q", code, out, errs)
	}
	if code, out, _ := run(t, append([]string{"archive", "status"}, flags...)...); code != 0 || !strings.Contains(out, "0 files") {
		t.Fatalf("status: %d %q", code, out)
	}
	if code, _, errs := run(t, append([]string{"archive", "reply", good, "--out", dir}, flags...)...); code != 1 || !strings.Contains(errs, "plan.csv is not an XML message") {
		t.Fatalf("reply with a CSV: %d %q", code, errs)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".xdomea-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}
