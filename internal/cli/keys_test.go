package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/app"
	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// TestKeysCommands runs the key procedure of docs/storage.md on an
// installation that stored a file before encryption: rotate the tenant
// key, re-encrypt, switch the master key, rewrap; then a process with
// the new master alone reads every file, and the audit chain holds.
func TestKeysCommands(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			dsn, dir := storetest.DSN(t, d), t.TempDir()
			cfg := config.Config{DataDir: dir, DatabaseURL: dsn}
			db := keysDB(t, cfg)
			tn, err := tenant.Create(ctx, db, "test", tenant.Tenant{Slug: "sn", Name: "Freistaat Sachsen"})
			if err != nil {
				t.Fatal(err)
			}
			oldKey, newKey := randomKey(), randomKey()
			writeKey(t, dir, "blob-master.key", oldKey)
			disk, _ := blob.NewDisk(cfg.BlobDir())
			legacy, _ := disk.Put(ctx, strings.NewReader("Antrag von 2025"), 100) // before encryption existed
			blobs, _, err := app.OpenBlobs(ctx, db, cfg)
			if err != nil {
				t.Fatal(err)
			}
			sealed, err := blobs.Put(ctx, tn.ID, strings.NewReader("Antrag von 2026"), 100)
			if err != nil {
				t.Fatal(err)
			}
			flags := []string{"--database", dsn, "--data", dir}
			expect(t, []string{"keys", "rotate-tenant", "--tenant", "sn"}, flags, "data key version 2")
			expect(t, []string{"keys", "reencrypt"}, flags, "2 files checked, 2 rewritten (1 of them plaintext")
			expect(t, []string{"keys", "reencrypt"}, flags, "0 rewritten")
			// Switch: the new master is current, the old one accepted.
			writeKey(t, dir, "blob-master.key", newKey)
			writeKey(t, dir, "blob-master-accepted.keys", oldKey)
			expect(t, []string{"keys", "rotate-master"}, flags, "3 data keys rewrapped")
			expect(t, []string{"keys", "rotate-master"}, flags, "0 data keys rewrapped")
			os.Remove(filepath.Join(dir, "blob-master-accepted.keys"))
			fresh, _, err := app.OpenBlobs(ctx, db, cfg)
			if err != nil {
				t.Fatal(err)
			}
			for key, want := range map[string]string{legacy.Key: "Antrag von 2025", sealed.Key: "Antrag von 2026"} {
				rc, err := fresh.Open(ctx, key)
				if err != nil {
					t.Fatal(err)
				}
				got, err := io.ReadAll(rc)
				rc.Close()
				if err != nil || string(got) != want {
					t.Fatalf("after the procedure %s reads %q, %v", key, got, err)
				}
			}
			expect(t, []string{"audit", "verify"}, flags, "")
		})
	}
}

func keysDB(t *testing.T, cfg config.Config) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), cfg.Database())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background(), slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	return db
}

func randomKey() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func writeKey(t *testing.T, dir, name, key string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(key+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
}

// expect runs the command and wants exit 0 and want in its output.
func expect(t *testing.T, args, flags []string, want string) {
	t.Helper()
	code, out, errs := run(t, append(args, flags...)...)
	if code != 0 || !strings.Contains(out, want) {
		t.Fatalf("%s: exit %d, out %q, err %q; want %q", strings.Join(args, " "), code, out, errs, want)
	}
}
