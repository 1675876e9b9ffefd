package mailbox_test

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/mailbox"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

func TestPostReadAndMail(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		owner := apply.AccountOwner(f.alice, 0)
		a, c := f.submit(t, &owner)
		m, err := f.mb.PostToApplicant(ctx(), f.staff, c.ID, mailbox.Post{Subject: "Geheimer Betreff",
			Body: "Vertraulicher Inhalt", Files: []mailbox.Upload{pdf("Anlage")}})
		check(t, err)
		alice := mailbox.AccountReader(f.tenant, f.alice, 0)

		sums, err := f.mb.Inbox(ctx(), alice)
		check(t, err)
		if len(sums) != 1 || sums[0].ApplicationID != a.ID || sums[0].Unread != 1 {
			t.Fatalf("inbox %+v, want one application with one unread", sums)
		}
		th, err := f.mb.Open(ctx(), alice, a.ID)
		check(t, err)
		if len(th.Items) != 1 || th.Items[0].Subject != "Geheimer Betreff" || !th.Items[0].Unread() || len(th.Items[0].Attachments) != 1 {
			t.Fatalf("thread %+v", th.Items)
		}
		att, rc, err := f.mb.OpenFile(ctx(), alice, a.ID, th.Items[0].Attachments[0].Ref)
		check(t, err)
		b, _ := io.ReadAll(rc)
		rc.Close()
		if att.MediaType != "application/pdf" || !strings.HasSuffix(string(b), "Anlage") {
			t.Fatalf("attachment %+v %q", att, b)
		}

		// Staff see that it was read; the applicant sees nothing new.
		sv, err := f.mb.ForCase(ctx(), f.staff, c.ID)
		check(t, err)
		if len(sv.Messages) != 1 || sv.Messages[0].ID != m.ID || sv.Messages[0].ReadAt.IsZero() {
			t.Fatalf("staff view %+v: want the message read", sv.Messages)
		}
		if sums, _ := f.mb.Inbox(ctx(), alice); sums[0].Unread != 0 {
			t.Fatalf("unread %d after reading", sums[0].Unread)
		}
		// Filed in the case file with its attachment.
		docs, err := akte.Documents(ctx(), db, c.ID)
		check(t, err)
		if n := countKind(docs, akte.MessageOut); n != 2 {
			t.Fatalf("%d message_out documents, want text and attachment", n)
		}

		// Two e-mails: "application received" when the case was made, with
		// the link to the receipt page, and "new message" with the link to
		// the mailbox; neither holds case content.
		mails := f.mails(t, 2)
		if len(mails) != 2 {
			t.Fatalf("%d mails", len(mails))
		}
		received := fmt.Sprintf("/antraege/%d/eingangsbestaetigung", a.ID)
		box := "https://portal.example/postfach"
		if !(strings.Contains(mails[0], received) && strings.Contains(mails[1], box) ||
			strings.Contains(mails[1], received) && strings.Contains(mails[0], box)) {
			t.Fatalf("want one mail linking the receipt and one the mailbox:\n%s", strings.Join(mails, "\n----\n"))
		}
		for _, body := range mails {
			for _, secret := range []string{"Geheimer", "Vertraulich", "Nachweis.pdf", a.Reference} {
				if strings.Contains(body, secret) {
					t.Fatalf("mail leaks %q:\n%s", secret, body)
				}
			}
		}
	})
}

func countKind(docs []akte.Document, k akte.Kind) int {
	n := 0
	for _, d := range docs {
		if d.Kind == k {
			n++
		}
	}
	return n
}

