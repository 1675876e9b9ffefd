package fitconnect

import (
	"context"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// plainSealer seals nothing: the reload is under test, not the sealing.
type plainSealer struct{}

func (plainSealer) SealValue(_ context.Context, _ tenant.ID, _ string, plain []byte) ([]byte, error) {
	return plain, nil
}
func (plainSealer) OpenValue(_ context.Context, _ string, sealed []byte) ([]byte, error) {
	return sealed, nil
}

// TestSignerReload: a key rotated by another process (the command line)
// signs in this one once the key read here is older than signerReload;
// before that the process keeps the key it has.
func TestSignerReload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		tn, err := tenant.Create(ctx, db, "test", tenant.Tenant{Slug: "rl", Name: "Reload"})
		if err != nil {
			t.Fatal(err)
		}
		s := &Service{db: db, secrets: plainSealer{}}
		first, err := s.signer(ctx, tn.ID)
		if err != nil {
			t.Fatal(err)
		}
		kid, err := RotateSigningKey(ctx, db, plainSealer{}, "cli", tn.ID) // another process
		if err != nil {
			t.Fatal(err)
		}
		if k, _ := s.signer(ctx, tn.ID); k.kid != first.kid {
			t.Errorf("signs with %s at once, want the key it read (%s) until it reloads", k.kid, first.kid)
		}
		first.loaded = first.loaded.Add(-signerReload - time.Second)
		if k, _ := s.signer(ctx, tn.ID); k.kid != kid {
			t.Errorf("after %s it signs with %s, want the rotated key %s", signerReload, k.kid, kid)
		}
	})
}
