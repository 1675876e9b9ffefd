package subscriber_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/fitconnect/subscriber"
	"github.com/amtsweg/amtsweg/internal/fitconnect/zustelltest"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestIncomingSubmissions sends one good and several broken submissions
// through the simulated Submission Service, encrypted as the SDKs do: the
// good one becomes a case of the destination's authority with its data
// and attachment and gets accept-submission; each broken one gets
// reject-submission with the problem the specification names and leaves
// nothing behind. Processing again files nothing twice.
func TestIncomingSubmissions(t *testing.T) {
	t.Parallel()
	foreign, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		x := newWorld(t, db)
		proof := pdf("Gewerbenachweis ")
		good := x.send(t, outgoing{service: gewerbeURN, schema: gewerbeSchema, deflate: true,
			metadata: func(m map[string]any) { m["additionalReferenceInfo"] = map[string]string{"senderReference": "OD-4711"} },
			data:     []byte(`{"name": "Jörg Müller-Weiß", "beginn": "2026-12-01", "nachweis": "0b6a4e52-6c1c-4d4a-9a0e-3f1f0b7d2c11"}`),
			files: []file{{id: "f0f0f0f0-1111-4222-8333-444455556666", name: "Antrag.pdf", mime: "application/pdf", content: pdf("Formular "), purpose: "form"},
				{id: "0b6a4e52-6c1c-4d4a-9a0e-3f1f0b7d2c11", name: "Nachweis.pdf", mime: "application/pdf", content: proof}}})
		wrongKey := jose.JSONWebKey{Key: &foreign.PublicKey, KeyID: x.dest.Enc.KeyID}
		type bad struct {
			name, problem, instance string
			o                       outgoing
		}
		valid := []byte(`{"name": "Erika Mustermann"}`)
		bads := []bad{
			{"undecryptable", subscriber.EncryptionIssue, "metadata",
				outgoing{service: gewerbeURN, schema: gewerbeSchema, data: valid, key: &wrongKey}},
			{"metadata schema", subscriber.SchemaViolation, "metadata",
				outgoing{service: gewerbeURN, schema: gewerbeSchema, data: valid, metadata: func(m map[string]any) {
					m["contentStructure"].(map[string]any)["data"].(map[string]any)["hash"] = map[string]string{"type": "md5", "content": "00"}
				}}},
			{"hash mismatch", subscriber.HashMismatch, "attachment:9d1b7a3c-2e4f-4a5b-8c6d-7e8f9a0b1c2d",
				outgoing{service: gewerbeURN, schema: gewerbeSchema, data: valid, metadata: func(m map[string]any) {
					a := m["contentStructure"].(map[string]any)["attachments"].([]any)[0].(map[string]any)
					a["hash"] = map[string]string{"type": "sha512", "content": strings.Repeat("ab", 64)}
				}, files: []file{{id: "9d1b7a3c-2e4f-4a5b-8c6d-7e8f9a0b1c2d", name: "x.pdf", mime: "application/pdf", content: pdf("x")}}}},
			{"unknown schema", subscriber.UnsupportedSchema, "data",
				outgoing{service: gewerbeURN, schema: "urn:amtsweg:procedure:unbekannt:v1", data: valid}},
			{"invalid data", subscriber.SchemaViolation, "data",
				outgoing{service: gewerbeURN, schema: gewerbeSchema, data: []byte(`{"beginn": "2026-12-01"}`),
					files: []file{{id: "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", name: "N.pdf", mime: "application/pdf", content: pdf("n")}}}},
			{"metadata not JSON", subscriber.SyntaxViolation, "metadata",
				outgoing{service: gewerbeURN, schema: gewerbeSchema, data: valid, rawMetadata: []byte(`{"contentStructure": `)}},
			{"data hash", subscriber.HashMismatch, "data",
				outgoing{service: gewerbeURN, schema: gewerbeSchema, data: valid, metadata: func(m map[string]any) {
					m["contentStructure"].(map[string]any)["data"].(map[string]any)["hash"] = map[string]string{"type": "sha512", "content": strings.Repeat("cd", 64)}
				}}},
			{"attachment not sent", subscriber.AttachmentsMismatch, "metadata",
				outgoing{service: gewerbeURN, schema: gewerbeSchema, data: valid, metadata: func(m map[string]any) {
					cs := m["contentStructure"].(map[string]any)
					cs["attachments"] = append(cs["attachments"].([]any), map[string]any{"attachmentId": "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b",
						"hash": map[string]string{"type": "sha512", "content": strings.Repeat("ef", 64)}, "purpose": "attachment", "mimeType": "application/pdf"})
				}}},
			{"service mismatch", subscriber.ServiceMismatch, "metadata",
				outgoing{service: "urn:de:fim:leika:leistung:99999999999999", schema: gewerbeSchema, data: valid}},
		}
		sent := make([]zustelltest.Created, len(bads))
		for i, b := range bads {
			sent[i] = x.send(t, b.o)
		}
		if err := x.svc.Poll(ctx); err != nil {
			t.Fatal(err)
		}

		// The good one: accepted, filed at the destination's authority.
		if typ, ev := x.event(t, good); typ != subscriber.EventAccept {
			t.Fatalf("good submission: event %s %v, want accept-submission", typ, ev)
		} else if tags, _ := ev["authenticationTags"].(map[string]any); tags["metadata"] == "" || tags["data"] == "" {
			t.Errorf("accept-submission without authentication tags: %v", ev)
		}
		if s := x.sim.Status(good.SubmissionID); s != "accepted" {
			t.Errorf("simulator status %q, want accepted", s)
		}
		var appID int64
		if err := db.QueryRowContext(ctx, `SELECT application_id FROM fitconnect_inbox WHERE submission_id = $1 AND outcome = 'accepted'`,
			good.SubmissionID).Scan(&appID); err != nil {
			t.Fatal(err)
		}
		if err := x.w.Cases.OnSubmitted(ctx, appID); err != nil {
			t.Fatal(err)
		}
		var caseAuth int64
		if err := db.QueryRowContext(ctx, `SELECT authority_id FROM case_record WHERE application_id = $1`, appID).Scan(&caseAuth); err != nil {
			t.Fatal(err)
		}
		if caseAuth != x.authority {
			t.Errorf("case at authority %d, want the destination's %d", caseAuth, x.authority)
		}
		sub, err := apply.LoadSubmission(ctx, db, appID)
		if err != nil {
			t.Fatal(err)
		}
		if sub.Answers["name"] != "Jörg Müller-Weiß" || sub.Answers["beginn"] != "2026-12-01" {
			t.Errorf("answers %v", sub.Answers)
		}
		files, err := apply.SubmittedFiles(ctx, db, appID)
		if err != nil {
			t.Fatal(err)
		}
		// The proof goes into its field; the sender's form rendering into
		// none, but is kept with the application and named in the audit.
		if len(files) != 2 || files[0].Name != "Nachweis.pdf" || files[0].Size != int64(len(proof)) ||
			files[1].FieldPath != apply.SenderForm || files[1].Name != "Antrag.pdf" {
			t.Errorf("files %+v, want Nachweis.pdf of %d bytes and the sender's Antrag.pdf", files, len(proof))
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'fitconnect.accept' AND details LIKE $1`,
			"%f0f0f0f0-1111-4222-8333-444455556666 Antrag.pdf%"); n != 1 {
			t.Errorf("the accept audit entry does not name the sender's form rendering (%d)", n)
		}
		// The case worker sees where it came from.
		staff := x.w.Staff(t, x.tenant, "Sachbearbeiterin", account.StaffRole{AuthorityID: x.authority, Role: account.RoleCaseWorker})
		var caseID int64
		if err := db.QueryRowContext(ctx, `SELECT id FROM case_record WHERE application_id = $1`, appID).Scan(&caseID); err != nil {
			t.Fatal(err)
		}
		view, err := x.w.Cases.Submission(ctx, staff, caseID)
		if err != nil {
			t.Fatal(err)
		}
		if ch := view.Channel; ch == nil || ch.Channel != "fitconnect" || ch.ExternalID != good.SubmissionID || ch.Sender != "OD-4711" {
			t.Errorf("channel %+v, want fitconnect %s from OD-4711", ch, good.SubmissionID)
		}
		// The case file holds the sender's form as a receipt document, the
		// proof as an attachment, each with the bytes that were sent.
		docs, err := akte.Documents(ctx, db, caseID)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]akte.Kind{}
		for _, d := range docs {
			kinds[d.FileName] = d.Kind
			if d.FileName == "Antrag.pdf" && (d.SHA256 != sha256Hex(pdf("Formular ")) || !strings.Contains(d.Title, "Onlinedienst")) {
				t.Errorf("sender's form document %+v", d)
			}
		}
		if kinds["Antrag.pdf"] != akte.Receipt || kinds["Nachweis.pdf"] != akte.Attachment {
			t.Errorf("case file kinds %v, want the sender's Antrag.pdf as receipt and Nachweis.pdf as attachment", kinds)
		}

		// The broken ones: rejected with their problem, nothing filed.
		for i, b := range bads {
			typ, ev := x.event(t, sent[i])
			if typ != subscriber.EventReject {
				t.Errorf("%s: event %s, want reject-submission", b.name, typ)
				continue
			}
			ps, _ := ev["problems"].([]any)
			if len(ps) == 0 {
				t.Errorf("%s: no problems", b.name)
				continue
			}
			p := ps[0].(map[string]any)
			if p["type"] != subscriber.ProblemBase+b.problem || p["instance"] != b.instance {
				t.Errorf("%s: problem %v, want %s at %s", b.name, p, b.problem, b.instance)
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM application WHERE tenant_id = $1`, x.tenant); n != 1 {
			t.Errorf("%d applications, want only the accepted one", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM application_attachment`); n != 2 {
			t.Errorf("%d attachments, want only the accepted one's", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM fitconnect_inbox WHERE outcome = 'rejected' AND event_sent = TRUE`); n != len(bads) {
			t.Errorf("%d recorded rejections, want %d", n, len(bads))
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'fitconnect.reject'`); n != len(bads) {
			t.Errorf("%d audited rejections, want %d", n, len(bads))
		}

		checkReceived(t, x, good, len(bads))

		// Idempotent: processing the accepted submission again files nothing.
		if err := x.svc.Process(ctx, x.dest, good.SubmissionID); err != nil {
			t.Fatal(err)
		}
		if err := x.svc.Poll(ctx); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM application WHERE tenant_id = $1`, x.tenant); n != 1 {
			t.Errorf("after a second run %d applications, want 1", n)
		}
	})
}

