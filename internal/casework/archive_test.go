package casework_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

const testPlan = "kennzeichen;titel;uebergeordnet;aufbewahrung;aussonderungsart\n" +
	"32;Öffentliche Ordnung;;;\n32.10;Genehmigungen;32;P10Y;B\n32.10.05;Testgenehmigungen;32.10;P10Y;A\n"

var archiveOpt = akte.ExportOptions{Sender: "Freistaat Sachsen", SenderKey: "sn", Recipient: "Sächsisches Staatsarchiv",
	RecipientKey: "StA-SN", RecipientUnit: "Abteilung 2 Archivische Grundsätze", Instance: "https://portal.example"}

// TestArchiveConversation runs the whole Aussonderung as an archive
// would: 0501 offer → 0504 receipt → 0502 appraisal (one file archived,
// one destroyed, a bad 0502 refused whole) → 0505 receipt → 0503 handover
// → 0507 receipt → 0506 import failed, sent again, confirmed → deleted;
// every message validated against the xdomea 3.0.0 schema, every step
// audited per file.
func TestArchiveConversation(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		if err := akte.ReplacePlan(ctx(), db, "test", f.tenant, must(akte.ParsePlanCSV(strings.NewReader(testPlan)))(t)); err != nil {
			t.Fatal(err)
		}
		keep, drop, held := f.closedFiledCase(t, "A"), f.closedFiledCase(t, "B"), f.closedFiledCase(t, "B")
		if err := f.s.SetLegalHold(ctx(), f.headA, held.ID, true, "Klage anhängig"); err != nil {
			t.Fatal(err)
		}
		keepFile := must(akte.Get(ctx(), db, f.tenant, keep.ID))(t)
		dropFile := must(akte.Get(ctx(), db, f.tenant, drop.ID))(t)

		var buf bytes.Buffer
		if m := must(f.akte.Offer(ctx(), &buf, "test", f.tenant, archiveOpt))(t); len(m.Files) != 0 || buf.Len() != 0 {
			t.Fatalf("offered %v before the retention ran out", m.Files)
		}
		f.clock.Set(keepFile.DeleteAfter.AddDate(0, 0, 1))
		offer := must(f.akte.Offer(ctx(), &buf, "test", f.tenant, archiveOpt))(t)
		pid := offer.ProcessID
		if !slices.Equal(offer.Files, []string{keep.Reference, drop.Reference}) || len(offer.Warnings) != 0 {
			t.Fatalf("offered %v (warnings %v), want %s and %s, not the held file", offer.Files, offer.Warnings, keep.Reference, drop.Reference)
		}
		msg := messageOf(t, buf.Bytes(), pid, "Aussonderung.Anbieteverzeichnis.0501")
		wantAll(t, "0501", msg, keepFile.GUID, dropFile.GUID, "<code>A</code>", "<code>B</code>", "<xdomea:Kennzeichen>32.10.05")
		if again := must(f.akte.Offer(ctx(), &bytes.Buffer{}, "test", f.tenant, archiveOpt))(t); len(again.Files) != 0 {
			t.Fatalf("offered twice: %v", again.Files)
		}

		var receipt bytes.Buffer // the 0505 amtsweg writes
		reply := func(code string, b []byte) (akte.Reply, error) {
			receipt.Reset()
			return f.akte.ImportReply(ctx(), &receipt, "archivar", f.tenant, code+".zip", b, archiveOpt)
		}
		must(reply("0504", fromArchive(t, "0504", pid, nil, nil)))(t)

		// A bad 0502 names every problem by its path and changes nothing.
		_, err := reply("0502", fromArchive(t, "0502", pid, []appraised{{keepFile.GUID, "B"},
			{"00000000-0000-4000-8000-000000000000", "A"}, {dropFile.GUID, "V"}, {dropFile.GUID, "V"}}, nil))
		wantCode(t, err, fault.Invalid)
		for _, want := range []string{"BewertetesObjekt[1]/Aussonderungsart: \"B\"", "BewertetesObjekt[2]/ID",
			"BewertetesObjekt[4]/ID: " + dropFile.GUID + " (" + drop.Reference + ") is appraised twice"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error lacks %q:\n%v", want, err)
			}
		}
		_, err = reply("0502", fromArchive(t, "0502", "11111111-1111-4111-8111-111111111111", []appraised{{keepFile.GUID, "A"}}, nil))
		wantCode(t, err, fault.NotFound)
		wantStates(t, db, f, map[string]string{keep.Reference: akte.StateOffered, drop.Reference: akte.StateOffered})

		rep, err := reply("0502", fromArchive(t, "0502", pid, []appraised{{keepFile.GUID, "A"}, {dropFile.GUID, "V"}}, nil))
		if err != nil {
			t.Fatal(err)
		}
		if fmtList(rep.Archive) != fmtList([]string{keep.Reference}) || fmtList(rep.Deleted) != fmtList([]string{drop.Reference}) || rep.Receipt == nil {
			t.Fatalf("0502 applied as %+v", rep)
		}
		messageOf(t, receipt.Bytes(), pid, "Aussonderung.BewertungEmpfangBestaetigen.0505")
		_, err = akte.Get(ctx(), db, f.tenant, drop.ID)
		wantCode(t, err, fault.NotFound)

		sendAndCheck(t, f, pid, keep.Reference, keepFile)
		must(reply("0507", fromArchive(t, "0507", pid, nil, nil)))(t)
		rep = must(reply("0506", fromArchive(t, "0506", pid, nil, []imported{{ID: keepFile.GUID, Error: "Prüfsumme stimmt nicht"}})))(t)
		if len(rep.Failed) != 1 || len(rep.Deleted) != 0 {
			t.Fatalf("failed import applied as %+v", rep)
		}
		wantStates(t, db, f, map[string]string{keep.Reference: akte.StateArchive})
		sendAndCheck(t, f, pid, keep.Reference, keepFile)
		rep = must(reply("0506", fromArchive(t, "0506", pid, nil, []imported{{ID: keepFile.GUID, OK: true, Ref: "StA-SN 20036/1"}})))(t)
		if fmtList(rep.Confirmed) != fmtList([]string{keep.Reference}) || fmtList(rep.Deleted) != fmtList([]string{keep.Reference}) {
			t.Fatalf("0506 applied as %+v", rep)
		}
		_, err = akte.Get(ctx(), db, f.tenant, keep.ID)
		wantCode(t, err, fault.NotFound)
		wantStates(t, db, f, map[string]string{})
		must(akte.Get(ctx(), db, f.tenant, held.ID))(t) // legal hold: never offered, never deleted

		wantSteps(t, db, f, keep.ID, "akte.archive_offer", "akte.archive_received_0504", "akte.archive_appraisal",
			"akte.archive_send", "akte.archive_received_0507", "akte.archive_import_failed", "akte.archive_send",
			"akte.archive_confirmed", "akte.archive_delete")
		wantSteps(t, db, f, drop.ID, "akte.archive_offer", "akte.archive_received_0504", "akte.archive_appraisal", "akte.archive_destroy")
	})
}

