// Package mailbox is the applicant's mailbox (Postfach): the messages
// (Nachrichten) between the authority and the applicant of one submitted
// application, the authority's requests for documents (Nachforderungen)
// with their due dates, the notices (Bescheide) with their PDFs, replies
// with attachments, read state, and the e-mail that says something is
// waiting.
//
// # One source of truth
//
// Requests and notices are owned by package casework (tables case_request
// and case_notice); the mailbox never copies them. A thread merges three
// sources in time order: the free messages of this package (table
// mailbox_message, both directions, with attachments), casework's requests
// (casework.ApplicantRequests; the answer text and files are the ones
// casework filed) and sent notices (casework.ApplicantNotices, PDF through
// casework.OpenNotice). Read state: read_at on mailbox_message, and the
// table mailbox_seen for requests and notices; staff see both (ForCase).
//
// # Steps (each one transaction with its audit entry and its mail job)
//
//	PostToApplicant  staff → applicant: message, files, case file, mail   audit mailbox.post
//	Reply            applicant → authority, free message with files       audit mailbox.reply
//	Reply (request)  casework.Service.Answer: answer, files, case file,
//	                 case wakes (waiting → in review)                      audit case.answer
//	Open             the thread; marks what was unread as read            audit mailbox.read
//	GuestLink        new guest secret link (+ notification address)       audit mailbox.guest_link
//
// Casework queues its own e-mails for requests and notices (to accounts).
// Files are checked exactly like the form's uploads (apply.Service.StoreFile:
// sniffed type, size limit, clean name, virus scan), stored as blobs and
// filed in the case file (akte) together with the message; the case
// file's retention deletes them with the application, and the rows go by
// ON DELETE CASCADE.
//
// # Who reads a mailbox
//
// A Reader is an account (acting for itself or an organisation; the
// ownership rule is apply's) or a guest with the mailbox secret. Someone
// else's application, a draft, an unknown id or a wrong secret is
// fault.NotFound: existence is never revealed.
//
// Guests get a separate, long-lived mailbox secret (GuestLink) rather than
// apply's resume secret: the resume link expires with the draft's
// ResumeTTL (30 days) while a case can run for months. The guest creates
// it while still holding the resume secret (right after submitting),
// optionally with an e-mail address for notifications; only its SHA-256 is
// stored and a new link replaces the old one. It lives as long as the
// application (deleted with the case file).
//
// E-mails (mail.MailboxMessage) go to the account's address, or to the
// guest's notification address, and hold only the link to the mailbox.
package mailbox
