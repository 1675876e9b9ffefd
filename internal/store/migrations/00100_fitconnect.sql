-- +goose Up
-- FIT-Connect destination (Zustellpunkt) of an authority: its public
-- encryption key as a JWK (RSA >= 4096 bit, RSA-OAEP-256, public part
-- only) and the destination id the routing answer names. One key per
-- authority; registering again replaces it (key rollover).
CREATE TABLE fitconnect_key (
    authority_id   BIGINT PRIMARY KEY REFERENCES authority (id),
    tenant_id      BIGINT NOT NULL REFERENCES tenant (id),
    destination_id TEXT NOT NULL UNIQUE,
    kid            TEXT NOT NULL,
    jwk            TEXT NOT NULL,
    created_at     {{.Time}} NOT NULL
);

-- Encrypted FIT-Connect form of a routed case for its authority: metadata
-- and data, each a JWE compact serialization to the authority's key. No
-- plaintext is stored here. id is the FIT-Connect submission id (UUID).
-- Purging the case (retention) deletes its encrypted copies with it.
CREATE TABLE fitconnect_submission (
    id           TEXT PRIMARY KEY,
    tenant_id    BIGINT NOT NULL,
    authority_id BIGINT NOT NULL,
    case_id      BIGINT NOT NULL REFERENCES case_record (id) ON DELETE CASCADE,
    kid          TEXT NOT NULL,
    metadata_jwe TEXT NOT NULL,
    data_jwe     TEXT NOT NULL,
    created_at   {{.Time}} NOT NULL,
    UNIQUE (case_id, authority_id)
);
CREATE INDEX fitconnect_submission_scope ON fitconnect_submission (tenant_id, authority_id, created_at);

-- One encrypted attachment (JWE) of a submission; attachment_id is the
-- UUID the metadata names.
CREATE TABLE fitconnect_attachment (
    submission_id TEXT NOT NULL REFERENCES fitconnect_submission (id) ON DELETE CASCADE,
    attachment_id TEXT NOT NULL,
    position      INTEGER NOT NULL,
    jwe           TEXT NOT NULL,
    PRIMARY KEY (submission_id, attachment_id)
);

-- How far the dispatcher has read each tenant's event outbox.
CREATE TABLE fitconnect_cursor (
    tenant_id BIGINT PRIMARY KEY REFERENCES tenant (id),
    last_seq  BIGINT NOT NULL
);

-- +goose Down
DROP TABLE fitconnect_cursor;
DROP TABLE fitconnect_attachment;
DROP TABLE fitconnect_submission;
DROP TABLE fitconnect_key;
