package casework_test

import (
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

func TestRequestAnswerWakesCase(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		c := f.inStatus(t, casework.InReview)
		db.ExecContext(ctx(), `UPDATE case_record SET applicant_account_id = $1 WHERE id = $2`, f.peerA.AccountID, c.ID) // an account of the case's tenant
		due := f.clock.Now().AddDate(0, 0, 14)
		_, err := f.s.RequestInfo(ctx(), f.workerA, c.ID, casework.RequestInput{Subject: "Nachweis", Body: "x", Due: f.clock.Now()})
		wantCode(t, err, fault.Invalid) // due date must lie ahead
		r1 := must(f.s.RequestInfo(ctx(), f.workerA, c.ID, casework.RequestInput{Subject: "Meldebescheinigung",
			Body: "Bitte reichen Sie eine aktuelle Meldebescheinigung nach.", Due: due}))(t)
		r2 := must(f.s.RequestInfo(ctx(), f.workerA, c.ID, casework.RequestInput{Subject: "Kontoverbindung",
			Body: "Bitte bestätigen Sie Ihre IBAN.", Due: due}))(t)
		if got := must(f.s.Get(ctx(), f.workerA, c.ID))(t); got.Status != casework.Waiting || !got.NextRequestDue.Equal(due) {
			t.Fatalf("after request: %s, next due %v", got.Status, got.NextRequestDue)
		}
		if k := f.mail.kinds(); len(k) != 2 || k[0] != mail.MailboxMessage {
			t.Fatalf("mails %v", k)
		}
		who := f.applicant(c)
		if rs := must(casework.ApplicantRequests(ctx(), db, who))(t); len(rs) != 2 || !rs[0].Open || rs[0].Reference != c.Reference {
			t.Fatalf("mailbox requests %+v", rs)
		}
		stranger := casework.Applicant{TenantID: f.tenant, ApplicationID: c.ApplicationID + 1000}
		wantCode(t, f.s.Answer(ctx(), stranger, r1.ID, casework.AnswerInput{Text: "hier"}), fault.NotFound)
		wantCode(t, f.s.Answer(ctx(), who, r1.ID, casework.AnswerInput{}), fault.Invalid)

		info := must(f.blobs.Put(ctx(), f.tenant, stringsReader("%PDF Meldebescheinigung"), 1<<20))(t)
		if err := f.s.Answer(ctx(), who, r1.ID, casework.AnswerInput{Text: "Anbei die Bescheinigung.",
			Files: []casework.AnswerFile{{Name: "meldebescheinigung.pdf", MediaType: "application/pdf", Size: info.Size, SHA256: info.SHA256, BlobKey: info.Key}}}); err != nil {
			t.Fatal(err)
		}
		if got := must(f.s.Get(ctx(), f.workerA, c.ID))(t); got.Status != casework.Waiting {
			t.Fatalf("one request still open, case is %s", got.Status)
		}
		wantCode(t, f.s.Answer(ctx(), who, r1.ID, casework.AnswerInput{Text: "nochmal"}), fault.Conflict)
		if err := f.s.Answer(ctx(), who, r2.ID, casework.AnswerInput{Text: "IBAN stimmt."}); err != nil {
			t.Fatal(err)
		}
		if got := must(f.s.Get(ctx(), f.workerA, c.ID))(t); got.Status != casework.InReview || !got.NextRequestDue.IsZero() {
			t.Fatalf("answered case: %s, next due %v", got.Status, got.NextRequestDue)
		}
		docs := must(f.s.Documents(ctx(), f.workerA, c.ID))(t)
		var kinds []akte.Kind
		for i, d := range docs {
			if d.Seq != i+1 {
				t.Fatalf("document %d has position %d", i, d.Seq)
			}
			kinds = append(kinds, d.Kind)
		}
		want := []akte.Kind{akte.Attachment, akte.Request, akte.Request, akte.MessageIn, akte.MessageIn, akte.MessageIn}
		if len(kinds) != len(want) {
			t.Fatalf("file holds %v, want %v", kinds, want)
		}
		for i := range want {
			if kinds[i] != want[i] {
				t.Fatalf("file holds %v, want %v", kinds, want)
			}
		}
	})
}

