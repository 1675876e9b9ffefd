package fitconnect_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"time"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/fitconnect"
	"github.com/amtsweg/amtsweg/internal/procedure"
)

// fimProcedure is a procedure as the FIM import writes one: the FIM
// schema it came from, FIM element ids in every field's and group's
// source, an upload inside a group and a repeatable group.
const fimProcedure = `id: fc-fim
version: 1
title: {de: "FIM-Test", en: "FIM test"}
leika: ["99115005104000"]
assurance: low
guest: true
deadline: P1M
retention: P1Y
source: FIM S99000001
fim: {id: S99000001, version: "1.0", standard: "XDatenfelder 3.0.0"}
pages:
  - id: p
    title: {de: Angaben, en: Details}
    fields:
      - {id: name, type: short_text, label: {de: Name, en: Name}, required: true, source: FIM F60000227}
      - {id: gemeinde, type: place, label: {de: Gemeinde, en: Municipality}, required: true, source: FIM F60000248}
      - id: person
        type: group
        label: {de: Person, en: Person}
        source: FIM G60000086
        fields:
          - {id: vorname, type: short_text, label: {de: Vorname, en: First name}, source: FIM F60000228}
          - {id: nachweis, type: file, label: {de: Nachweis, en: Proof}, media_types: [application/pdf], source: FIM F60000300}
      - id: kinder
        type: group
        label: {de: Kinder, en: Children}
        source: FIM G60000090
        repeat: {min: 0, max: 3}
        fields:
          - {id: kname, type: short_text, label: {de: Name, en: Name}, source: FIM F60000227}
`

// submission submits an application of the FIM procedure and opens the
// submission sealed for the authority as a subscriber does.
func (w *sender) submission() {
	t := w.t
	ctx := t.Context()
	_, err := procedure.Import(ctx, w.a.DB, []byte(fimProcedure), "fc-fim.yaml")
	check(t, err)
	c, err := apiclient.Create(ctx, w.a.DB, "test", apiclient.New{TenantID: w.tenant, AuthorityID: w.authority, Name: "Fachverfahren",
		Scopes: []apiclient.Scope{apiclient.SubmissionsRead}, Secrets: w.a.Keys})
	check(t, err)
	pdf := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("Nachweis "), 100)...)
	ref := w.submitFIM(pdf)

	var list struct {
		Submissions []struct {
			SubmissionID  string `json:"submissionId"`
			AmtswegCaseID int64  `json:"amtswegCaseId"`
		} `json:"submissions"`
	}
	for deadline := time.Now().Add(60 * time.Second); len(list.Submissions) == 0; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no submission sealed within 60 s")
		}
		getOK(t, w.base+"/api/v1/fitconnect/submissions?status=all", c.APIKey, &list)
	}
	var sub struct {
		SubmissionID  string   `json:"submissionId"`
		CaseID        string   `json:"caseId"`
		AmtswegCaseID int64    `json:"amtswegCaseId"`
		DestinationID string   `json:"destinationId"`
		EncryptedMeta string   `json:"encryptedMetadata"`
		EncryptedData string   `json:"encryptedData"`
		Attachments   []string `json:"attachments"`
	}
	getOK(t, w.base+"/api/v1/fitconnect/submissions/"+list.Submissions[0].SubmissionID, c.APIKey, &sub)
	if !uuidRE.MatchString(sub.CaseID) || sub.CaseID != fitconnect.CaseUUID(w.tenant, sub.AmtswegCaseID) ||
		sub.AmtswegCaseID != list.Submissions[0].AmtswegCaseID || sub.DestinationID != w.destID {
		t.Errorf("submission %+v", sub)
	}

	meta := open(t, sub.EncryptedMeta)
	validate(t, meta)
	var md fitconnect.Metadata
	check(t, json.Unmarshal(meta, &md))
	if md.ContentStructure.Data.SubmissionSchema.SchemaURI != "https://schema.fitko.de/fim/s99000001_1.0.schema.json" ||
		md.PublicServiceType.Identifier != "urn:de:fim:leika:leistung:"+leika || md.AdditionalReferenceInfo.SenderReference != ref {
		t.Errorf("metadata %s", meta)
	}
	as := md.ContentStructure.Attachments
	if len(as) != 2 || as[0].Purpose != "form" || as[0].MimeType != "application/pdf" || as[1].Purpose != "attachment" ||
		!slices.Equal(sub.Attachments, []string{as[0].AttachmentID, as[1].AttachmentID}) {
		t.Fatalf("attachments %v, metadata %s", sub.Attachments, meta)
	}
	form := open(t, w.attachment(c.APIKey, sub.SubmissionID, as[0].AttachmentID))
	upload := open(t, w.attachment(c.APIKey, sub.SubmissionID, as[1].AttachmentID))
	if !bytes.HasPrefix(form, []byte("%PDF-")) || len(form) < 1000 || !bytes.Equal(upload, pdf) ||
		as[0].Hash.Content != sha512Hex(form) || as[1].Hash.Content != sha512Hex(upload) {
		t.Errorf("form %d bytes, upload %d bytes", len(form), len(upload))
	}

	data := open(t, sub.EncryptedData)
	if md.ContentStructure.Data.Hash.Content != sha512Hex(data) {
		t.Error("data hash")
	}
	var got map[string]any
	check(t, json.Unmarshal(data, &got))
	want := map[string]any{"F60000227": "Muster", "F60000248": chemnitzARS,
		"G60000086": map[string]any{"F60000228": "Erika", "F60000300": []any{as[1].AttachmentID}},
		"G60000090": []any{map[string]any{"F60000227": "Max"}, map[string]any{"F60000227": "Moritz"}}}
	if !jsonEqual(got, want) {
		t.Errorf("data %s", data)
	}
}

// attachment fetches one encrypted attachment.
func (w *sender) attachment(bearer, submissionID, attachmentID string) string {
	return string(getOK(w.t, w.base+"/api/v1/fitconnect/submissions/"+submissionID+"/attachments/"+attachmentID, bearer, nil))
}

func jsonEqual(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}
