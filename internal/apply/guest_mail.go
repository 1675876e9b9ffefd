package apply

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
)

// ConfirmGuest has the confirmation e-mail (Eingangsbestätigung per
// E-Mail) of a guest's submitted application queued once: msg goes
// through mailer to the address the guest entered in the form
// (GuestEmail), enqueued in the transaction that marks the application,
// and only the first call for the application sends it, so a repeated
// submission (double click, retry) sends no second mail. An application
// of an account, a draft, or one without an address is left alone. The
// message's text is the caller's (it knows the language and the tenant's
// name); it must not carry the secret link.
func (s *Service) ConfirmGuest(ctx context.Context, id int64, owner Owner, mailer *mail.Mailer, msg mail.Message) error {
	a, err := s.Get(ctx, id, owner)
	if err != nil || !a.Guest() || a.Status != Submitted {
		return err
	}
	v, _, err := s.version(ctx, a.TenantID, a.ProcedureID, a.Version)
	if err != nil {
		return err
	}
	to := GuestEmail(v.Definition, a.Answers)
	if to == "" {
		return nil
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE application SET guest_mail_at = $1
			WHERE id = $2 AND tenant_id = $3 AND status = 'submitted' AND account_id IS NULL AND guest_mail_at IS NULL`,
			time.Now().UTC(), id, a.TenantID)
		if err != nil {
			return fmt.Errorf("apply: mark guest mail %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		msg.To = to
		_, err = mailer.EnqueueTx(ctx, tx, msg)
		return err
	})
}

// GuestEmail is the applicant's e-mail address in answers: the first
// answered field of type email in page order, outside repeatable groups
// (those hold other people, e.g. family members). "" when there is none.
func GuestEmail(def procedure.Definition, answers map[string]any) string {
	for _, p := range def.Pages {
		if e := emailIn(p.Fields, answers); e != "" {
			return e
		}
	}
	return ""
}

func emailIn(fields []procedure.Field, answers map[string]any) string {
	for _, f := range fields {
		switch {
		case f.Type == procedure.Email:
			if e, ok := answers[f.ID].(string); ok && strings.TrimSpace(e) != "" {
				return strings.TrimSpace(e)
			}
		case len(f.Fields) > 0 && f.Repeat == nil:
			if sub, ok := answers[f.ID].(map[string]any); ok {
				if e := emailIn(f.Fields, sub); e != "" {
					return e
				}
			}
		}
	}
	return ""
}
