// Package backup writes and restores a consistent backup (Datensicherung)
// of a running installation: a snapshot of every table read in one read
// transaction (REPEATABLE READ on PostgreSQL, one WAL read transaction on
// SQLite), every stored file (blob) the snapshot references, copied as the
// raw store holds it (sealed files stay sealed; restore puts each back
// under the same key, which is part of what it is sealed with), the audit checkpoint
// file up to the snapshot, and a manifest with the SHA-256 of every part
// and the schema (migration) version.
//
// The backup is one tar stream (gzip-compressed when the file name ends in
// .gz): db/TABLE.jsonl per table, blobs/KEY per file,
// audit-checkpoints.jsonl, manifest.json and, last, manifest.json.sha256. Rows are written in an
// engine-neutral form (one JSON array per row, typed values), so a backup
// of SQLite restores into PostgreSQL and back; the price is that values
// pass through Go's types (times keep their instant, not their text).
//
// Restore reads the file twice: first it checks every part against the
// manifest and refuses a damaged backup before anything is written; then
// it migrates the empty target to the backup's schema version, puts the
// files back under their keys, loads every row in one transaction with
// foreign keys checked at its end, sets PostgreSQL's identity counters,
// writes the checkpoint file and migrates to the binary's version.
//
// The tenants' data keys travel with the rows (table blob_key), wrapped by
// the blob master key. Secrets — the seal secret, the audit key, the blob
// master key and any older master a kept backup still needs — are never in
// a backup: the operator keeps them apart, and a restored installation
// started without the source's master key refuses to start
// (docs/backup.md).
package backup
