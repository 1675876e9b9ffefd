package cli

import (
	"context"
	"encoding/base64"
	"regexp"
	"testing"

	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// TestAPIClientWebhookFormat: apiclient create prints the webhook secret
// both as Standard Webhooks' whsec_ (the base64 of the same key) and in
// the deprecated form; webhook-format switches a client and refuses an
// unknown format and another tenant's client.
func TestAPIClientWebhookFormat(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			dsn, dir := storetest.DSN(t, d), t.TempDir()
			cfg := config.Config{DataDir: dir, DatabaseURL: dsn}
			db := keysDB(t, cfg)
			writeKey(t, dir, "blob-master.key", randomKey())
			for _, slug := range []string{"sn", "by"} {
				if _, err := tenant.Create(context.Background(), db, "test", tenant.Tenant{Slug: slug, Name: slug}); err != nil {
					t.Fatal(err)
				}
			}
			flags := []string{"--database", dsn, "--data", dir}
			code, out, errs := run(t, append([]string{"apiclient", "create", "--tenant", "sn", "--name", "FV", "--scopes", "events:read",
				"--webhook", "https://receiver.example/hook"}, flags...)...)
			m := regexp.MustCompile(`api client (\d+) created[\s\S]*Standard Webhooks\): whsec_(\S+)[\s\S]*deprecated\): (\S+)`).FindStringSubmatch(out)
			if code != 0 || m == nil {
				t.Fatalf("create: exit %d, out %q, err %q", code, out, errs)
			}
			if key, err := base64.StdEncoding.DecodeString(m[2]); err != nil || string(key) != m[3] {
				t.Errorf("whsec_%s is not the deprecated secret %s (%v)", m[2], m[3], err)
			}
			expect(t, []string{"apiclient", "webhook-format", "--tenant", "sn", "--client", m[1], "--format", "amtsweg"}, flags, "webhooks as amtsweg")
			var f string
			if err := db.QueryRowContext(context.Background(), `SELECT webhook_format FROM api_client WHERE id = `+m[1]).Scan(&f); err != nil || f != "amtsweg" {
				t.Errorf("stored format %q, %v", f, err)
			}
			for _, bad := range [][]string{{"sn", "xml"}, {"by", "cloudevents"}} {
				if code, _, _ := run(t, append([]string{"apiclient", "webhook-format", "--tenant", bad[0], "--client", m[1], "--format", bad[1]}, flags...)...); code == 0 {
					t.Errorf("webhook-format %v succeeded", bad)
				}
			}
		})
	}
}
