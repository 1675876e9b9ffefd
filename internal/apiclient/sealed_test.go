package apiclient_test

import (
	"context"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// TestWebhookSecretIsSealed: the database holds the webhook signing
// secret only sealed; SigningSecret opens it; a secret stored in clear
// before sealing is sealed by SealSecrets; without a sealer nothing is
// created.
func TestWebhookSecretIsSealed(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tn, err := tenant.Create(ctx, db, "test", tenant.Tenant{Slug: "aa", Name: "A"})
		if err != nil {
			t.Fatal(err)
		}
		keys := blobtest.Keys(t, db)
		in := apiclient.New{TenantID: tn.ID, Name: "FV", Scopes: []apiclient.Scope{"events:read"}, Secrets: keys}
		c, err := apiclient.Create(ctx, db, "test", in)
		if err != nil {
			t.Fatal(err)
		}
		stored := storedSecret(t, db, c.ID)
		if strings.Contains(stored, c.WebhookSecret) || !strings.HasPrefix(stored, "sealed:") {
			t.Fatalf("the database holds the webhook secret in clear: %q", stored)
		}
		got, err := apiclient.Get(ctx, db, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if s, err := got.SigningSecret(ctx, keys); err != nil || s != c.WebhookSecret {
			t.Fatalf("SigningSecret = %q, %v", s, err)
		}
		// A row from before sealing holds the secret in clear.
		if _, err := db.ExecContext(ctx, `UPDATE api_client SET webhook_secret = $1 WHERE id = $2`, c.WebhookSecret, c.ID); err != nil {
			t.Fatal(err)
		}
		if n, err := apiclient.SealSecrets(ctx, db, keys); n != 1 || err != nil {
			t.Fatalf("SealSecrets sealed %d, %v", n, err)
		}
		if n, _ := apiclient.SealSecrets(ctx, db, keys); n != 0 {
			t.Fatalf("a second run sealed %d more", n)
		}
		got, _ = apiclient.Get(ctx, db, c.ID)
		if s, err := got.SigningSecret(ctx, keys); err != nil || s != c.WebhookSecret || strings.Contains(storedSecret(t, db, c.ID), s) {
			t.Fatalf("after SealSecrets: %q, %v", s, err)
		}
		in.Secrets = nil
		if _, err := apiclient.Create(ctx, db, "test", in); err == nil {
			t.Fatal("a client was created without a sealer for its webhook secret")
		}
	})
}

func storedSecret(t *testing.T, db *store.DB, id int64) string {
	t.Helper()
	var s string
	if err := db.QueryRowContext(context.Background(), `SELECT webhook_secret FROM api_client WHERE id = $1`, id).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}
