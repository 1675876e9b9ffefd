package journeys_test

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/catalog"
	pfmailbox "github.com/amtsweg/amtsweg/internal/mailbox"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// who is one caller of the matrix.
type who struct {
	name  string
	token string // session cookie; "" for anonymous
	host  string // "" for tenant A's host
	id    int64
}

// mxCase is a case of the matrix with the ids its routes take and the
// callers that may see it (the policy, written out by hand).
type mxCase struct {
	c      casework.Case
	doc    string // a document of this case, or a foreign one
	note   string // a notice id (maybe foreign)
	file   string // a message attachment ref (maybe foreign)
	sees   []string
	host   string
	ownDoc bool // doc/notice/file belong to this case
}

// TestAuthorizationMatrix walks every guarded route as every role of two
// authorities in two tenants and as applicants (owner, other applicant,
// guest, anonymous), with real, guessed and foreign ids, and asserts that
// nobody reads or changes what they may not — on both databases.
func TestAuthorizationMatrix(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			w := boStart(t, d)
			mx := newMatrix(t, w)
			mx.walk(t)
		})
	}
}

type matrix struct {
	w                              *boWorld
	callers                        []who
	cases                          []mxCase
	ownerApp, ownerDraft, guestApp int64
	guestSecret, ownerSession      string
	guestResume                    string // the guest's resume secret (its application cookie)
	a1, a2                         int64
	owner, other                   who
	fitDest                        string // tenant A's FIT-Connect destination (fitDestination)
}

