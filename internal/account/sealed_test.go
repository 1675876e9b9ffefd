package account_test

import (
	"bytes"
	"encoding/base32"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestTOTPSeedIsSealed: the database holds the seed only sealed, a seed
// stored in clear before sealing existed is sealed by SealSecrets and
// still checks, and without the sealer no seed can be used.
func TestTOTPSeedIsSealed(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		a := f.citizen(t, "erika@example.org")
		_, token := f.login(t, "erika@example.org", "")
		e, err := f.s.EnrolTOTP(ctx(), a.ID)
		if err != nil {
			t.Fatal(err)
		}
		seed, _ := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(e.Secret)
		stored := storedSeed(t, db, a.ID)
		if bytes.Contains(stored, seed) || len(stored) <= len(seed) {
			t.Fatalf("the database holds the TOTP seed in clear (%d bytes)", len(stored))
		}
		// A row from before sealing: the seed in clear, sealed = false.
		if _, err := db.ExecContext(ctx(), `UPDATE account_totp SET secret = $1, sealed = $2 WHERE account_id = $3`, seed, false, a.ID); err != nil {
			t.Fatal(err)
		}
		if n, err := f.s.SealSecrets(ctx()); n != 1 || err != nil {
			t.Fatalf("SealSecrets sealed %d, %v; want the one clear seed", n, err)
		}
		if n, _ := f.s.SealSecrets(ctx()); n != 0 {
			t.Fatalf("a second SealSecrets sealed %d more", n)
		}
		if stored := storedSeed(t, db, a.ID); bytes.Contains(stored, seed) {
			t.Fatal("SealSecrets left the seed in clear")
		}
		if _, _, err := f.s.ConfirmTOTP(ctx(), token, code(e.Secret, f.clock.Now())); err != nil {
			t.Fatalf("the converted seed does not check: %v", err)
		}
		cfg := account.DefaultConfig()
		cfg.Password = cheapParams()
		blind, _ := account.New(db, cfg, time.Now) // no sealer
		if _, err := blind.EnrolTOTP(ctx(), f.citizen(t, "max@example.org").ID); err == nil {
			t.Fatal("a service without a sealer stored a TOTP seed")
		}
	})
}

func storedSeed(t *testing.T, db *store.DB, accountID int64) []byte {
	t.Helper()
	var b []byte
	if err := db.QueryRowContext(ctx(), `SELECT secret FROM account_totp WHERE account_id = $1`, accountID).Scan(&b); err != nil {
		t.Fatal(err)
	}
	return b
}
