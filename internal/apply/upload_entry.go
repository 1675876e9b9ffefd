package apply

import (
	"context"
	"fmt"
	"strings"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
)

// RemoveEntry removes entry ("kinder[1]") of a repeatable group from the
// uploads of draft id: the entry's files are deleted and the files of every
// later entry move down one index with it ("kinder[2].urkunde" becomes
// "kinder[1].urkunde"), so each file stays with its entry (Eintrag). The
// answers are saved by the caller (SavePage with the entry removed). It
// returns how many files were deleted.
func (s *Service) RemoveEntry(ctx context.Context, id int64, owner Owner, entry string) (int, error) {
	list, idx := procedure.SplitIndex(entry)
	if idx < 0 {
		return 0, fault.New(fault.Invalid, "%q names no entry of a repeatable group", entry)
	}
	var keys []string
	moved := 0
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		a, _, err := s.editable(ctx, tx, id, owner)
		if err != nil {
			return err
		}
		atts, err := listAttachments(ctx, tx, id)
		if err != nil {
			return err
		}
		keys, moved = nil, 0
		for _, t := range atts {
			j, rest, in := entryOf(t.FieldPath, list)
			switch {
			case !in || j < idx:
				continue
			case j == idx:
				_, err = tx.ExecContext(ctx, `DELETE FROM application_attachment WHERE id = $1`, t.ID)
				keys = append(keys, t.BlobKey)
			default:
				_, err = tx.ExecContext(ctx, `UPDATE application_attachment SET field_path = $1 WHERE id = $2`,
					fmt.Sprintf("%s[%d].%s", list, j-1, rest), t.ID)
				moved++
			}
			if err != nil {
				return fmt.Errorf("apply: remove entry %s: %w", entry, err)
			}
		}
		if err := touch(ctx, tx, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "application.entry_remove", map[string]any{"entry": entry, "deleted": len(keys), "moved": moved})
	})
	if err != nil {
		return 0, err
	}
	for _, k := range keys {
		s.deleteBlob(ctx, k)
	}
	return len(keys), nil
}

// entryOf reports whether path lies in an entry of list ("kinder[2].urkunde"
// in "kinder") and returns the entry's index and the rest of the path.
func entryOf(path, list string) (int, string, bool) {
	tail, ok := strings.CutPrefix(path, list+"[")
	k := strings.Index(tail, "].")
	if !ok || k < 0 {
		return 0, "", false
	}
	l, n := procedure.SplitIndex(path[:len(path)-len(tail)+k+1])
	return n, tail[k+2:], l == list && n >= 0
}
