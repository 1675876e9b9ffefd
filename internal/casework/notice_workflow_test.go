package casework_test

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// bracketed is a placeholder of the templates, for the tests' completion.
var bracketed = regexp.MustCompile(`\[[^\[\]\n]+\]`)

// complete replaces every placeholder of the notice with text, as a case
// worker writes the reasons.
func (f *fx) complete(t *testing.T, staff casework.Staff, n casework.Notice, text string) casework.Notice {
	t.Helper()
	nt := n.NoticeText
	nt.Title = bracketed.ReplaceAllString(nt.Title, text)
	nt.Body = bracketed.ReplaceAllString(nt.Body, text)
	nt.Remedy = bracketed.ReplaceAllString(nt.Remedy, text)
	return must(f.s.EditNotice(ctx(), staff, n.ID, nt))(t)
}

// wantPlaceholder checks that err refuses a notice for a placeholder in
// field that starts with prefix.
func wantPlaceholder(t *testing.T, err error, field, prefix string) {
	t.Helper()
	var fe *fault.Error
	if !errors.As(err, &fe) || fe.Code != fault.Invalid {
		t.Fatalf("got %v, want a refusal for the placeholder", err)
	}
	for _, f := range fe.Fields {
		if s, _ := f.Args["text"].(string); f.Field == field && f.Key == casework.PlaceholderKey && strings.HasPrefix(s, prefix) {
			return
		}
	}
	t.Fatalf("fields %+v name no placeholder %q in %s", fe.Fields, prefix, field)
}

// TestSendingPlaceholderRefused: the drafted rejection asks for the
// reasons in brackets; sending it unchanged sealed it before (issue 14).
func TestSendingPlaceholderRefused(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		c := f.inStatus(t, casework.InReview)
		n := must(f.s.DraftNotice(ctx(), f.workerA, c.ID, casework.Rejected))(t)
		if n.FourEyes {
			t.Fatal("the test procedure needs no four eyes by default")
		}
		_, err := f.s.SendNotice(ctx(), f.workerA, n.ID)
		wantPlaceholder(t, err, "body", "[Bitte legen Sie die wesentlichen")
		if got := must(f.s.Get(ctx(), f.workerA, c.ID))(t); got.Status != casework.InReview {
			t.Fatalf("case %s after the refusal", got.Status)
		}
		chk := must(f.s.CheckSend(ctx(), f.workerA, n.ID))(t)
		wantPlaceholder(t, chk.Blocked, "body", "[Bitte legen Sie")

		text := n.NoticeText
		text.Title += " {{.Answers.nope}}"
		n = must(f.s.EditNotice(ctx(), f.workerA, n.ID, text))(t)
		_, err = f.s.SendNotice(ctx(), f.workerA, n.ID)
		wantPlaceholder(t, err, "title", "{{.Answers.nope}}")

		n = f.complete(t, f.workerA, n, "Die Voraussetzungen liegen nicht vor.")
		text = n.NoticeText
		text.Title = strings.TrimSuffix(text.Title, " {{.Answers.nope}}")
		n = must(f.s.EditNotice(ctx(), f.workerA, n.ID, text))(t)
		if p := casework.Placeholders(n.NoticeText); len(p) != 0 {
			t.Fatalf("placeholders left: %+v", p)
		}
		must(f.s.SendNotice(ctx(), f.workerA, n.ID))(t)
	})
}

// TestSendWithOpenRequests: an open document request must be
// acknowledged before the notice goes out; the check lists it as running
// while its answer-by date has not come.
func TestSendWithOpenRequests(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		c := f.inStatus(t, casework.Waiting)
		must(f.s.Move(ctx(), f.workerA, c.ID, casework.ActResume, ""))(t)
		n := must(f.s.DraftNotice(ctx(), f.workerA, c.ID, casework.Approved))(t)
		chk := must(f.s.CheckSend(ctx(), f.workerA, n.ID))(t)
		if chk.Blocked != nil || len(chk.OpenRequests) != 1 || len(chk.Running) != 1 || chk.Sealer != "des Landratsamts Meißen" {
			t.Fatalf("check %+v", chk)
		}
		_, err := f.s.SendNotice(ctx(), f.workerA, n.ID)
		var fe *fault.Error
		if !errors.As(err, &fe) || len(fe.Fields) != 1 || fe.Fields[0].Field != "ack_open_requests" ||
			fe.Fields[0].Args["subjects"] != "Nachweis" {
			t.Fatalf("sending with an open request: %v", err)
		}
		sent := must(f.s.SendNotice(ctx(), f.workerA, n.ID, casework.SendOptions{OpenRequestsAcknowledged: true}))(t)
		if sent.Status != casework.NoticeSent {
			t.Fatalf("notice %s", sent.Status)
		}
		events := must(f.s.Events(ctx(), f.workerA, c.ID))(t)
		if last := events[len(events)-1]; last.Action != "decide" || last.Details["open_requests_acknowledged"] != true {
			t.Fatalf("the decision's history entry %+v does not record the acknowledgement", last)
		}
	})
}

