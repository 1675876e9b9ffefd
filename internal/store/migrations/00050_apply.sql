-- +goose Up
-- Applications (Anträge): a draft (Entwurf) until it is submitted, then
-- immutable for the applicant. An application keeps the exact procedure
-- version it was filled with. account_id NULL is a guest draft, reached
-- only through its resume link (stored as SHA-256, never in clear).
CREATE TABLE application (
    id                {{.ID}},
    tenant_id         BIGINT NOT NULL REFERENCES tenant(id),
    procedure_id      TEXT NOT NULL,
    procedure_version INTEGER NOT NULL,
    service_key       TEXT NOT NULL DEFAULT '',
    account_id        BIGINT,
    org_id            BIGINT,
    status            TEXT NOT NULL,
    answers           {{.JSON}} NOT NULL,
    current_page      TEXT NOT NULL DEFAULT '',
    resume_hash       TEXT,
    resume_expires_at {{.Time}},
    created_at        {{.Time}} NOT NULL,
    updated_at        {{.Time}} NOT NULL,
    submitted_at      {{.Time}},
    reference         TEXT,
    submit_key        TEXT,
    payload_hash      TEXT,
    authority_id      BIGINT,
    clearing          {{.Bool}} NOT NULL DEFAULT FALSE,
    receipt           {{.JSON}},
    receipt_blob      TEXT
);
CREATE UNIQUE INDEX application_resume ON application (resume_hash);
CREATE UNIQUE INDEX application_reference ON application (tenant_id, reference);
CREATE UNIQUE INDEX application_submit_key ON application (tenant_id, submit_key);
CREATE INDEX application_account ON application (tenant_id, account_id, status);
CREATE INDEX application_draft_age ON application (status, updated_at);

-- Attachments (Anlagen / Nachweise): one uploaded file of a file field.
-- The row is written after the blob is stored and deleted before it.
CREATE TABLE application_attachment (
    id             {{.ID}},
    application_id BIGINT NOT NULL REFERENCES application(id),
    field_path     TEXT NOT NULL,
    file_name      TEXT NOT NULL,
    media_type     TEXT NOT NULL,
    size           BIGINT NOT NULL,
    sha256         TEXT NOT NULL,
    blob_key       TEXT NOT NULL,
    created_at     {{.Time}} NOT NULL
);
CREATE INDEX application_attachment_app ON application_attachment (application_id, field_path);

-- Per-tenant, per-year counter of reference numbers (Aktenzeichen),
-- advanced inside the submit transaction, so numbers have no gaps.
CREATE TABLE application_reference_counter (
    tenant_id BIGINT NOT NULL,
    year      INTEGER NOT NULL,
    last      BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, year)
);

-- +goose Down
DROP TABLE application_reference_counter;
DROP TABLE application_attachment;
DROP TABLE application;
