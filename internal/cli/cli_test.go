package cli

import (
	"bytes"
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestAuditVerifyNamesAlteredRow(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			dsn := storetest.DSN(t, d)
			if code, _, errs := run(t, "migrate", "--database", dsn); code != 0 {
				t.Fatalf("migrate: %s", errs)
			}
			ctx := context.Background()
			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for i := 0; i < 4; i++ {
				db.Tx(ctx, func(tx *sql.Tx) error {
					return audit.Append(ctx, tx, db.Dialect, audit.Entry{Actor: "a", Action: "b", ObjectType: "c", ObjectID: "d"})
				})
			}
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

func TestUnknownCommandIsUsageError(t *testing.T) {
	code, _, errs := run(t, "frobnicate")
	if code != 2 || !strings.Contains(errs, `unknown command "frobnicate"`) {
		t.Fatalf("code %d: %s", code, errs)
	}
}

func TestBadFlagValueIsUsageError(t *testing.T) {
	code, _, errs := run(t, "serve", "--log-format", "xml", "--data", t.TempDir())
	if code != 2 || !strings.Contains(errs, "--log-format") {
		t.Fatalf("code %d: %s", code, errs)
	}
}
