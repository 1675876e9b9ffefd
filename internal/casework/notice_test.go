package casework_test

import (
	"bytes"
	"io"
	"os/exec"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

func TestNoticeFourEyesSendVerify(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		if err := f.s.SetFourEyes(ctx(), "test", f.tenant, "testverfahren", true); err != nil {
			t.Fatal(err)
		}
		c := f.inStatus(t, casework.InReview)
		db.ExecContext(ctx(), `UPDATE case_record SET applicant_account_id = $1 WHERE id = $2`, f.peerA.AccountID, c.ID) // an account of the case's tenant

		_, err := f.s.DraftNotice(ctx(), f.workerA, c.ID, "maybe")
		wantCode(t, err, fault.Invalid)
		_, err = f.s.DraftNotice(ctx(), f.workerB, c.ID, casework.Rejected)
		wantCode(t, err, fault.NotFound)
		n := must(f.s.DraftNotice(ctx(), f.workerA, c.ID, casework.Rejected))(t)
		for _, want := range []string{"Erika Mustermann", c.Reference, "02.03.2026", "abgelehnt"} {
			if !strings.Contains(n.Title+n.Body, want) {
				t.Errorf("drafted notice lacks %q:\n%s\n%s", want, n.Title, n.Body)
			}
		}
		if !strings.Contains(n.Remedy, "Widerspruch") || !strings.Contains(n.Remedy, "Landratsamt Meißen") || !n.FourEyes {
			t.Fatalf("remedy %q, four eyes %v", n.Remedy, n.FourEyes)
		}
		_, err = f.s.SendNotice(ctx(), f.workerA, n.ID)
		wantPlaceholder(t, err, "body", "[Bitte legen Sie") // the placeholder first: the author's to fix
		_, err = f.s.ApproveNotice(ctx(), f.workerA, n.ID)
		wantCode(t, err, fault.Forbidden) // the author
		_, err = f.s.ApproveNotice(ctx(), f.headA, n.ID)
		wantPlaceholder(t, err, "body", "[Bitte legen Sie") // the draft's request for reasons is no reason
		n = f.complete(t, f.workerA, n, "Die Voraussetzungen liegen nicht vor.")
		_, err = f.s.SendNotice(ctx(), f.workerA, n.ID)
		wantCode(t, err, fault.Conflict) // not approved yet
		must(f.s.ApproveNotice(ctx(), f.headA, n.ID))(t)
		text := n.NoticeText
		text.Body += "\n\nErgänzung nach Rücksprache."
		n = must(f.s.EditNotice(ctx(), f.workerA, n.ID, text))(t)
		if n.Status != casework.NoticeDraft || n.ApproverID != 0 {
			t.Fatalf("editing kept the approval: %+v", n)
		}
		_, err = f.s.SendNotice(ctx(), f.workerA, n.ID)
		wantCode(t, err, fault.Conflict)
		must(f.s.ApproveNotice(ctx(), f.headA, n.ID))(t)
		sent := must(f.s.SendNotice(ctx(), f.workerA, n.ID))(t)
		if sent.Status != casework.NoticeSent || sent.SHA256 == "" || len(sent.Signature) == 0 {
			t.Fatalf("sent notice %+v", sent)
		}
		_, err = f.s.SendNotice(ctx(), f.workerA, n.ID)
		wantCode(t, err, fault.Conflict)

		got := must(f.s.Get(ctx(), f.headA, c.ID))(t)
		if got.Status != casework.Decided || got.Outcome != casework.Rejected || got.DecidedAt.IsZero() {
			t.Fatalf("case after sending: %+v", got)
		}
		who := f.applicant(c)
		if v := must(casework.ApplicantStatus(ctx(), db, who))(t); v.Progress != casework.ProgressDecided || v.Outcome != casework.Rejected {
			t.Fatalf("applicant sees %+v", v)
		}
		if k := f.mail.kinds(); len(k) == 0 || k[len(k)-1] != mail.NoticeAvailable {
			t.Fatalf("mails %v", k)
		}
		notices := must(casework.ApplicantNotices(ctx(), db, who))(t)
		if len(notices) != 1 || notices[0].ID != n.ID {
			t.Fatalf("mailbox notices %+v", notices)
		}
		_, r, err := f.s.OpenNotice(ctx(), who, n.ID)
		if err != nil {
			t.Fatal(err)
		}
		pdfBytes, _ := io.ReadAll(r)
		r.Close()
		_, _, err = f.s.OpenNotice(ctx(), casework.Applicant{TenantID: f.tenant, ApplicationID: who.ApplicationID + 1}, n.ID)
		wantCode(t, err, fault.NotFound)

		v := must(f.s.Verify(ctx(), pdfBytes))(t)
		if !v.Valid || v.Reference != c.Reference || v.AuthorityName != "Landratsamt Meißen" || v.Outcome != casework.Rejected {
			t.Fatalf("verification %+v", v)
		}
		changed := bytes.Replace(pdfBytes, []byte("abgelehnt"), []byte("bewilligt"), 1)
		if bytes.Equal(changed, pdfBytes) {
			changed = append(bytes.Clone(pdfBytes), ' ')
		}
		if v := must(f.s.Verify(ctx(), changed))(t); v.Valid || v.Reason == "" {
			t.Fatalf("a modified copy verified: %+v", v)
		}
		if v := must(f.s.VerifyReference(ctx(), f.tenant, c.Reference, sent.SHA256))(t); !v.Valid {
			t.Fatalf("verification by reference: %+v", v)
		}
		if v := must(f.s.VerifyReference(ctx(), f.other, c.Reference, sent.SHA256))(t); v.Valid {
			t.Fatal("another tenant's page verified the notice")
		}
		docs := must(f.s.Documents(ctx(), f.headA, c.ID))(t)
		if last := docs[len(docs)-1]; last.Kind != akte.Notice || last.SHA256 != sent.SHA256 {
			t.Fatalf("last filed document %+v", last)
		}
		checkPDFText(t, pdfBytes, c.Reference, "Rechtsbehelfsbelehrung", "Die Voraussetzungen liegen nicht vor.", "Landratsamt Meißen")
	})
}

func TestNoticeWithoutFourEyes(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		c := f.inStatus(t, casework.InReview)
		n := must(f.s.DraftNotice(ctx(), f.workerA, c.ID, casework.Approved))(t)
		if n.FourEyes {
			t.Fatal("four eyes on by default for the test procedure")
		}
		_, err := f.s.SendNotice(ctx(), f.peerA, n.ID)
		wantCode(t, err, fault.NotFound)
		sent := must(f.s.SendNotice(ctx(), f.workerA, n.ID))(t)
		pub := must(f.s.PublicKey(ctx(), f.authA))(t)
		if len(pub) != 32 || sent.SentAt.IsZero() {
			t.Fatalf("public key %x, sent %v", pub, sent.SentAt)
		}
	})
}

// checkPDFText reads the PDF back with pdftotext (poppler-utils, installed
// in CI) and looks for each text.
func checkPDFText(t *testing.T, pdf []byte, texts ...string) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("pdftotext missing: PDF text not checked")
		return
	}
	cmd := exec.Command("pdftotext", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	flat := strings.Join(strings.Fields(string(out)), " ")
	for _, s := range texts {
		if !strings.Contains(flat, s) {
			t.Errorf("PDF lacks %q:\n%s", s, flat)
		}
	}
}
