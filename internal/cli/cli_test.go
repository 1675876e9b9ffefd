package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/app"
	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// auditLog migrates a fresh database of dialect d through the command and
// appends n audit rows; the database is closed with the test.
func auditLog(t *testing.T, d store.Dialect, n int) (string, *store.DB) {
	t.Helper()
	dsn := storetest.DSN(t, d)
	if code, _, errs := run(t, "migrate", "--database", dsn); code != 0 {
		t.Fatalf("migrate: %s", errs)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for i := 0; i < n; i++ {
		db.Tx(ctx, func(tx *store.Tx) error {
			return audit.Append(ctx, tx, audit.Entry{Actor: "a", Action: "b", ObjectType: "c", ObjectID: "d"})
		})
	}
	return dsn, db
}

func TestAuditVerifyNamesAlteredRow(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			dsn, db := auditLog(t, d, 4)
			ctx := context.Background()
			if code, out, _ := run(t, "audit", "verify", "--database", dsn); code != 0 || !strings.Contains(out, "4 rows checked, chain intact") {
				t.Fatalf("intact: code %d, %s", code, out)
			}
			db.ExecContext(ctx, "UPDATE audit_log SET object_id = 'x' WHERE seq = 2")
			code, out, _ := run(t, "audit", "verify", "--database", dsn)
			if code != 1 || !strings.Contains(out, "BROKEN row 2: content does not match") {
				t.Fatalf("altered: code %d, %s", code, out)
			}
		})
	}
}

// TestAuditVerifyReportsTruncation: with the installation's audit key
// and checkpoint file, `audit verify` names rows deleted at the end even
// when the chain head was moved back with them.
func TestAuditVerifyReportsTruncation(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			dsn, db := auditLog(t, d, 4)
			dir, ctx := t.TempDir(), context.Background()
			os.WriteFile(filepath.Join(dir, "audit.key"), []byte(strings.Repeat("ab", 32)+"\n"), 0o600)
			anchor, err := app.AuditAnchor(config.Config{DataDir: dir}, nil)
			if err != nil || anchor.Key == nil {
				t.Fatalf("anchor: %v", err)
			}
			if _, err := anchor.Take(ctx, db, time.Now()); err != nil {
				t.Fatal(err)
			}
			if code, out, _ := run(t, "audit", "verify", "--database", dsn, "--data", dir); code != 0 || !strings.Contains(out, "latest checkpoint: row 4") {
				t.Fatalf("intact: code %d, %s", code, out)
			}
			db.ExecContext(ctx, "DELETE FROM audit_log WHERE seq > 2")
			db.ExecContext(ctx, "DELETE FROM audit_checkpoint")
			db.ExecContext(ctx, "UPDATE audit_head SET last_seq = 2, last_hash = (SELECT hash FROM audit_log WHERE seq = 2) WHERE id = 1")
			code, out, _ := run(t, "audit", "verify", "--database", dsn, "--data", dir)
			if code != 1 || !strings.Contains(out, "BROKEN row 4: checkpoint of") || !strings.Contains(out, "truncated") {
				t.Fatalf("truncated: code %d, %s", code, out)
			}
		})
	}
}

func TestUnknownCommandIsUsageError(t *testing.T) {
	t.Parallel()
	code, _, errs := run(t, "frobnicate")
	if code != 2 || !strings.Contains(errs, `unknown command "frobnicate"`) {
		t.Fatalf("code %d: %s", code, errs)
	}
}

func TestBadFlagValueIsUsageError(t *testing.T) {
	t.Parallel()
	code, _, errs := run(t, "serve", "--log-format", "xml", "--data", t.TempDir())
	if code != 2 || !strings.Contains(errs, "--log-format") {
		t.Fatalf("code %d: %s", code, errs)
	}
}
