package account

import (
	"context"
	"database/sql"
	"fmt"
)

// Language returns the portal language an account's notifications are
// written in: "en" for English, "de" (the default) for anything else.
func Language(lang string) string {
	if lang == "en" {
		return "en"
	}
	return "de"
}

// SetLanguage remembers the language (Sprache) account accountID of
// tenantID uses the portal in, so that notification e-mails arrive in it.
// Unknown values mean German.
func (s *Service) SetLanguage(ctx context.Context, tenantID, accountID int64, lang string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error { return setLanguage(ctx, tx, tenantID, accountID, lang) })
}

func setLanguage(ctx context.Context, tx *sql.Tx, tenantID, accountID int64, lang string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE account SET lang = $1 WHERE tenant_id = $2 AND id = $3`,
		Language(lang), tenantID, accountID); err != nil {
		return fmt.Errorf("account: language: %w", err)
	}
	return nil
}
