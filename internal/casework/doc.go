// Package casework is the back office's case processing (Vorgangsbearbeitung):
// submitted applications become cases (Vorgänge) of the responsible
// authority, staff work them through the workflow, request documents from
// the applicant, decide, and send a sealed notice (Bescheid).
//
// # Routing
//
// Service.OnAccepted, the subscriber of apply's events.Accepted (registered
// at composition as RouteSubscriber), makes one case per application
// (OnSubmitted, idempotent), for
// the authority apply routed it to, or for the tenant's clearing office
// (Clearingstelle, flagged Clearing) when none was found. Forward hands a
// case to another authority with a reason. The case never waits for the
// receipt PDF: OnReceiptStored (events.ReceiptStored) files it when
// apply's receipt job has rendered it later.
//
// # Workflow
//
// Transitions() is the table of actions, the statuses they leave from and
// lead to, and who may take them:
//
//	review    received                    → in_review  case worker (assigned), head of unit
//	request   received, in_review, waiting → waiting   case worker, head of unit   (RequestInfo)
//	resume    waiting                     → in_review  case worker, head of unit
//	answer    waiting                     → in_review  applicant                   (Answer, last open request)
//	decide    received, in_review         → decided    case worker, head of unit   (SendNotice)
//	close     decided                     → closed     case worker, head of unit   (file closed, retention starts)
//	withdraw  received, in_review, waiting → withdrawn applicant                   (Withdraw)
//	forward   received, in_review, waiting → received  case worker, head of unit   (Forward, other authority)
//
// Each step is one transaction with its event row (case_event), its audit
// entry and its follow-up (filing, e-mail). Case workers claim unassigned
// cases (Claim); heads of unit assign and reassign (Assign).
//
// # Access
//
// Every staff-side function takes a Staff principal (LoadStaff) and scopes
// by construction: its tenant, its authorities; a case worker sees the
// unassigned cases and their own, a head of unit all of the authority.
// A case the principal may not see is fault.NotFound. Applicant-side
// functions take an Applicant whose ownership the caller has checked.
//
// # Mailbox contract
//
// Requests live in the table case_request and sent notices in
// case_notice; the mailbox reads them with ApplicantRequests and
// ApplicantNotices (and OpenNotice for the PDF), answers with
// Service.Answer, shows ApplicantStatus, and files its own messages both
// ways in the case file with FileMessageTx inside its transaction.
// Casework queues the e-mails "new message" (for requests) and "notice
// available" itself (mail.Mailer.EnqueueTx).
//
// # Notices
//
// DraftNotice fills the procedure's Template (text/template, restricted
// functions) with what the case knows: the salutation from the
// applicant's data (notice_salutation.go), the authority's name in its
// grammatical forms (NameAuthority), the postal address for the PDF's
// address field (notice_address.go). EditNotice changes it. Texts in
// [brackets] and values the case lacks are Placeholders: a notice with one
// left can be neither approved nor sent. ApproveNotice is the second
// person's approval where a four-eyes rule covers the notice's outcome
// (FourEyes: per procedure, authority and outcome, SetFourEyesRule).
// CheckSend says what sending will do and what speaks against it (open
// document requests must be acknowledged: SendOptions). SendNotice
// renders the PDF, seals it (Ed25519 over its SHA-256 with the
// authority's key, created on first use, private half encrypted with the
// seal secret), files it and decides the case. Verify and VerifyReference
// check a PDF by its hash and seal.
//
// # Deadlines and statistics
//
// A case's deadline is its receipt plus the procedure's processing
// deadline; Flags mark cases near (Config.WarnBefore) or past it, with or
// without Genehmigungsfiktion, and overdue requests, computed with the
// injected clock. Inbox filters, searches, sorts, pages and counts;
// Statistics gives case workers the figures of their own authorities,
// heads of unit those of the authorities they head and tenant admins the
// tenant's (StatsScope, from the Staff principal): open cases by status,
// weekly received and decided cases and the backlog at each week's end
// over the last 12 weeks, median and 90th-percentile processing time
// overall, by procedure and by authority, and the overdue count, each
// counted from an index.
package casework
