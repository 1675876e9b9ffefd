// Package apply handles applications (Anträge) from the first saved page to
// the submission: drafts (Entwürfe) of one exact procedure version, guest
// resume links, uploads of attachments (Anlagen / Nachweise) with a
// content-based type check and an optional virus scan, the idempotent,
// durable submission (Einreichen) with its reference number
// (Aktenzeichen / Vorgangsnummer), routing to the responsible authority,
// and the receipt (Eingangsbestätigung) with its PDF.
//
// Every step is one transaction that also writes its audit entry and, where
// the step has a follow-up, its job:
//
//	Start       draft created                      audit application.start
//	SavePage    answers stored (even invalid ones) audit application.save
//	Upload      blob stored, then attachment row   audit application.upload
//	RemoveUpload row deleted, then blob            audit application.upload_remove
//	Submit      frozen answers, reference, routing audit application.submit,
//	            event application.submitted, whose subscriber of the
//	            same name stores the receipt PDF and publishes
//	            application.accepted for routing (docs/events.md); a
//	            receipt that fails gets job application.receipt_pdf
//	            and never holds up the case
//
// Ownership: an Owner is either an account (AccountOwner; optionally acting
// for an organisation) or a guest holding the draft's resume secret
// (GuestOwner). Someone else's application is fault.NotFound, never
// Forbidden, so ids cannot be probed.
//
// Files: the blob is written (and fsynced) before the row that refers to
// it is committed, and the row is deleted before its blob. A crash between
// the two leaves at most one unreferenced blob per upload in flight; no row
// ever points to a missing blob. Unreferenced blobs are unreachable and
// are reclaimed by a sweep of the blob store (not built yet; see README.md).
package apply
