-- +goose Up
-- Tenant (Mandant): a state, a group of municipalities or an operator.
CREATE TABLE tenant (
    id         {{.ID}},
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    hosts      TEXT NOT NULL DEFAULT '',
    created_at {{.Time}} NOT NULL
);

-- Append-only audit log; each row carries the hash of its predecessor.
CREATE TABLE audit_log (
    seq         {{.ID}},
    at          {{.Time}} NOT NULL,
    tenant_id   BIGINT,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    details     TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);

-- The head of the audit chain: one row, locked by every appender so the
-- chain never forks under concurrent transactions.
CREATE TABLE audit_head (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq  BIGINT NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 0, '');

-- +goose Down
DROP TABLE audit_head;
DROP TABLE audit_log;
DROP TABLE tenant;
