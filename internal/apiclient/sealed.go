package apiclient

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Sealer seals the webhook signing secrets (versiegelte Werte), which the
// portal must read again to sign: blob/keyring.Keyring, with the tenant's
// data key.
type Sealer interface {
	SealValue(ctx context.Context, t tenant.ID, purpose string, plain []byte) ([]byte, error)
	OpenValue(ctx context.Context, purpose string, sealed []byte) ([]byte, error)
}

// sealedPrefix marks a sealed webhook secret in api_client.webhook_secret.
// Secrets stored in clear before sealing are 64 hex digits, so the two
// forms cannot be mistaken for each other.
const sealedPrefix = "sealed:"

var errNoSealer = errors.New("apiclient: no sealer configured: webhook secrets are never stored in clear")

// webhookPurpose binds a sealed secret to its client.
func webhookPurpose(clientID string) string { return "api_client.webhook_secret/" + clientID }

func sealWebhookSecret(ctx context.Context, s Sealer, t tenant.ID, clientID, secret string) (string, error) {
	if s == nil {
		return "", errNoSealer
	}
	b, err := s.SealValue(ctx, t, webhookPurpose(clientID), []byte(secret))
	if err != nil {
		return "", err
	}
	return sealedPrefix + base64.StdEncoding.EncodeToString(b), nil
}

// SigningSecret returns the client's webhook signing secret, opened with
// s; a secret stored in clear before sealing existed is returned as it
// is (SealSecrets seals those at start).
func (c Client) SigningSecret(ctx context.Context, s Sealer) (string, error) {
	stored, ok := strings.CutPrefix(c.WebhookSecret, sealedPrefix)
	if !ok {
		return c.WebhookSecret, nil
	}
	if s == nil {
		return "", errNoSealer
	}
	b, err := base64.StdEncoding.DecodeString(stored)
	if err != nil {
		return "", fmt.Errorf("apiclient: webhook secret of %s: %w", c.ClientID, err)
	}
	plain, err := s.OpenValue(ctx, webhookPurpose(c.ClientID), b)
	return string(plain), err
}

// SealSecrets seals the webhook secrets stored in clear before sealing
// existed and returns how many; processes call it at start. Each row is
// sealed once, by whichever process gets to it first.
func SealSecrets(ctx context.Context, db *store.DB, s Sealer) (int, error) {
	type row struct {
		id       int64
		tenant   tenant.ID
		clientID string
		secret   string
	}
	rows, err := store.All(ctx, db, func(r store.Row) (row, error) {
		var x row
		return x, r.Scan(&x.id, &x.tenant, &x.clientID, &x.secret)
	}, `SELECT id, tenant_id, client_id, webhook_secret FROM api_client WHERE webhook_secret <> '' AND webhook_secret NOT LIKE 'sealed:%'`)
	if err != nil {
		return 0, fmt.Errorf("apiclient: list clear webhook secrets: %w", err)
	}
	n := 0
	for _, x := range rows {
		sealed, err := sealWebhookSecret(ctx, s, x.tenant, x.clientID, x.secret)
		if err != nil {
			return n, err
		}
		res, err := db.ExecContext(ctx, `UPDATE api_client SET webhook_secret = $1 WHERE id = $2 AND tenant_id = $3 AND webhook_secret = $4`,
			sealed, x.id, x.tenant, x.secret)
		if err != nil {
			return n, fmt.Errorf("apiclient: seal webhook secret: %w", err)
		}
		c, _ := res.RowsAffected()
		n += int(c)
	}
	return n, nil
}
