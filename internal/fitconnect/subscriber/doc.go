// Package subscriber makes amtsweg a FIT-Connect subscriber (Empfänger):
// the back office of authorities that receive submissions other portals
// (Onlinedienste) send through the FIT-Connect Submission Service
// (Zustelldienst). Package fitconnect is the other direction (amtsweg's
// own cases sealed for a Fachverfahren); this package only uses its
// Metadata types, SchemaURI and ServiceURN.
//
// # Destinations and keys
//
// A destination (Zustellpunkt) belongs to one authority of one tenant.
// CreateDestination (`amtsweg fitconnect destination`) makes its two RSA
// key pairs of 4096 bits — encryption (RSA-OAEP-256, key_ops wrapKey) and
// signature (PS512, key_ops verify) — seals the private JWKs with the
// tenant's data key (blob/keyring SealValue, like TOTP seeds and webhook
// secrets) and returns the public JWK set to register in the FIT-Connect
// self-service portal. Certificates (x5c) the production portal asks for
// are not made: they come from the authority's PKI.
//
// # Receiving
//
// PollJob runs every Deps.Every through the job queue (one process at a
// time). For every destination it lists the waiting submissions
// (GET /v1/submissions?destinationId=…), and for each not yet decided:
//
//  1. fetches it (GET /v1/submissions/{id}) and its attachments,
//  2. decrypts metadata, data and attachments with fitconnect.Open, the
//     code amtsweg's sender side is checked with (compact JWE,
//     RSA-OAEP-256 + A256GCM only, the kid of the destination's key; zip
//     DEF is accepted as the Python SDK sends it),
//  3. checks the metadata as JSON against metadata schema 1.0.0
//     (refdata/fitconnect; a $schema must be 1.0.x), the service named by
//     submission and metadata, the data's and each attachment's SHA-512,
//     and that the metadata list exactly the submission's attachments,
//  4. finds the published procedure whose fitconnect.SchemaURI is the
//     metadata's schemaUri and which serves the service,
//  5. maps the data to the procedure's fields with fitconnect.ReadData,
//     the inverse of the sender's DataOf (by FIM element id for a
//     procedure imported from FIM, else by field id; every member no
//     field takes is named with its path; a file field names attachment
//     ids; attachments no field names go to the first file field that
//     takes their type, except the sender's form rendering, purpose
//     "form", which is filed with the application as
//     apply.External.Form and kept in the case file as a receipt
//     document) and files it with apply.FileExternal —
//     the same validation (procedure.Validate), upload checks, reference
//     number, events and audit as the portal's form — routed to the
//     destination's authority,
//  6. records the decision with its signed Security Event Token and an
//     audit entry (fitconnect.accept / fitconnect.reject) in one
//     transaction, then posts the SET to the case's event log
//     (POST /v1/cases/{caseId}/events): accept-submission with the JWE
//     authentication tags, or reject-submission with the problems.
//
// A submission that fails a check is rejected with a problem type under
// https://schema.fitko.de/fit-connect/events/problems/ (problem.go; the
// base, the event types, the SET claims and the accept payload are
// checked against FITKO's texts, the single type names and titles are
// not yet, see docs/fitconnect-inbox.md): encryption-issue,
// syntax-violation, schema-violation, missing-schema, unsupported-schema,
// hash-mismatch, missing-data, attachments-mismatch, service-mismatch;
// instance says which part ("metadata", "data", "attachment:<id>").
// Nothing of a rejected submission is kept but the decision (its
// problems, the service it named in the clear, the sender's reference
// when the metadata could be read). Anything
// else (the service or the database unreachable) is retried by the next
// run. A decided submission is never filed twice; an event the service
// did not take is sent again.
//
// # The tenant admin's inbox
//
// Inbox (admin.go) is what the tenant administration's page
// FIT-Connect-Eingang calls: the tenant's destinations with their key
// ids and public JWK set, CreateDestination, and Received — the paged,
// filtered read of the decisions that `amtsweg fitconnect inbox` uses too.
//
// Not built (see docs/fitconnect-inbox.md): callbacks (the service's
// push), reply channels, metadata 1.1 and later, XML data, the
// authenticationInformation (eID) and paymentInformation of the
// metadata, and validating data against the FIM JSON Schema itself
// (the procedure's own validation stands in for it).
package subscriber