func TestReplyToRequestWakesCase(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		owner := apply.AccountOwner(f.alice, 0)
		a, c := f.submit(t, &owner)
		_, err := f.cases.Move(ctx(), f.staff, c.ID, casework.ActReview, "")
		check(t, err)
		r, err := f.cases.RequestInfo(ctx(), f.staff, c.ID, casework.RequestInput{Subject: "Meldebescheinigung",
			Body: "Bitte reichen Sie die Meldebescheinigung nach.", Due: time.Now().AddDate(0, 0, 14)})
		check(t, err)
		alice := mailbox.AccountReader(f.tenant, f.alice, 0)
		th, err := f.mb.Open(ctx(), alice, a.ID)
		check(t, err)
		open := th.OpenRequests()
		if len(open) != 1 || open[0].ID != r.ID || open[0].Due.IsZero() || !open[0].Unread() {
			t.Fatalf("open requests %+v", open)
		}
		sv, err := f.mb.ForCase(ctx(), f.staff, c.ID)
		check(t, err)
		if sv.RequestsRead[r.ID].IsZero() {
			t.Fatal("staff do not see that the request was read")
		}

		// A bad file is refused and nothing changes.
		err = f.mb.Reply(ctx(), alice, a.ID, mailbox.ReplyInput{RequestID: r.ID, Body: "Anbei",
			Files: []mailbox.Upload{{Name: "x.exe", Content: strings.NewReader("MZ\x90\x00binary")}}})
		wantCode(t, err, fault.Invalid)

		check(t, f.mb.Reply(ctx(), alice, a.ID, mailbox.ReplyInput{RequestID: r.ID, Body: "Anbei die Bescheinigung.",
			Files: []mailbox.Upload{pdf("Meldebescheinigung")}}))
		c, err = f.cases.Get(ctx(), f.staff, c.ID)
		check(t, err)
		if c.Status != casework.InReview {
			t.Fatalf("case %s after the answer, want in_review", c.Status)
		}
		docs, err := akte.Documents(ctx(), db, c.ID)
		check(t, err)
		var filed bool
		for _, d := range docs {
			filed = filed || (d.Kind == akte.MessageIn && d.MediaType == "application/pdf" && d.FileName == "Nachweis.pdf")
		}
		if !filed {
			t.Fatalf("the reply's PDF is not in the case file: %+v", docs)
		}
		th, err = f.mb.Open(ctx(), alice, a.ID)
		check(t, err)
		if len(th.OpenRequests()) != 0 || th.Items[0].Answer != "Anbei die Bescheinigung." || len(th.Items[0].Attachments) != 1 {
			t.Fatalf("thread after answer %+v", th.Items)
		}
		_, rc, err := f.mb.OpenFile(ctx(), alice, a.ID, th.Items[0].Attachments[0].Ref)
		check(t, err)
		rc.Close()
		// Answering twice is a conflict.
		err = f.mb.Reply(ctx(), alice, a.ID, mailbox.ReplyInput{RequestID: r.ID, Body: "nochmal"})
		wantCode(t, err, fault.Conflict)

		// A free message goes to the file as message_in.
		check(t, f.mb.Reply(ctx(), alice, a.ID, mailbox.ReplyInput{Subject: "Frage", Body: "Wie lange dauert es?"}))
		sv, err = f.mb.ForCase(ctx(), f.staff, c.ID)
		check(t, err)
		if len(sv.Messages) != 1 || sv.Messages[0].Direction != mailbox.FromApplicant {
			t.Fatalf("staff view %+v", sv.Messages)
		}
	})
}

func TestNoticeInMailbox(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		owner := apply.AccountOwner(f.alice, 0)
		a, c := f.submit(t, &owner)
		_, err := f.cases.Move(ctx(), f.staff, c.ID, casework.ActReview, "")
		check(t, err)
		n, err := f.cases.DraftNotice(ctx(), f.staff, c.ID, casework.Approved)
		check(t, err)
		_, err = f.cases.SendNotice(ctx(), f.staff, n.ID)
		check(t, err)
		alice := mailbox.AccountReader(f.tenant, f.alice, 0)
		th, err := f.mb.Open(ctx(), alice, a.ID)
		check(t, err)
		if len(th.Items) != 1 || th.Items[0].Kind != mailbox.KindNotice {
			t.Fatalf("thread %+v, want the notice", th.Items)
		}
		_, rc, err := f.mb.OpenNotice(ctx(), alice, a.ID, n.ID)
		check(t, err)
		b, _ := io.ReadAll(rc)
		rc.Close()
		if !strings.HasPrefix(string(b), "%PDF-") {
			t.Fatal("the notice download is no PDF")
		}
		_, _, err = f.mb.OpenNotice(ctx(), mailbox.AccountReader(f.tenant, f.bob, 0), a.ID, n.ID)
		wantCode(t, err, fault.NotFound)
	})
}

