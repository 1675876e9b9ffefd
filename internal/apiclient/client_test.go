package apiclient_test

import (
	"context"
	"testing"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// TestCreateChecksWebhookTarget: a webhook URL is checked when the client
// is registered (scheme, user information, non-public IP literals), not
// only when a delivery dials; nothing is stored for a refused one.
func TestCreateChecksWebhookTarget(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tn, err := tenant.Create(ctx, db, "test", tenant.Tenant{Slug: "aa", Name: "A"})
		if err != nil {
			t.Fatal(err)
		}
		create := func(url string, allow ...string) error {
			_, err := apiclient.Create(ctx, db, "test", apiclient.New{TenantID: tn.ID, Name: "FV",
				Scopes: []apiclient.Scope{"events:read"}, WebhookURL: url, WebhookAllow: allow, Secrets: blobtest.Keys(t, db)})
			return err
		}
		for _, bad := range []string{"http://hooks.example/x", "https://0.1.2.3/x", "https://100.64.0.9/x",
			"https://[::1]:8443/x", "https://a:b@hooks.example/x", "file:///etc/passwd", "hooks.example/x"} {
			if err := create(bad); fault.CodeOf(err) != fault.Invalid {
				t.Errorf("%s: %v, want Invalid", bad, err)
			}
		}
		if clients, err := apiclient.WithWebhooks(ctx, db); err != nil || len(clients) != 0 {
			t.Fatalf("refused clients stored: %v %v", clients, err)
		}
		for _, good := range []string{"https://hooks.example/amtsweg"} {
			if err := create(good); err != nil {
				t.Errorf("%s: %v", good, err)
			}
		}
		if err := create("http://127.0.0.1:9/hook", "127.0.0.1"); err != nil {
			t.Errorf("allow-listed http host: %v", err)
		}
	})
}