// TestEventRetried: when the Submission Service does not take the event,
// the decision stays recorded and the next run sends the same event
// again without filing a second application.
func TestEventRetried(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		x := newWorld(t, db)
		c := x.send(t, outgoing{service: gewerbeURN, schema: gewerbeSchema, data: []byte(`{"name": "Erika Mustermann"}`)})
		x.sim.FailNextEvents(1)
		if err := x.svc.Poll(ctx); err == nil {
			t.Fatal("Poll reported no error although the event was refused")
		}
		if s := x.sim.Status(c.SubmissionID); s != "submitted" {
			t.Fatalf("status %s after a refused event", s)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM fitconnect_inbox WHERE outcome = 'accepted' AND event_sent = FALSE`); n != 1 {
			t.Fatalf("%d decisions owed, want 1", n)
		}
		if err := x.svc.Poll(ctx); err != nil {
			t.Fatal(err)
		}
		if typ, _ := x.event(t, c); typ != subscriber.EventAccept {
			t.Errorf("event %s", typ)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM application WHERE tenant_id = $1`, x.tenant); n != 1 {
			t.Errorf("%d applications, want 1", n)
		}
		if rs, _, err := subscriber.Received(ctx, db, x.tenant, subscriber.ReceivedQuery{Limit: 10}); err != nil || len(rs) != 1 || !rs[0].EventSent || rs[0].ApplicationID == 0 {
			t.Errorf("inbox %+v %v", rs, err)
		}
	})
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// checkReceived: the inbox's read API filters by outcome, pages newest
// first and keeps the service and the sender's reference of a decision.
func checkReceived(t *testing.T, x *world, good zustelltest.Created, rejected int) {
	t.Helper()
	ctx := t.Context()
	acc, total, err := subscriber.Received(ctx, x.db, x.tenant, subscriber.ReceivedQuery{Outcome: subscriber.Accepted, Limit: 10})
	if err != nil || total != 1 || len(acc) != 1 {
		t.Fatalf("accepted: %d of %d, %v", len(acc), total, err)
	}
	if d := acc[0]; d.SubmissionID != good.SubmissionID || d.Sender != "OD-4711" || d.Service.Identifier != gewerbeURN ||
		d.Service.Name != "Gewerbeanmeldung" || d.ApplicationID == 0 || d.DestinationID != x.dest.ID {
		t.Errorf("accepted decision %+v", d)
	}
	page, total, err := subscriber.Received(ctx, x.db, x.tenant, subscriber.ReceivedQuery{Outcome: subscriber.Rejected, Limit: 3, Offset: 3})
	if err != nil || total != rejected || len(page) != 3 || page[0].Outcome != subscriber.Rejected || len(page[0].Problems) == 0 {
		t.Errorf("rejected page: %d of %d, %v", len(page), total, err)
	}
	all, total, err := subscriber.Received(ctx, x.db, x.tenant, subscriber.ReceivedQuery{Limit: 100})
	if err != nil || total != rejected+1 || len(all) != total {
		t.Fatalf("all: %d of %d, %v", len(all), total, err)
	}
	for i := 1; i < len(all); i++ {
		if all[i].ReceivedAt.After(all[i-1].ReceivedAt) {
			t.Errorf("not newest first at %d", i)
		}
	}
	if _, _, err := subscriber.Received(ctx, x.db, x.tenant, subscriber.ReceivedQuery{Outcome: "pending", Limit: 10}); !fault.Is(err, fault.Invalid) {
		t.Errorf("unknown outcome: %v", err)
	}
	if _, n, err := subscriber.Received(ctx, x.db, x.tenant+1000, subscriber.ReceivedQuery{Limit: 10}); err != nil || n != 0 {
		t.Errorf("another tenant sees %d decisions (%v)", n, err)
	}
}
