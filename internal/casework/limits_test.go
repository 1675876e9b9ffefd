package casework_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestFreeTextLimits: every free text of the back office has a limit; a
// text one character over it (a 100,000-character legal-hold reason among
// them) is refused with a field error naming the field and the limit, and
// nothing is written; a text exactly at the limit is taken — on both
// databases.
func TestFreeTextLimits(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		c := f.inStatus(t, casework.InReview)
		long := func(n int) string { return strings.Repeat("ä", n) }
		due := time.Now().AddDate(0, 1, 0)
		refused := []struct {
			name, field string
			limit       int
			call        func() error
		}{
			{"legal hold", "reason", casework.MaxReason, func() error {
				return f.s.SetLegalHold(ctx(), f.headA, c.ID, true, long(100000))
			}},
			{"note", "body", casework.MaxNote, func() error { _, err := f.s.AddNote(ctx(), f.workerA, c.ID, long(casework.MaxNote+1)); return err }},
			{"forward", "reason", casework.MaxReason, func() error {
				_, err := f.s.Forward(ctx(), f.headA, c.ID, f.authA, long(casework.MaxReason+1))
				return err
			}},
			{"status", "reason", casework.MaxReason, func() error {
				_, err := f.s.Move(ctx(), f.headA, c.ID, casework.ActClose, long(casework.MaxReason+1))
				return err
			}},
			{"request subject", "subject", casework.MaxSubject, func() error {
				_, err := f.s.RequestInfo(ctx(), f.headA, c.ID, casework.RequestInput{Subject: long(casework.MaxSubject + 1), Body: "x", Due: due})
				return err
			}},
			{"request body", "body", casework.MaxRequestBody, func() error {
				_, err := f.s.RequestInfo(ctx(), f.headA, c.ID, casework.RequestInput{Subject: "x", Body: long(casework.MaxRequestBody + 1), Due: due})
				return err
			}},
			{"notice text", "body", casework.MaxNoticeText, func() error {
				n, err := f.s.DraftNotice(ctx(), f.workerA, c.ID, casework.Approved)
				if err != nil {
					return err
				}
				_, err = f.s.EditNotice(ctx(), f.workerA, n.ID, casework.NoticeText{Title: "Bescheid", Body: long(casework.MaxNoticeText + 1), Remedy: "Widerspruch"})
				return err
			}},
		}
		for _, r := range refused {
			err := r.call()
			var fe *fault.Error
			if !errors.As(err, &fe) || fe.Code != fault.Invalid || len(fe.Fields) != 1 || fe.Fields[0].Field != r.field ||
				fe.Fields[0].Key != "field.too_long" || fe.Fields[0].Args["max"] != r.limit {
				t.Errorf("%s over the limit: %v, want a field error on %s with max %d", r.name, err, r.field, r.limit)
			}
		}
		file := must(akte.Get(ctx(), db, c.TenantID, c.ID))(t)
		if file.LegalHold {
			t.Error("a refused legal hold was set")
		}
		if err := f.s.SetLegalHold(ctx(), f.headA, c.ID, true, long(casework.MaxReason)); err != nil {
			t.Errorf("a reason of exactly %d characters: %v", casework.MaxReason, err)
		}
		if _, err := f.s.AddNote(ctx(), f.workerA, c.ID, long(casework.MaxNote)); err != nil {
			t.Errorf("a note of exactly %d characters: %v", casework.MaxNote, err)
		}
	})
}