func newMatrix(t *testing.T, w *boWorld) *matrix {
	ctx := context.Background()
	mx := &matrix{w: w}
	clearA, err := casework.Clearing(ctx, w.db, w.tenantA)
	boCheck(t, err)
	clearB, err := casework.Clearing(ctx, w.db, w.tenantB)
	boCheck(t, err)
	auths, err := catalog.ListAuthorities(ctx, w.db, w.tenantA)
	boCheck(t, err)
	for _, a := range auths {
		if a.ID != clearA && mx.a1 == 0 {
			mx.a1 = a.ID
		} else if a.ID != clearA && mx.a2 == 0 {
			mx.a2 = a.ID
		}
	}
	role := func(auth int64, r account.Role) account.StaffRole {
		return account.StaffRole{AuthorityID: auth, Role: r}
	}
	add := func(name, host string, id int64) who {
		c := who{name: name, token: w.session(t, id), host: host, id: id}
		mx.callers = append(mx.callers, c)
		return c
	}
	cwA1 := add("cwA1", "", w.staff(t, w.tenantA, "Sachbearbeitung A1", role(mx.a1, account.RoleCaseWorker)))
	// A second case worker of A1: sees A1's unassigned cases, not the
	// first one's.
	add("cw2A1", "", w.staff(t, w.tenantA, "Sachbearbeitung A1 zwei", role(mx.a1, account.RoleCaseWorker)))
	add("headA1", "", w.staff(t, w.tenantA, "Leitung A1", role(mx.a1, account.RoleHeadOfUnit)))
	add("aaA1", "", w.staff(t, w.tenantA, "Behoerdenadmin A1", role(mx.a1, account.RoleAuthorityAdmin)))
	cwA2 := add("cwA2", "", w.staff(t, w.tenantA, "Sachbearbeitung A2", role(mx.a2, account.RoleCaseWorker)))
	add("headA2", "", w.staff(t, w.tenantA, "Leitung A2", role(mx.a2, account.RoleHeadOfUnit)))
	add("aaA2", "", w.staff(t, w.tenantA, "Behoerdenadmin A2", role(mx.a2, account.RoleAuthorityAdmin)))
	taA := w.principal(t, w.tenantA, "")
	add("taA", "", taA.AccountID)
	add("cwB", hostB, w.staff(t, w.tenantB, "Sachbearbeitung B", role(clearB, account.RoleCaseWorker)))
	add("headB", hostB, w.staff(t, w.tenantB, "Leitung B", role(clearB, account.RoleHeadOfUnit)))
	add("aaB", hostB, w.staff(t, w.tenantB, "Behoerdenadmin B", role(clearB, account.RoleAuthorityAdmin)))
	taB := w.principal(t, w.tenantB, "")
	add("taB", hostB, taB.AccountID)
	ownerID, otherID := w.citizen(t, w.tenantA, "Olga Owner"), w.citizen(t, w.tenantA, "Otto Other")
	mx.owner = add("owner", "", ownerID)
	mx.other = add("other", "", otherID)
	mx.callers = append(mx.callers, who{name: "anonymous"}, who{name: "guest"})
	mx.ownerSession = mx.owner.token

	// The cases: owner's at A1 worked by cwA1, a guest's unassigned at A1,
	// the other applicant's at A2, one in tenant B, a clearing case in A.
	staffOf := func(id int64, tenantID tenant.ID) casework.Staff {
		s, err := casework.LoadStaff(ctx, w.db, tenantID, id)
		boCheck(t, err)
		return s
	}
	c1, _ := w.submit(t, w.tenantA, apply.AccountOwner(ownerID, 0), "Olga Owner")
	mx.ownerApp = c1.ApplicationID
	_, err = w.cases.Forward(ctx, taA, c1.ID, mx.a1, "zuständig")
	boCheck(t, err)
	s1 := staffOf(cwA1.id, w.tenantA)
	_, err = w.cases.Claim(ctx, s1, c1.ID)
	boCheck(t, err)
	_, err = w.cases.Move(ctx, s1, c1.ID, casework.ActReview, "")
	boCheck(t, err)
	_, err = w.cases.AddNote(ctx, s1, c1.ID, "Geheimer Vermerk")
	boCheck(t, err)
	msg, err := w.mb.PostToApplicant(ctx, s1, c1.ID, pfmailbox.Post{Subject: "Hinweis", Body: "Text", Files: []pfmailbox.Upload{webtest.PDFUpload()}})
	boCheck(t, err)
	n, err := w.cases.DraftNotice(ctx, s1, c1.ID, casework.Approved)
	boCheck(t, err)
	docs, err := w.cases.Documents(ctx, s1, c1.ID)
	boCheck(t, err)
	var pdfDoc int64
	for _, d := range docs {
		if d.MediaType == "application/pdf" {
			pdfDoc = d.ID
		}
	}
	if pdfDoc == 0 || len(msg.Attachments) == 0 {
		t.Fatalf("setup: no PDF in the file (%d documents) or no message attachment", len(docs))
	}
	doc, note, file := strconv.FormatInt(pdfDoc, 10), strconv.FormatInt(n.ID, 10), msg.Attachments[0].Ref

	c2, guest := w.submit(t, w.tenantA, apply.GuestOwner(w.tenantA, ""), "Gustav Guest")
	mx.guestApp, mx.guestResume = c2.ApplicationID, guest.Secret
	_, err = w.cases.Forward(ctx, taA, c2.ID, mx.a1, "zuständig")
	boCheck(t, err)
	mx.guestSecret, err = w.mb.GuestLink(ctx, c2.ApplicationID, guest, "", "")
	boCheck(t, err)
	c3, _ := w.submit(t, w.tenantA, apply.AccountOwner(otherID, 0), "Otto Other")
	_, err = w.cases.Forward(ctx, taA, c3.ID, mx.a2, "zuständig")
	boCheck(t, err)
	_, err = w.cases.Claim(ctx, staffOf(cwA2.id, w.tenantA), c3.ID)
	boCheck(t, err)
	c4, _ := w.submit(t, w.tenantB, apply.GuestOwner(w.tenantB, ""), "Berta Bee")
	c5, _ := w.submit(t, w.tenantA, apply.GuestOwner(w.tenantA, ""), "Clara Clearing")
	draft, _, err := w.apps.Start(ctx, apply.StartInput{TenantID: w.tenantA, ProcedureID: "bo-matrix", Owner: apply.AccountOwner(ownerID, 0)})
	boCheck(t, err)
	mx.ownerDraft = draft.ID

	mx.cases = []mxCase{
		{c: c1, doc: doc, note: note, file: file, sees: []string{"cwA1", "headA1"}, ownDoc: true},
		{c: c2, doc: doc, note: note, file: file, sees: []string{"cwA1", "cw2A1", "headA1"}},
		{c: c3, doc: doc, note: note, file: file, sees: []string{"cwA2", "headA2"}},
		{c: c4, doc: doc, note: note, file: file, sees: []string{"cwB", "headB", "taB"}, host: hostB},
		{c: c5, doc: doc, note: note, file: file, sees: []string{"taA"}},
		{c: casework.Case{Reference: "GERATEN-0000-1"}, doc: "1", note: "1", file: "m1"},
	}
	return mx
}

func (mx *matrix) walk(t *testing.T) {
	routes := allRoutes(t)
	before := mx.w.fingerprint(t)
	checked := 0
	for _, p := range routes {
		switch rules[p] {
		case ruleCase:
			checked += mx.caseRoute(t, p)
		case ruleStaff:
			checked += mx.staffRoute(t, p)
		case ruleTenantAdmin:
			checked += mx.adminRoute(t, p)
		case ruleOwnerApp, ruleSecret, ruleAccountID, ruleLogin, ruleAPIClient:
			checked += mx.applicantRoute(t, p)
		}
	}
	if after := mx.w.fingerprint(t); after != before {
		t.Errorf("denied requests changed data: before %s, after %s", before, after)
	}
	t.Logf("%d requests checked", checked)
	mx.allowedWrites(t)
}

