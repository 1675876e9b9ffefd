package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// TestFitConnectDestination makes a destination's keys through the
// command: the JWK set file is readable by the operator and holds the
// public encryption and signature keys only; a second run for the same
// id is refused; the inbox lists nothing yet.
func TestFitConnectDestination(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			dsn, dir := storetest.DSN(t, d), t.TempDir()
			db := keysDB(t, config.Config{DataDir: dir, DatabaseURL: dsn})
			tn, err := tenant.Create(ctx, db, "test", tenant.Tenant{Slug: "sn", Name: "Freistaat Sachsen"})
			if err != nil {
				t.Fatal(err)
			}
			var auth int64
			if err := db.Writer().QueryRowContext(ctx, `INSERT INTO authority (tenant_id, authority_key, name, updated_at)
				VALUES ($1, 'a', 'Gewerbeamt', $2) RETURNING id`, tn.ID, time.Now().UTC()).Scan(&auth); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, "jwks.json")
			flags := []string{"--database", dsn, "--data", dir}
			args := []string{"fitconnect", "destination", "--tenant", "sn", "--authority", itoa(auth),
				"--id", "6f3c2a1e-4b5d-4c7e-8f90-a1b2c3d4e5f6", "--jwks", file}
			expect(t, args, flags, "public keys in "+file)
			st, err := os.Stat(file)
			if err != nil || st.Mode().Perm() != 0o644 {
				t.Fatalf("JWK set file: %v %v", st, err)
			}
			raw, _ := os.ReadFile(file)
			var set jose.JSONWebKeySet
			if err := json.Unmarshal(raw, &set); err != nil || len(set.Keys) != 2 {
				t.Fatalf("JWK set %s: %v", raw, err)
			}
			for _, k := range set.Keys {
				if !k.IsPublic() || k.Key == nil || (k.Algorithm != "RSA-OAEP-256" && k.Algorithm != "PS512") {
					t.Errorf("key %s: public %v alg %s", k.KeyID, k.IsPublic(), k.Algorithm)
				}
			}
			if code, _, errs := run(t, append(args, flags...)...); code != 1 || !strings.Contains(errs, "exists already") {
				t.Errorf("second run: exit %d, %q", code, errs)
			}
			if code, out, errs := run(t, append([]string{"fitconnect", "inbox", "--tenant", "sn"}, flags...)...); code != 0 || out != "" {
				t.Errorf("inbox: exit %d, out %q, err %q", code, out, errs)
			}
		})
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