func TestOthersGetNotFound(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		owner := apply.AccountOwner(f.alice, 0)
		a, c := f.submit(t, &owner)
		m, err := f.mb.PostToApplicant(ctx(), f.staff, c.ID, mailbox.Post{Subject: "S", Body: "B", Files: []mailbox.Upload{pdf("x")}})
		check(t, err)
		bob := mailbox.AccountReader(f.tenant, f.bob, 0)
		ref := m.Attachments[0].Ref
		for name, err := range map[string]error{
			"other account": second(f.mb.Open(ctx(), bob, a.ID)),
			"guessed id":    second(f.mb.Open(ctx(), mailbox.AccountReader(f.tenant, f.alice, 0), a.ID+1000)),
			"other tenant":  second(f.mb.Open(ctx(), mailbox.AccountReader(f.tenant+1, f.alice, 0), a.ID)),
			"wrong secret":  second(f.mb.Open(ctx(), mailbox.GuestReader(f.tenant, "falsch"), a.ID)),
			"empty secret":  second(f.mb.Open(ctx(), mailbox.GuestReader(f.tenant, ""), a.ID)),
			"other's file":  third(f.mb.OpenFile(ctx(), bob, a.ID, ref)),
			"guessed file":  third(f.mb.OpenFile(ctx(), mailbox.AccountReader(f.tenant, f.alice, 0), a.ID, "m99999")),
			"bad ref":       third(f.mb.OpenFile(ctx(), mailbox.AccountReader(f.tenant, f.alice, 0), a.ID, "x1")),
			"other's reply": f.mb.Reply(ctx(), bob, a.ID, mailbox.ReplyInput{Body: "hi"}),
			"organisation":  second(f.mb.Open(ctx(), mailbox.AccountReader(f.tenant, f.alice, 42), a.ID)),
		} {
			if !fault.Is(err, fault.NotFound) {
				t.Errorf("%s: %v, want NotFound", name, err)
			}
		}
		if sums, err := f.mb.Inbox(ctx(), bob); err != nil || len(sums) != 0 {
			t.Fatalf("bob's inbox %+v %v", sums, err)
		}
	})
}

func second[T any](_ T, err error) error { return err }

func third[T, U any](_ T, _ U, err error) error { return err }

func TestGuestLink(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		owner := apply.GuestOwner(f.tenant, "")
		a, c := f.submit(t, &owner)
		_, err := f.mb.GuestLink(ctx(), a.ID, apply.GuestOwner(f.tenant, "falsch"), "", "")
		wantCode(t, err, fault.NotFound)
		_, err = f.mb.GuestLink(ctx(), a.ID, owner, "kein-mail", "")
		wantCode(t, err, fault.Invalid)
		first, err := f.mb.GuestLink(ctx(), a.ID, owner, "", "")
		check(t, err)
		secret, err := f.mb.GuestLink(ctx(), a.ID, owner, "gast@example.de", "")
		check(t, err)
		_, err = f.mb.Open(ctx(), mailbox.GuestReader(f.tenant, first), a.ID)
		wantCode(t, err, fault.NotFound) // replaced
		var stored string
		check(t, db.QueryRowContext(ctx(), `SELECT secret_hash FROM mailbox_guest WHERE application_id = $1`, a.ID).Scan(&stored))
		if stored == secret || strings.Contains(stored, secret) {
			t.Fatal("the secret is stored in clear")
		}

		_, err = f.mb.PostToApplicant(ctx(), f.staff, c.ID, mailbox.Post{Subject: "Nur für den Gast", Body: "Inhalt"})
		check(t, err)
		guest := mailbox.GuestReader(f.tenant, secret)
		id, err := f.mb.GuestApplication(ctx(), f.tenant, secret)
		check(t, err)
		th, err := f.mb.Open(ctx(), guest, id)
		check(t, err)
		if id != a.ID || len(th.Items) != 1 || th.Items[0].Subject != "Nur für den Gast" {
			t.Fatalf("guest thread %d %+v", id, th.Items)
		}
		pdf, err := f.mb.ReceiptPDF(ctx(), guest, a.ID, "de")
		check(t, err)
		if !strings.HasPrefix(string(pdf), "%PDF-") {
			t.Fatal("no receipt PDF for the guest")
		}
		check(t, f.mb.Reply(ctx(), guest, a.ID, mailbox.ReplyInput{Body: "Danke"}))
		// The notification went to the guest's address, without content.
		mails := f.mails(t, 1)
		if !strings.Contains(mails[0], "gast@example.de") || strings.Contains(mails[0], "Nur für den Gast") {
			t.Fatalf("guest mail:\n%s", mails[0])
		}
		// Another guest's secret does not open this mailbox.
		other := apply.GuestOwner(f.tenant, "")
		b, _ := f.submit(t, &other)
		otherSecret, err := f.mb.GuestLink(ctx(), b.ID, other, "", "")
		check(t, err)
		_, err = f.mb.Open(ctx(), mailbox.GuestReader(f.tenant, otherSecret), a.ID)
		wantCode(t, err, fault.NotFound)
	})
}

