// Package mail sends the portal's e-mail notifications (Benachrichtigungen)
// through the durable job queue.
//
// A notification says only that something is waiting, with a link: never
// case content. Message therefore has no free text: the template kind, the
// language and a few fields (link, portal name, link validity) are all a
// caller can give.
//
// Mailer.EnqueueTx stores the message in the table mail_outbox inside the
// caller's transaction and enqueues a "mail.send" job carrying only the
// row's id, so the recipient's address never reaches the job table or the
// logs. The worker renders the message (German or English, plain text and
// HTML as multipart/alternative) and hands it to a Sender: SMTP with
// STARTTLS or implicit TLS, or a directory of .eml files for development.
// After a successful send, and after a permanent rejection (SMTP 5xx to
// MAIL, RCPT or DATA), the row is deleted; a temporary failure (4xx, a
// network or TLS error, failed authentication) is retried with the
// queue's backoff. Rows whose job ran out of attempts are purged by the
// daily "mail.purge" job.
//
// Errors returned by senders name the SMTP stage and status codes only,
// never the server's reply text, which often quotes the address.
package mail
