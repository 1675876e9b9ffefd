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
// whose retention ran out and that is not on legal hold (Löschsperre):
// first, in one transaction, the document rows and the file row, leaving
// one minimal audit entry and publishing events.FileDeleted; then the
// blobs. The owners of the case's other rows subscribe to the event and
// delete their own (casework the case, then apply the application). `amtsweg retention run --dry-run` lists what would go.
//
// Export: Export writes a file as an xdomea 3.0.0 message 0503
// (Aussonderung.Aussonderung.0503, handing over to an archive) in a zip
// named "<ProzessID>_Aussonderung.Aussonderung.0503.zip" holding the XML
// message and every document file.
//
// Blobs: a document's blob is written before the transaction that files
// it; a rolled-back transaction leaves an unreferenced blob (as in package
// apply), never a row without its blob.
package akte
