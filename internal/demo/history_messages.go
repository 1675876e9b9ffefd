package demo

import (
	"context"
	"time"

	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/mailbox"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// historyMessages returns the Then of a history load: mailbox messages
// both ways, as case workers and applicants write them — requests for
// documents to waiting cases (a third answered, the answer unread), a
// question about the progress to every fourth case in review (half of
// them unread), the news of the decision to every fifth decided case and
// the withdrawal of withdrawn ones. The cases of unread replies are marked
// unread in the inbox as the mailbox marks them (casework.ApplicantMessageTx).
func historyMessages(tenantID tenant.ID, names map[int64]string, now time.Time) func(context.Context, *store.Tx, []casework.VolumeCase) error {
	return func(ctx context.Context, tx *store.Tx, cases []casework.VolumeCase) error {
		var msgs []mailbox.VolumeMessage
		var unread []mailbox.VolumeMessage // the applicant's, not yet opened: the inbox marks their cases
		at := func(c casework.VolumeCase, days int) time.Time {
			return minTime(c.ReceivedAt.Add(time.Duration(days)*24*time.Hour), now)
		}
		for _, c := range cases {
			staff := func(subject, body string, days int, read bool) {
				m := mailbox.VolumeMessage{TenantID: tenantID, ApplicationID: c.ApplicationID, CaseID: c.ID,
					Direction: mailbox.ToApplicant, Subject: subject, Body: body, SenderID: c.AssigneeID,
					SenderName: names[c.AssigneeID], CreatedAt: at(c, days)}
				if read {
					m.ReadAt = minTime(m.CreatedAt.Add(3*time.Hour), now)
				}
				msgs = append(msgs, m)
			}
			applicant := func(subject, body string, days int, read bool) {
				m := mailbox.VolumeMessage{TenantID: tenantID, ApplicationID: c.ApplicationID, CaseID: c.ID,
					Direction: mailbox.FromApplicant, Subject: subject, Body: body, SenderName: c.ApplicantName,
					CreatedAt: at(c, days)}
				if read {
					m.ReadAt = minTime(m.CreatedAt.Add(20*time.Hour), now)
				} else {
					unread = append(unread, m)
				}
				msgs = append(msgs, m)
			}
			switch {
			case c.Status == casework.Waiting && c.AssigneeID != 0:
				staff("Fehlende Unterlagen", "Guten Tag,\n\nfür die Bearbeitung Ihres Antrags fehlen uns noch Nachweise. "+
					"Bitte reichen Sie diese über Ihr Postfach nach.\n\nMit freundlichen Grüßen", 2, c.ID%2 == 0)
				if c.ID%3 == 0 {
					applicant("Re: Fehlende Unterlagen", "Guten Tag,\n\ndie Unterlagen reiche ich bis Ende der Woche nach.\n\nViele Grüße", 4, false)
				}
			case c.Status == casework.InReview && c.ID%4 == 0:
				applicant("Frage zum Bearbeitungsstand", "Guten Tag,\n\nkönnen Sie mir sagen, wann ich mit einer Entscheidung rechnen kann?\n\nVielen Dank",
					1, c.ID%8 != 0)
			case (c.Status == casework.Decided || c.Status == casework.Closed) && c.ID%5 == 0 && c.AssigneeID != 0:
				staff("Entscheidung über Ihren Antrag", "Guten Tag,\n\nüber Ihren Antrag ist entschieden. "+
					"Den Bescheid erhalten Sie gesondert.\n\nMit freundlichen Grüßen", int(c.UpdatedAt.Sub(c.ReceivedAt).Hours()/24), true)
			case c.Status == casework.Withdrawn:
				applicant("Rücknahme meines Antrags", "Hiermit nehme ich meinen Antrag zurück.", int(c.UpdatedAt.Sub(c.ReceivedAt).Hours()/24), true)
			}
		}
		if err := mailbox.InsertVolumeMessages(ctx, tx, msgs); err != nil {
			return err
		}
		for _, m := range unread {
			if err := casework.ApplicantMessageTx(ctx, tx, tenantID, m.CaseID, m.CreatedAt); err != nil {
				return err
			}
		}
		return nil
	}
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
