-- +goose Up
-- Clearing office (Clearingstelle) of a tenant: the authority that receives
-- submitted applications no responsible authority was found for.
CREATE TABLE case_clearing (
    tenant_id    BIGINT PRIMARY KEY REFERENCES tenant (id),
    authority_id BIGINT NOT NULL
);

-- Case (Vorgang): what an authority does with one submitted application.
-- One case per application (application_id is unique), so routing is
-- idempotent. deadline_at is the processing deadline (Bearbeitungsfrist);
-- approval_fiction marks a Genehmigungsfiktion. applicant_folded is the
-- applicant's name lower-cased with umlauts folded, for search.
CREATE TABLE case_record (
    id                   {{.ID}},
    tenant_id            BIGINT NOT NULL REFERENCES tenant (id),
    application_id       BIGINT NOT NULL UNIQUE,
    reference            TEXT NOT NULL,
    procedure_id         TEXT NOT NULL,
    procedure_version    INTEGER NOT NULL,
    procedure_title      TEXT NOT NULL,
    authority_id         BIGINT NOT NULL,
    clearing             {{.Bool}} NOT NULL,
    status               TEXT NOT NULL,
    outcome              TEXT NOT NULL DEFAULT '',
    assignee_id          BIGINT,
    applicant_name       TEXT NOT NULL,
    applicant_folded     TEXT NOT NULL,
    applicant_account_id BIGINT,
    received_at          {{.Time}} NOT NULL,
    deadline_at          {{.Time}},
    approval_fiction     {{.Bool}} NOT NULL,
    decided_at           {{.Time}},
    closed_at            {{.Time}},
    updated_at           {{.Time}} NOT NULL
);
CREATE UNIQUE INDEX case_record_reference ON case_record (tenant_id, reference);
CREATE INDEX case_record_inbox ON case_record (tenant_id, authority_id, status);
CREATE INDEX case_record_assignee ON case_record (assignee_id);

-- Event (Bearbeitungsschritt): every workflow step of a case, in order.
CREATE TABLE case_event (
    id          {{.ID}},
    case_id     BIGINT NOT NULL REFERENCES case_record (id),
    at          {{.Time}} NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    details     TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX case_event_case ON case_event (case_id, id);

-- Internal note (Vermerk): never shown to the applicant.
CREATE TABLE case_note (
    id         {{.ID}},
    case_id    BIGINT NOT NULL REFERENCES case_record (id),
    author_id  BIGINT NOT NULL,
    body       TEXT NOT NULL,
    created_at {{.Time}} NOT NULL
);
CREATE INDEX case_note_case ON case_note (case_id, id);

-- Request (Nachforderung) of documents or information from the applicant.
-- The mailbox shows the open and answered requests of an application from
-- this table (casework.ApplicantRequests) and answers through
-- casework.Service.Answer. status: open, answered.
CREATE TABLE case_request (
    id             {{.ID}},
    case_id        BIGINT NOT NULL REFERENCES case_record (id),
    tenant_id      BIGINT NOT NULL,
    application_id BIGINT NOT NULL,
    subject        TEXT NOT NULL,
    body           TEXT NOT NULL,
    due_at         {{.Time}} NOT NULL,
    status         TEXT NOT NULL,
    created_by     BIGINT NOT NULL,
    created_at     {{.Time}} NOT NULL,
    answered_at    {{.Time}},
    answer         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_request_case ON case_request (case_id, status);
CREATE INDEX case_request_application ON case_request (application_id);

-- Notice (Bescheid): drafted from the procedure's template, optionally
-- approved by a second person (Vier-Augen-Prinzip), then sent: the PDF is
-- sealed with the authority's key (signature over its SHA-256) and shown in
-- the applicant's mailbox (casework.ApplicantNotices). status: draft,
-- approved, sent.
CREATE TABLE case_notice (
    id             {{.ID}},
    case_id        BIGINT NOT NULL REFERENCES case_record (id),
    tenant_id      BIGINT NOT NULL,
    application_id BIGINT NOT NULL,
    authority_id   BIGINT NOT NULL,
    outcome        TEXT NOT NULL,
    title          TEXT NOT NULL,
    body           TEXT NOT NULL,
    remedy         TEXT NOT NULL,
    status         TEXT NOT NULL,
    four_eyes      {{.Bool}} NOT NULL,
    author_id      BIGINT NOT NULL,
    approver_id    BIGINT,
    blob_key       TEXT,
    sha256         TEXT,
    size           BIGINT,
    signature      {{.Bytes}},
    created_at     {{.Time}} NOT NULL,
    updated_at     {{.Time}} NOT NULL,
    sent_at        {{.Time}}
);
CREATE INDEX case_notice_case ON case_notice (case_id);
CREATE INDEX case_notice_application ON case_notice (application_id, status);
CREATE UNIQUE INDEX case_notice_sha256 ON case_notice (sha256);

-- Seal key (Siegelschlüssel) of an authority: Ed25519, created on first
-- use. The private key is stored sealed (AES-256-GCM) with the
-- installation's seal secret, never in clear.
CREATE TABLE case_seal_key (
    authority_id BIGINT PRIMARY KEY,
    tenant_id    BIGINT NOT NULL,
    algorithm    TEXT NOT NULL,
    public_key   {{.Bytes}} NOT NULL,
    private_key  {{.Bytes}} NOT NULL,
    created_at   {{.Time}} NOT NULL
);

-- Per-tenant procedure settings of the back office; a missing row means
-- the package defaults.
CREATE TABLE case_setting (
    tenant_id    BIGINT NOT NULL,
    procedure_id TEXT NOT NULL,
    four_eyes    {{.Bool}} NOT NULL,
    PRIMARY KEY (tenant_id, procedure_id)
);

-- +goose Down
DROP TABLE case_setting;
DROP TABLE case_seal_key;
DROP TABLE case_notice;
DROP TABLE case_request;
DROP TABLE case_note;
DROP TABLE case_event;
DROP TABLE case_record;
DROP TABLE case_clearing;