// sendAndCheck sends the conversation's 0503 and checks it carries the
// file with its documents, history, filing-plan unit and disposal.
func sendAndCheck(t *testing.T, f *fx, pid, reference string, file akte.File) {
	t.Helper()
	var pkg bytes.Buffer
	sent := must(f.akte.Send(ctx(), &pkg, "test", f.tenant, pid, archiveOpt))(t)
	if fmtList(sent.Files) != fmtList([]string{reference}) || sent.ProcessID != pid || sent.Documents != file.Documents {
		t.Fatalf("sent %+v, want %s with %d documents", sent, reference, file.Documents)
	}
	msg := messageOf(t, pkg.Bytes(), pid, "Aussonderung.Aussonderung.0503")
	if n := len(unzip(t, pkg.Bytes())); n != file.Documents+1 {
		t.Fatalf("0503 zip holds %d files, want the message and %d documents", n, file.Documents)
	}
	wantAll(t, "0503", msg, file.GUID, "<xdomea:Kennzeichen>32.10.05</xdomea:Kennzeichen>",
		"<xdomea:Inhaltsangabe>Testgenehmigungen</xdomea:Inhaltsangabe>", "<xdomea:HistorienProtokollInformation>",
		"<xdomea:MetadatumNeuerWert>closed</xdomea:MetadatumNeuerWert>", "<xdomea:Aktion>case.close</xdomea:Aktion>",
		"<code>sn</code>", "<code>StA-SN</code>", "<xdomea:Produktname>amtsweg</xdomea:Produktname>",
		"<xdomea:Bewertungsvorschlag", "<xdomea:Vertraulichkeitsstufe", "<xdomea:Bezug>Antrag "+reference+"</xdomea:Bezug>",
		"<xdomea:Kennzeichen>"+reference+"/1</xdomea:Kennzeichen>", "<code>018</code>", "<xdomea:Version>1.7</xdomea:Version>")
	if bytes.Contains(msg, []byte("<code>999</code>")) {
		t.Error("0503 uses the format code 999, which the code list lacks")
	}
}

func wantStates(t *testing.T, db *store.DB, f *fx, want map[string]string) {
	t.Helper()
	got := map[string]string{}
	for _, d := range must(akte.Disposals(ctx(), db, f.tenant))(t) {
		got[d.Reference] = d.State
	}
	if len(got) != len(want) {
		t.Fatalf("states %v, want %v", got, want)
	}
	for r, s := range want {
		if got[r] != s {
			t.Fatalf("states %v, want %v", got, want)
		}
	}
}

// wantSteps checks the case's audit entries of the conversation, in order.
func wantSteps(t *testing.T, db *store.DB, f *fx, caseID int64, want ...string) {
	t.Helper()
	var got []string
	for _, e := range must(audit.ForObject(ctx(), db, int64(f.tenant), "case", itoa(caseID)))(t) {
		if strings.HasPrefix(e.Action, "akte.archive_") {
			got = append(got, e.Action)
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("audit steps of case %d:\n got %v\nwant %v", caseID, got, want)
	}
}
