package apiclient

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// WebhookFormat is the body format of a client's webhook deliveries
// (Zustellformat). Every delivery carries the Standard Webhooks signature
// headers; the format decides the body (docs/webhooks.md).
type WebhookFormat string

// The webhook formats.
const (
	// FormatCloudEvents: the body is one CloudEvents 1.0 event in
	// structured JSON mode (application/cloudevents+json); the default.
	FormatCloudEvents WebhookFormat = "cloudevents"
	// FormatAmtsweg: the body is amtsweg's own event envelope
	// (application/json), deprecated; the format of every client created
	// before CloudEvents, kept until the sunset date in docs/webhooks.md.
	FormatAmtsweg WebhookFormat = "amtsweg"
)

// Valid reports whether f is a known format.
func (f WebhookFormat) Valid() bool { return f == FormatCloudEvents || f == FormatAmtsweg }

// StandardWebhookSecret is secret — a client's webhook signing secret as
// Create shows it and SigningSecret opens it — written the way Standard
// Webhooks libraries take it: "whsec_" and the base64 of the key bytes.
// The key bytes are the secret's own characters, the HMAC key the
// deprecated Amtsweg-Signature has always used, so one secret signs both
// headers and no existing secret changes.
func StandardWebhookSecret(secret string) string {
	return "whsec_" + base64.StdEncoding.EncodeToString([]byte(secret))
}

// SetWebhookFormat switches client id of tenantID to format f (a receiver
// moving from the deprecated envelope to CloudEvents, or back during the
// deprecation period) and records it in the audit log. A client of
// another tenant is fault.NotFound.
func SetWebhookFormat(ctx context.Context, db *store.DB, actor string, tenantID tenant.ID, id int64, f WebhookFormat) error {
	if !f.Valid() {
		return fault.Fields("unknown webhook format", fault.FieldError{Field: "format", Key: "field.invalid",
			Text: fmt.Sprintf("%q is not one of %s, %s", f, FormatCloudEvents, FormatAmtsweg)})
	}
	return db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_client SET webhook_format = $1 WHERE id = $2 AND tenant_id = $3 AND NOT disabled`,
			string(f), id, tenantID)
		if err != nil {
			return fmt.Errorf("apiclient: set webhook format: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return fault.New(fault.NotFound, "api client %d not found", id)
		}
		return audit.Append(ctx, tx, audit.Entry{TenantID: int64(tenantID), Actor: actor, Action: "apiclient.webhook_format",
			ObjectType: "api_client", ObjectID: strconv.FormatInt(id, 10), Details: map[string]any{"format": string(f)}})
	})
}