func TestLimits(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		owner := apply.AccountOwner(f.alice, 0)
		_, c := f.submit(t, &owner)
		cases := map[string]mailbox.Post{
			"no subject":    {Body: "B"},
			"no body":       {Subject: "S"},
			"long subject":  {Subject: strings.Repeat("ä", mailbox.MaxSubject+1), Body: "B"},
			"long body":     {Subject: "S", Body: strings.Repeat("x", mailbox.MaxBody+1)},
			"too many":      {Subject: "S", Body: "B", Files: []mailbox.Upload{pdf("1"), pdf("2"), pdf("3"), pdf("4"), pdf("5"), pdf("6")}},
			"not sniffable": {Subject: "S", Body: "B", Files: []mailbox.Upload{{Name: "a.pdf", Content: strings.NewReader("plain text")}}},
		}
		for name, p := range cases {
			_, err := f.mb.PostToApplicant(ctx(), f.staff, c.ID, p)
			if !fault.Is(err, fault.Invalid) {
				t.Errorf("%s: %v, want Invalid", name, err)
			}
		}
		sv, err := f.mb.ForCase(ctx(), f.staff, c.ID)
		check(t, err)
		if len(sv.Messages) != 0 {
			t.Fatalf("%d messages stored from invalid posts", len(sv.Messages))
		}
	})
}

// TestGuestNotifiedOfRequest: a guest who gave a notification address hears
// of a casework request (kept in casework's table, not the mailbox's) by an
// e-mail that carries the link only.
func TestGuestNotifiedOfRequest(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		owner := apply.GuestOwner(f.tenant, "")
		a, c := f.submit(t, &owner)
		_, err := f.mb.GuestLink(ctx(), a.ID, owner, "gast@example.de", mail.English)
		check(t, err)
		_, err = f.cases.RequestInfo(ctx(), f.staff, c.ID, casework.RequestInput{
			Subject: "Mietvertrag fehlt", Body: "Bitte laden Sie den Mietvertrag hoch.", Due: time.Now().AddDate(0, 0, 14)})
		check(t, err)
		mails := f.mails(t, 1)
		if !strings.Contains(mails[0], "gast@example.de") || strings.Contains(mails[0], "Mietvertrag") {
			t.Fatalf("guest request mail:\n%s", mails[0])
		}
		// Written in the language the guest made the link in, telling a
		// guest to use their personal link (they have no login), signed
		// with the tenant's name.
		if !strings.Contains(mails[0], "You applied without an account") || strings.Contains(mails[0], "Log in") ||
			strings.Contains(mails[0], "Postfach") || !strings.Contains(mails[0], "Freistaat Sachsen") {
			t.Fatalf("guest request mail not in English for a guest, signed by the tenant:\n%s", mails[0])
		}
	})
}