func TestNotesStayInternal(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		c := f.inStatus(t, casework.InReview)
		_, err := f.s.AddNote(ctx(), f.workerB, c.ID, "fremd")
		wantCode(t, err, fault.NotFound)
		must(f.s.AddNote(ctx(), f.workerA, c.ID, "Telefonat mit Antragstellerin: Unterlagen folgen."))(t)
		notes := must(f.s.Notes(ctx(), f.headA, c.ID))(t)
		if len(notes) != 1 || notes[0].AuthorName != "Anna Arbeit" {
			t.Fatalf("notes %+v", notes)
		}
		if rs := must(casework.ApplicantRequests(ctx(), db, f.applicant(c)))(t); len(rs) != 0 {
			t.Fatalf("a note reached the mailbox: %+v", rs)
		}
	})
}

func TestDeadlineFlags(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		c := f.newCase(t, f.authA, "Frida Frist")
		if want := time.Date(2026, 6, 2, 9, 0, 0, 0, time.UTC); !c.Deadline.Equal(want) {
			t.Fatalf("deadline %v, want %v (P3M)", c.Deadline, want)
		}
		tests := []struct {
			name string
			now  time.Time
			want casework.Flags
		}{
			{"fresh", received.AddDate(0, 1, 0), casework.Flags{}},
			{"8 days before", c.Deadline.AddDate(0, 0, -8), casework.Flags{}},
			{"7 days before", c.Deadline.AddDate(0, 0, -7), casework.Flags{DeadlineSoon: true, FictionAtRisk: true}},
			{"on the deadline", c.Deadline, casework.Flags{DeadlineSoon: true, FictionAtRisk: true}},
			{"a day late", c.Deadline.AddDate(0, 0, 1), casework.Flags{Overdue: true, FictionReached: true}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				f.clock.Set(tt.now)
				got := must(f.s.Get(ctx(), f.headA, c.ID))(t)
				if got.Flags != tt.want {
					t.Fatalf("flags %+v, want %+v", got.Flags, tt.want)
				}
				page := must(f.s.Inbox(ctx(), f.headA, casework.Filter{Signal: casework.SignalOverdue}))(t)
				if overdue := tt.want.Overdue; (len(page.Cases) == 1) != overdue {
					t.Fatalf("overdue filter found %d", len(page.Cases))
				}
				page = must(f.s.Inbox(ctx(), f.headA, casework.Filter{Signal: casework.SignalDueSoon}))(t)
				if (len(page.Cases) == 1) != tt.want.DeadlineSoon {
					t.Fatalf("due-soon filter found %d", len(page.Cases))
				}
			})
		}
		t.Run("request overdue", func(t *testing.T) {
			f.clock.Set(received)
			must(f.s.Assign(ctx(), f.headA, c.ID, f.workerA.AccountID))(t)
			must(f.s.RequestInfo(ctx(), f.workerA, c.ID, casework.RequestInput{Subject: "s", Body: "b", Due: received.AddDate(0, 0, 7)}))(t)
			f.clock.Set(received.AddDate(0, 0, 8))
			if got := must(f.s.Get(ctx(), f.headA, c.ID))(t); !got.Flags.RequestOverdue || got.Flags.Overdue {
				t.Fatalf("flags %+v", got.Flags)
			}
		})
	})
}

func TestFileMessage(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		c := f.inStatus(t, casework.InReview)
		doc := must(f.akte.PutText(ctx(), f.tenant, akte.MessageIn, "Frage zum Antrag", "nachricht.txt", "Wann wird entschieden?"))(t)
		doc.Author, doc.FiledAt = "Antragsteller", f.clock.Now()
		var filed akte.Document
		for range 2 {
			if err := db.Tx(ctx(), func(tx *store.Tx) (err error) {
				filed, err = casework.FileMessageTx(ctx(), tx, c.TenantID, c.ApplicationID, 41, true, doc)
				return err
			}); err != nil {
				t.Fatal(err)
			}
		}
		docs := must(f.s.Documents(ctx(), f.workerA, c.ID))(t)
		if len(docs) != 2 || docs[1].ID != filed.ID || docs[1].Kind != akte.MessageIn {
			t.Fatalf("file %+v", docs)
		}
		err := db.Tx(ctx(), func(tx *store.Tx) error {
			_, err := casework.FileMessageTx(ctx(), tx, c.TenantID, c.ApplicationID+999, 42, false, doc)
			return err
		})
		wantCode(t, err, fault.NotFound)
	})
}
