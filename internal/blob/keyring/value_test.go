package keyring_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/blob/keyring"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestSealedValue: a sealed value opens for its own purpose only, a
// changed byte fails, and it survives tenant and master key rotation.
func TestSealedValue(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		oldM, newM := blobtest.Random(t), blobtest.Random(t)
		k := keyring.New(db, oldM)
		secret := []byte("webhook-signing-secret-0123456789")
		sealed, err := k.SealValue(ctx, 3, "account_totp.secret/7", secret)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(sealed, secret) || !keyring.IsSealedValue(sealed) {
			t.Fatal("the sealed value shows the secret")
		}
		if _, err := k.OpenValue(ctx, "account_totp.secret/8", sealed); err == nil {
			t.Fatal("a value sealed for row 7 opened for row 8")
		}
		for i := range sealed {
			b := bytes.Clone(sealed)
			b[i] ^= 0x40
			if _, err := k.OpenValue(ctx, "account_totp.secret/7", b); err == nil {
				t.Fatalf("byte %d changed, the value still opens", i)
			}
		}
		if _, err := k.RotateTenant(ctx, 3, "test"); err != nil {
			t.Fatal(err)
		}
		if _, err := keyring.New(db, newM, oldM).RotateMaster(ctx, "test"); err != nil {
			t.Fatal(err)
		}
		got, err := keyring.New(db, newM).OpenValue(ctx, "account_totp.secret/7", sealed)
		if err != nil || !bytes.Equal(got, secret) {
			t.Fatalf("after rotations: %q, %v", got, err)
		}
	})
}
