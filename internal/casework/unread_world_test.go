package casework_test

import (
	"testing"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/casework/caseworktest"
	"github.com/amtsweg/amtsweg/internal/mailbox"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// TestUnreadFromMailbox: a free message the applicant writes in the
// mailbox marks the case unread in the inbox in the message's own
// transaction; the authority's message does not; opening the case clears
// the mark.
func TestUnreadFromMailbox(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := caseworktest.New(t, db, caseworktest.Config{})
		tn, _ := w.Tenant(t, tenant.Tenant{Slug: "nx", Name: "Land N"})
		caseworktest.ImportProcedure(t, db, caseworktest.Procedure{ID: "nachricht", TitleDE: "Nachrichtenprobe", TitleEN: "Message test", Deadline: "P1M"})
		head := w.Admin(t, tn, "Leitung Clearing")
		gerd := w.Citizen(t, tn, "Gerd Bürger")
		s := w.Submit(t, caseworktest.Submission{TenantID: tn, Procedure: "nachricht", Owner: apply.AccountOwner(gerd, 0), Name: "Gerd Bürger", Staff: head})
		_, err := w.Mailbox.PostToApplicant(ctx(), head, s.Case.ID, mailbox.Post{Subject: "Hinweis", Body: "Bitte beachten."})
		if err != nil {
			t.Fatal(err)
		}
		if p := must(w.Cases.Inbox(ctx(), head, casework.Filter{Signal: casework.SignalUnread}))(t); len(p.Cases) != 0 {
			t.Fatal("the authority's own message marked the case")
		}
		reader := mailbox.AccountReader(tn, gerd, 0)
		if err := w.Mailbox.Reply(ctx(), reader, s.Application.ID, mailbox.ReplyInput{Subject: "Frage", Body: "Wie lange dauert es?"}); err != nil {
			t.Fatal(err)
		}
		if p := must(w.Cases.Inbox(ctx(), head, casework.Filter{Signal: casework.SignalUnread}))(t); len(p.Cases) != 1 || p.Cases[0].ID != s.Case.ID {
			t.Fatalf("unread after the applicant's message: %d cases", len(p.Cases))
		}
		must(w.Cases.View(ctx(), head, s.Case.Reference))(t)
		if p := must(w.Cases.Inbox(ctx(), head, casework.Filter{Signal: casework.SignalUnread}))(t); len(p.Cases) != 0 {
			t.Fatal("still unread after the unit opened the unassigned case")
		}
	})
}