// caseRoute checks one back-office case route for every case and caller.
func (mx *matrix) caseRoute(t *testing.T, pattern string) int {
	n := 0
	for _, c := range mx.cases {
		method, path := fillPattern(pattern, map[string]string{"ref": c.c.Reference, "doc": c.doc, "notice": c.note, "file": c.file})
		for _, who := range mx.callers {
			host := who.host
			may := slices.Contains(c.sees, who.name) && host == c.host
			if !may && host != c.host && who.host == "" {
				host = c.host // also try the case's own host with a foreign session
			}
			form := ""
			if method == http.MethodPost {
				form = formFor(pattern, who.id, mx.a2)
				if may {
					continue // allowed writes are checked in allowedWrites
				}
			}
			status, loc, body := mx.w.do(t, method, path, who.token, host, form)
			n++
			switch {
			case may && c.ownDoc && status != http.StatusOK:
				t.Errorf("%s %s as %s: %d, want 200", method, path, who.name, status)
			case may && !c.ownDoc && strings.Contains(pattern, "{") && (strings.Contains(pattern, "{doc}") || strings.Contains(pattern, "{notice}") || strings.Contains(pattern, "{file}")) && status == http.StatusOK:
				t.Errorf("%s %s as %s: 200 for another case's document or notice", method, path, who.name)
			case !may && !denied(status, loc):
				t.Errorf("%s %s as %s (host %q): %d %s, want it denied", method, path, who.name, host, status, loc)
			case !may && c.c.ApplicantName != "" && strings.Contains(body, c.c.ApplicantName):
				t.Errorf("%s %s as %s: the denial shows the applicant's name", method, path, who.name)
			}
		}
	}
	return n
}

// staffRoute checks the inbox and the statistics.
func (mx *matrix) staffRoute(t *testing.T, pattern string) int {
	method, path := fillPattern(pattern, nil)
	inbox := map[string][]int{"cwA1": {0, 1}, "cw2A1": {1}, "headA1": {0, 1}, "cwA2": {2}, "headA2": {2}, "cwB": {3}, "headB": {3}, "taB": {3}, "taA": {4}}
	for _, who := range mx.callers {
		status, loc, body := mx.w.do(t, method, path, who.token, who.host, "")
		want := inbox[who.name] != nil // the statistics too: every case worker sees their units' (issue 14)
		if !want {
			if !denied(status, loc) {
				t.Errorf("%s %s as %s: %d, want it denied", method, path, who.name, status)
			}
			continue
		}
		if method == http.MethodPost { // the bulk action without cases: refused as input, not as access
			if status != http.StatusUnprocessableEntity && status != http.StatusBadRequest {
				t.Errorf("%s %s as %s without cases: %d, want 400 or 422", method, path, who.name, status)
			}
			continue
		}
		if status != http.StatusOK {
			t.Errorf("%s %s as %s: %d, want 200", method, path, who.name, status)
			continue
		}
		if strings.HasSuffix(path, "/statistik") {
			continue
		}
		for i, c := range mx.cases[:5] {
			if got, want := strings.Contains(body, c.c.Reference), slices.Contains(inbox[who.name], i); got != want {
				t.Errorf("inbox of %s lists %s: %v, want %v", who.name, c.c.Reference, got, want)
			}
		}
	}
	return len(mx.callers)
}

