package tenant

import "strconv"

// ID identifies a tenant (Mandant). Capability functions take an ID rather
// than a bare int64, so a tenant id cannot stand where a case, account or
// staff id belongs, nor the other way round, without a visible conversion.
// database/sql and pgx take it as an argument and scan into it like the
// int64 it is.
//
// It lives in this package, whose imports stay below every capability
// (fault, store, audit), so every capability can import it without a
// cycle; audit, which package tenant itself uses, keeps int64 (its log
// also holds installation-wide entries without a tenant).
type ID int64

// String is the id in decimal, as in audit object ids and log lines.
func (id ID) String() string { return strconv.FormatInt(int64(id), 10) }
