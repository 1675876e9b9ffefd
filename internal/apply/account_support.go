package apply

import (
	"context"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/store"
)

// Helpers for "Mein Konto": the applicant deletes a draft of their own.

// DeleteDraft deletes the draft id of owner with its uploads (the
// applicant's "Entwurf löschen"). A submitted application is Conflict:
// it belongs to the authority's records now; someone else's is NotFound.
func (s *Service) DeleteDraft(ctx context.Context, id int64, owner Owner) error {
	var keys []string
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		a, _, err := s.editable(ctx, tx, id, owner)
		if err != nil {
			return err
		}
		atts, err := listAttachments(ctx, tx, id)
		if err != nil {
			return err
		}
		for _, t := range atts {
			keys = append(keys, t.BlobKey)
		}
		for _, q := range []string{`DELETE FROM application_attachment WHERE application_id = $1`, `DELETE FROM application WHERE id = $1`} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return fmt.Errorf("apply: delete draft %d: %w", id, err)
			}
		}
		return s.audit(ctx, tx, a, "application.delete", map[string]any{"attachments": len(atts)})
	})
	if err != nil {
		return err
	}
	for _, k := range keys {
		s.deleteBlob(ctx, k)
	}
	return nil
}
