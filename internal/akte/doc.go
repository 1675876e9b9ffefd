// Package akte keeps the electronic file (Akte) of a case: every document
// (Dokument / Schriftstück) — the receipt of the application, its
// attachments, messages both ways, internal notes, requests, answers and
// notices — filed in order with its metadata (kind, date, author, SHA-256,
// size, media type, blob key).
//
// The package knows files and documents, not cases: package casework opens
// a file when it creates a case (OpenTx), files documents inside the
// transaction of the step that produced them (FileTx) and closes the file
// when the case is closed or withdrawn (CloseTx), which starts the
// retention period (Aufbewahrungsfrist).
//
// Retention: the daily job "akte.retention" (Register) deletes every file
// whose retention ran out, that is not on legal hold (Löschsperre) and
// whose Aussonderungsart is V or unset: first, in one transaction, the
// document rows and the file row, leaving one minimal audit entry and
// publishing events.FileDeleted; then the blobs. The owners of the case's
// other rows subscribe to the event and delete their own (casework the
// case, then apply the application). `amtsweg retention run --dry-run`
// lists what would go.
//
// Filing plan (plan.go): each tenant keeps an Aktenplan (PlanUnit:
// Kennzeichen, title, parent, default retention and Aussonderungsart),
// imported from CSV as a whole. A file keeps the unit and Aussonderungsart
// its procedure names (procedure.Definition.Filing), defaults from the
// unit filling what the procedure leaves empty.
//
// Archive conversation (archive*.go, xdomea 3.0.0 Aussonderung): files
// with Aussonderungsart A or B leave only through it — Offer writes the
// 0501 of every due file, ImportReply applies the archive's 0502 appraisal
// (destroy-appraised files are deleted at once, a 0505 receipt written),
// its 0504/0507 receipts and its 0506 import confirmation (imported files
// are deleted, failed ones sent again), Send writes the 0503 with the
// documents. The state per file is in akte_disposal; every step is audited
// per file. Messages from the archive are checked whole and refused with
// every problem's element path before anything changes. docs/archive.md
// describes it for operators.
//
// Records office (registry.go): the Service methods the command line and
// the tenant administration's pages share — ImportPlan (CSV or 0301,
// checked whole, all or nothing), PlanTree, DueForArchive, Conversation,
// ToSend — and Parties, the tenant's default sender.
//
// Export: Export writes one file as an xdomea 3.0.0 message 0503
// (Aussonderung.Aussonderung.0503) in a zip named
// "<ProzessID>_Aussonderung.Aussonderung.0503.zip" holding the XML message
// and every document file; the message carries the filing-plan unit, the
// disposal data, the case history from the audit log (audit.ForObject),
// Behördenkennung, SendendesSystem and the Dateiformat codes of the code
// list. The xdomea templates and code tables are our own: no Go library
// of the standard exists, and text/template with encoding/xml's escaping
// keeps the schema's element order visible.
//
// Blobs: a document's blob is written before the transaction that files
// it; a rolled-back transaction leaves an unreferenced blob (as in package
// apply), never a row without its blob.
package akte
