// Package account is the account core (Konten) of the portal: citizen
// accounts (Bürgerkonto), business accounts (Unternehmenskonto: an
// Organisation with members and admins) and staff accounts (Beschäftigte)
// with roles at one or more authorities; sign-up with e-mail verification,
// password reset and e-mail change by single-use tokens; password login
// with lockout against guessing; TOTP as second factor with recovery
// codes; server-side sessions (Sitzungen) with an assurance level
// (Vertrauensniveau).
//
// The package decides and records; it sends nothing. Calls that should
// lead to an e-mail return a Mail for the caller to hand to the mailer,
// and every change writes its audit entry in the same transaction.
//
// # Deleting an account
//
// Delete removes the personal data of an account — name, e-mail address,
// password hash, second factor, recovery codes, open tokens, sessions and
// organisation memberships — and keeps a tombstone row (id, tenant, kind,
// state "deleted", created and deleted time) so that references by id stay
// valid. What stays with the authorities is not the account's to delete:
// applications already submitted, the cases, files, notices and messages
// built on them are records the authority must keep for their retention
// period (Aufbewahrungsfrist) and are deleted by the file's retention rules
// (internal/akte), not by the account. The audit log keeps its entries,
// which name the account only by id.
package account