// applicantRoute checks a mailbox, account, application or API route:
// callers other than the owner (or secret holder) must be refused.
func (mx *matrix) applicantRoute(t *testing.T, pattern string) int {
	n := 0
	vals := map[string]string{"id": strconv.FormatInt(mx.ownerApp, 10), "ref": "m1", "notice": "1", "page": "p",
		"secret": "geraten-" + strconv.FormatInt(time.Now().UnixNano(), 36), "org": "999999", "account": "1",
		"attachment": "1", "submissionId": "3f2b9c1e-0000-4000-8000-000000000001", "attachmentId": "3f2b9c1e-0000-4000-8000-000000000002"}
	switch {
	case strings.Contains(pattern, "/seiten/") || strings.Contains(pattern, "/link/") || strings.Contains(pattern, "/pruefen") || strings.Contains(pattern, "/einreichen") || strings.Contains(pattern, "/gespeichert"):
		vals["id"] = strconv.FormatInt(mx.ownerDraft, 10)
	case strings.HasPrefix(pattern, "POST /konto/entwuerfe/"):
		vals["id"] = strconv.FormatInt(mx.ownerDraft, 10)
	case strings.HasPrefix(pattern, "POST /konto/sitzungen/"):
		var sid int64
		boCheck(t, mx.w.db.QueryRowContext(context.Background(), `SELECT MIN(id) FROM account_session WHERE account_id = $1`, mx.owner.id).Scan(&sid))
		vals["id"] = strconv.FormatInt(sid, 10)
	case strings.HasSuffix(pattern, "/postfach") && strings.Contains(pattern, "/antraege/"):
		vals["id"] = strconv.FormatInt(mx.guestApp, 10)
	}
	method, path := fillPattern(pattern, vals)
	for _, who := range mx.callers {
		if who.name == "owner" && rules[pattern] != ruleAPIClient {
			continue // the owner's own access is the owning package's test
		}
		if rules[pattern] == ruleLogin && who.token != "" {
			continue // a logged-in caller acts on their own account
		}
		if rules[pattern] == ruleAccountID && who.token == "" && method == http.MethodGet {
			// anonymous: must log in (checked below like everyone else)
		}
		form := ""
		if method == http.MethodPost {
			form = formFor(pattern, who.id, mx.a2)
		}
		status, loc, body := mx.w.do(t, method, path, who.token, who.host, form)
		n++
		if !denied(status, loc) && !(rules[pattern] == ruleAPIClient && status == http.StatusBadRequest) {
			t.Errorf("%s %s as %s: %d %s, want it denied", method, path, who.name, status, loc)
		}
		if strings.Contains(body, "Olga Owner") {
			t.Errorf("%s %s as %s: the answer shows the owner's name", method, path, who.name)
		}
	}
	return n + mx.guestCookieRoute(t, pattern, method, path, vals["id"])
}

// guestCookieRoute tries an application route ({id} under /antraege/) as
// the guest of another application, who puts their own resume secret into
// the cookie of the path's application, and as the guest of that very
// application on another tenant's host: both must be refused.
func (mx *matrix) guestCookieRoute(t *testing.T, pattern, method, path, id string) int {
	if !strings.Contains(pattern, "/antraege/{id}") {
		return 0
	}
	cookie := &http.Cookie{Name: "amtsweg_antrag_" + id, Value: mx.guestResume}
	n := 0
	for _, host := range []string{"", hostB} {
		if host == "" && id == strconv.FormatInt(mx.guestApp, 10) {
			continue // the guest's own application on its own host
		}
		status, loc, body := mx.w.doCookie(t, method, path, host, cookie)
		n++
		if !denied(status, loc) || strings.Contains(body, "Olga Owner") || strings.Contains(body, "Gustav Guest") {
			t.Errorf("%s %s as the guest of application %d (host %q): %d %s, want it denied", method, path, mx.guestApp, host, status, loc)
		}
	}
	return n
}

// allowedWrites checks that the refusals above are not all there is: the
// staff who may act do get through (a denial-only matrix could pass with
// a back office that refuses everything).
func (mx *matrix) allowedWrites(t *testing.T) {
	c := mx.cases[0]
	var cw, head who
	for _, w := range mx.callers {
		switch w.name {
		case "cwA1":
			cw = w
		case "headA1":
			head = w
		}
	}
	base := "/verwaltung/vorgaenge/" + c.c.Reference
	if status, loc, _ := mx.w.do(t, http.MethodPost, base+"/vermerke", cw.token, "", "body=Erlaubter+Vermerk"); status != http.StatusSeeOther || !strings.Contains(loc, "erledigt=note") {
		t.Errorf("note by the assigned case worker: %d %s", status, loc)
	}
	if status, _, _ := mx.w.do(t, http.MethodPost, base+"/zuweisen", cw.token, "", "assignee=0"); status != http.StatusForbidden {
		t.Errorf("assignment by a case worker: %d, want 403", status)
	}
	if status, _, _ := mx.w.do(t, http.MethodPost, base+"/loeschsperre", cw.token, "", "on=1&reason=x"); status != http.StatusForbidden {
		t.Errorf("legal hold by a case worker: %d, want 403", status)
	}
	if status, loc, _ := mx.w.do(t, http.MethodPost, base+"/loeschsperre", head.token, "", "on=1&reason=Klage"); status != http.StatusSeeOther {
		t.Errorf("legal hold by the head of unit: %d %s", status, loc)
	}
	var views int
	boCheck(t, mx.w.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action = 'case.view' AND object_id = $1`,
		strconv.FormatInt(c.c.ID, 10)).Scan(&views))
	if views == 0 {
		t.Error("case views are not in the audit log")
	}
}