// TestFourEyesRules: a tenant-wide rule per procedure and outcome, an
// authority's own rule over it, and the refusals of bad rules.
func TestFourEyesRules(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		rule := casework.FourEyesRule{ProcedureID: "testverfahren", Scope: casework.FourEyesRejections}
		must(0, f.s.SetFourEyesRule(ctx(), "test", f.tenant, rule))(t)
		must(0, f.s.SetFourEyesRule(ctx(), "test", f.tenant, rule))(t) // replaces, no duplicate
		c := f.inStatus(t, casework.InReview)
		if n := must(f.s.DraftNotice(ctx(), f.workerA, c.ID, casework.Approved))(t); n.FourEyes {
			t.Fatal("an approval needs four eyes under the rejections rule")
		}
		if n := must(f.s.DraftNotice(ctx(), f.workerA, c.ID, casework.PartlyApproved))(t); !n.FourEyes {
			t.Fatal("a partial rejection needs no four eyes under the rejections rule")
		}
		must(0, f.s.SetFourEyesRule(ctx(), "test", f.tenant, casework.FourEyesRule{ProcedureID: "testverfahren",
			AuthorityID: f.authA, Scope: casework.FourEyesNone}))(t)
		if n := must(f.s.DraftNotice(ctx(), f.workerA, c.ID, casework.Rejected))(t); n.FourEyes {
			t.Fatal("the authority's own rule did not win")
		}
		if sc := must(casework.FourEyes(ctx(), db, f.tenant, "testverfahren", f.authB))(t); sc != casework.FourEyesRejections {
			t.Fatalf("authority B has %s, want the tenant-wide rule", sc)
		}
		if sc := must(casework.FourEyes(ctx(), db, f.other, "testverfahren", f.authO))(t); sc != casework.FourEyesNone {
			t.Fatalf("the other tenant has %s", sc)
		}
		rules := must(f.s.TenantFourEyesRules(ctx(), f.tenant))(t)
		if len(rules) != 2 || rules[0].AuthorityID != 0 || rules[1].AuthorityID != f.authA {
			t.Fatalf("rules %+v", rules)
		}
		err := f.s.SetFourEyesRule(ctx(), "test", f.tenant, casework.FourEyesRule{ProcedureID: "testverfahren", Scope: "some"})
		wantCode(t, err, fault.Invalid)
		err = f.s.SetFourEyesRule(ctx(), "test", f.tenant, casework.FourEyesRule{ProcedureID: "testverfahren",
			AuthorityID: f.authO, Scope: casework.FourEyesAll})
		wantCode(t, err, fault.NotFound) // another tenant's authority
	})
}

// TestNoticeLetter: the sent PDF greets the applicant by the form of
// address the application gives, carries the postal address in the
// address field and names the seal's authority in the genitive.
func TestNoticeLetter(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		c := f.inStatus(t, casework.InReview)
		answers, _ := json.Marshal(map[string]any{"name": "Erika Mustermann", "anrede": "frau",
			"anschrift": map[string]any{"street": "Louisenstraße", "number": "37", "postal_code": "01099", "place": "Dresden"}})
		if _, err := db.ExecContext(ctx(), `UPDATE application SET answers = $1 WHERE id = $2 AND tenant_id = $3`,
			string(answers), c.ApplicationID, f.tenant); err != nil {
			t.Fatal(err)
		}
		n := must(f.s.DraftNotice(ctx(), f.workerA, c.ID, casework.Approved))(t)
		if !strings.HasPrefix(n.Body, "Sehr geehrte Frau Mustermann,") || !strings.Contains(n.Remedy, "beim Landratsamt Meißen") {
			t.Fatalf("drafted:\n%s\n%s", n.Body, n.Remedy)
		}
		must(f.s.SendNotice(ctx(), f.workerA, n.ID))(t)
		_, r, err := f.s.OpenNotice(ctx(), f.applicant(c), n.ID)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		var buf strings.Builder
		if _, err := ioCopy(&buf, r); err != nil {
			t.Fatal(err)
		}
		checkPDFText(t, []byte(buf.String()), "Erika Mustermann Louisenstraße 37 01099 Dresden", "Sehr geehrte Frau Mustermann,",
			"Siegel des Landratsamts Meißen")
	})
}
