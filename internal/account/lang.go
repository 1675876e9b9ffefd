package account

import (
	"context"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// SetLanguage remembers the language (Sprache) account accountID of
// tenantID uses the portal in, so that notification e-mails arrive in it.
// Unknown values mean German.
func (s *Service) SetLanguage(ctx context.Context, tenantID tenant.ID, accountID int64, lang string) error {
	return s.db.Tx(ctx, func(tx *store.Tx) error { return setLanguage(ctx, tx, tenantID, accountID, lang) })
}

func setLanguage(ctx context.Context, tx *store.Tx, tenantID tenant.ID, accountID int64, lang string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE account SET lang = $1 WHERE tenant_id = $2 AND id = $3`,
		string(mail.Lang(lang).Normal()), tenantID, accountID); err != nil {
		return fmt.Errorf("account: language: %w", err)
	}
	return nil
}
