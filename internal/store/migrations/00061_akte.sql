-- +goose Up
-- File (Akte) of one case: what the archive export and the retention
-- (Aufbewahrungsfrist) work on. delete_after is set when the case is
-- closed (closed_at + retention); legal_hold (Löschsperre) stops deletion.
-- guid is the file's stable UUID in xdomea exports.
CREATE TABLE akte_file (
    case_id        BIGINT PRIMARY KEY,
    tenant_id      BIGINT NOT NULL,
    reference      TEXT NOT NULL,
    title          TEXT NOT NULL,
    procedure_id   TEXT NOT NULL,
    authority_name TEXT NOT NULL,
    retention      TEXT NOT NULL,
    guid           TEXT NOT NULL,
    documents      INTEGER NOT NULL DEFAULT 0,
    opened_at      {{.Time}} NOT NULL,
    closed_at      {{.Time}},
    delete_after   {{.Time}},
    legal_hold     {{.Bool}} NOT NULL DEFAULT FALSE,
    hold_reason    TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX akte_file_reference ON akte_file (tenant_id, reference);
CREATE INDEX akte_file_due ON akte_file (delete_after);

-- Document (Dokument / Schriftstück) filed in a case's file, numbered in
-- filing order (seq). ref names the source object ("attachment:12",
-- "notice:3") so filing the same object twice files it once.
CREATE TABLE akte_document (
    id         {{.ID}},
    case_id    BIGINT NOT NULL REFERENCES akte_file (case_id),
    seq        INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    file_name  TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size       BIGINT NOT NULL,
    sha256     TEXT NOT NULL,
    blob_key   TEXT NOT NULL,
    author     TEXT NOT NULL,
    ref        TEXT NOT NULL,
    guid       TEXT NOT NULL,
    filed_at   {{.Time}} NOT NULL,
    UNIQUE (case_id, seq),
    UNIQUE (case_id, ref)
);

-- +goose Down
DROP TABLE akte_document;
DROP TABLE akte_file;
