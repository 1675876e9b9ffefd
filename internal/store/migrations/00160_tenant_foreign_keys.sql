-- +goose Up
{{- if .RebuildTables}}
-- +goose NO TRANSACTION
{{- end}}
-- Composite tenant foreign keys (Mandantenbindung): a row that names a row
-- of another tenant-scoped table carries its own tenant_id and references
-- the parent by (tenant_id, id), so the database itself refuses a link
-- across tenants. Each parent gets a unique index on (tenant_id, id).
--
-- Links (child → parent):
--   authority (tenant_id, parent_id)                → authority
--   responsibility (tenant_id, authority_id)        → authority
--   fitconnect_key (tenant_id, authority_id)        → authority
--   case_clearing (tenant_id, authority_id)         → authority  (was by value)
--   case_record (tenant_id, authority_id)           → authority  (was by value)
--   case_record (tenant_id, application_id)         → application (was by value)
--   account_session (tenant_id, account_id)         → account
--   account_identity (tenant_id, account_id)        → account
--   case_request (tenant_id, case_id)               → case_record
--   case_request (tenant_id, application_id)        → application (was by value)
--   case_notice (tenant_id, case_id)                → case_record
--   case_notice (tenant_id, application_id)         → application (was by value)
--   case_notice (tenant_id, authority_id)           → authority  (was by value)
--   fitconnect_submission (tenant_id, case_id)      → case_record, ON DELETE CASCADE
--   fitconnect_submission (tenant_id, authority_id) → authority  (was by value)
--   mailbox_message (tenant_id, application_id)     → application, ON DELETE CASCADE
--   mailbox_guest (tenant_id, application_id)       → application, ON DELETE CASCADE
-- The single-column references stay as they were (with their ON DELETE
-- actions); the composite ones add the tenant. The links that were by
-- value are written from a row loaded within its tenant (the case's own
-- application and authority), and their parents are deleted only after
-- them (casework.PurgeTx: notices, requests, case, then application), so
-- the new keys change no behaviour. akte_file.case_id stays by value: the
-- retention deletes the file before the case, but casework.PurgeTx may
-- purge a case on its own while its file is still there.
-- Links left by value, and why, are listed in package tenant's doc.
--
-- Rows that already link across tenants, or name a parent that does not
-- exist, stop the migration with the CHECK constraint named after the
-- link (tenant_link_<child>_<column>). Nothing is changed then: the
-- operator lists the rows with that link's query from the "guard" block
-- below (SELECT c.* instead of SELECT COUNT(*)), corrects or removes them
-- (they are data of two tenants mixed up, a matter for the tenants'
-- data protection officers, not for a script), and starts again.
--
-- SQLite cannot add a constraint to a table, so there each child table is
-- rebuilt by the documented procedure (lang_altertable.html, "other
-- kinds of table schema changes"): foreign keys off outside a transaction
-- (hence NO TRANSACTION; goose runs all statements on one connection),
-- then in one transaction: create, copy, drop, rename, indexes,
-- foreign_key_check; then foreign keys on. With foreign keys on, DROP
-- TABLE of a parent would delete its children through ON DELETE CASCADE.
{{- if .RebuildTables}}
{{template "sqlite" .}}
{{- else}}
{{template "postgres" .}}
{{- end}}

-- +goose Down
SELECT 1;

{{- define "guard"}}
CREATE TABLE tenant_link_check (
    authority_parent        BIGINT CONSTRAINT tenant_link_authority_parent_id CHECK (authority_parent = 0),
    responsibility_auth     BIGINT CONSTRAINT tenant_link_responsibility_authority_id CHECK (responsibility_auth = 0),
    fitconnect_key_auth     BIGINT CONSTRAINT tenant_link_fitconnect_key_authority_id CHECK (fitconnect_key_auth = 0),
    case_clearing_auth      BIGINT CONSTRAINT tenant_link_case_clearing_authority_id CHECK (case_clearing_auth = 0),
    case_record_auth        BIGINT CONSTRAINT tenant_link_case_record_authority_id CHECK (case_record_auth = 0),
    case_record_app         BIGINT CONSTRAINT tenant_link_case_record_application_id CHECK (case_record_app = 0),
    account_session_acc     BIGINT CONSTRAINT tenant_link_account_session_account_id CHECK (account_session_acc = 0),
    account_identity_acc    BIGINT CONSTRAINT tenant_link_account_identity_account_id CHECK (account_identity_acc = 0),
    case_request_case       BIGINT CONSTRAINT tenant_link_case_request_case_id CHECK (case_request_case = 0),
    case_request_app        BIGINT CONSTRAINT tenant_link_case_request_application_id CHECK (case_request_app = 0),
    case_notice_case        BIGINT CONSTRAINT tenant_link_case_notice_case_id CHECK (case_notice_case = 0),
    case_notice_app         BIGINT CONSTRAINT tenant_link_case_notice_application_id CHECK (case_notice_app = 0),
    case_notice_auth        BIGINT CONSTRAINT tenant_link_case_notice_authority_id CHECK (case_notice_auth = 0),
    fitconnect_sub_auth     BIGINT CONSTRAINT tenant_link_fitconnect_submission_authority_id CHECK (fitconnect_sub_auth = 0),
    fitconnect_sub_case     BIGINT CONSTRAINT tenant_link_fitconnect_submission_case_id CHECK (fitconnect_sub_case = 0),
    mailbox_message_app     BIGINT CONSTRAINT tenant_link_mailbox_message_application_id CHECK (mailbox_message_app = 0),
    mailbox_guest_app       BIGINT CONSTRAINT tenant_link_mailbox_guest_application_id CHECK (mailbox_guest_app = 0)
);
INSERT INTO tenant_link_check SELECT
    (SELECT COUNT(*) FROM authority c WHERE c.parent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM authority p WHERE p.tenant_id = c.tenant_id AND p.id = c.parent_id)),
    (SELECT COUNT(*) FROM responsibility c WHERE NOT EXISTS (SELECT 1 FROM authority p WHERE p.tenant_id = c.tenant_id AND p.id = c.authority_id)),
    (SELECT COUNT(*) FROM fitconnect_key c WHERE NOT EXISTS (SELECT 1 FROM authority p WHERE p.tenant_id = c.tenant_id AND p.id = c.authority_id)),
    (SELECT COUNT(*) FROM case_clearing c WHERE NOT EXISTS (SELECT 1 FROM authority p WHERE p.tenant_id = c.tenant_id AND p.id = c.authority_id)),
    (SELECT COUNT(*) FROM case_record c WHERE NOT EXISTS (SELECT 1 FROM authority p WHERE p.tenant_id = c.tenant_id AND p.id = c.authority_id)),
    (SELECT COUNT(*) FROM case_record c WHERE NOT EXISTS (SELECT 1 FROM application p WHERE p.tenant_id = c.tenant_id AND p.id = c.application_id)),
    (SELECT COUNT(*) FROM account_session c WHERE NOT EXISTS (SELECT 1 FROM account p WHERE p.tenant_id = c.tenant_id AND p.id = c.account_id)),
    (SELECT COUNT(*) FROM account_identity c WHERE NOT EXISTS (SELECT 1 FROM account p WHERE p.tenant_id = c.tenant_id AND p.id = c.account_id)),
    (SELECT COUNT(*) FROM case_request c WHERE NOT EXISTS (SELECT 1 FROM case_record p WHERE p.tenant_id = c.tenant_id AND p.id = c.case_id)),
    (SELECT COUNT(*) FROM case_request c WHERE NOT EXISTS (SELECT 1 FROM application p WHERE p.tenant_id = c.tenant_id AND p.id = c.application_id)),
    (SELECT COUNT(*) FROM case_notice c WHERE NOT EXISTS (SELECT 1 FROM case_record p WHERE p.tenant_id = c.tenant_id AND p.id = c.case_id)),
    (SELECT COUNT(*) FROM case_notice c WHERE NOT EXISTS (SELECT 1 FROM application p WHERE p.tenant_id = c.tenant_id AND p.id = c.application_id)),
    (SELECT COUNT(*) FROM case_notice c WHERE NOT EXISTS (SELECT 1 FROM authority p WHERE p.tenant_id = c.tenant_id AND p.id = c.authority_id)),
    (SELECT COUNT(*) FROM fitconnect_submission c WHERE NOT EXISTS (SELECT 1 FROM authority p WHERE p.tenant_id = c.tenant_id AND p.id = c.authority_id)),
    (SELECT COUNT(*) FROM fitconnect_submission c WHERE NOT EXISTS (SELECT 1 FROM case_record p WHERE p.tenant_id = c.tenant_id AND p.id = c.case_id)),
    (SELECT COUNT(*) FROM mailbox_message c WHERE NOT EXISTS (SELECT 1 FROM application p WHERE p.tenant_id = c.tenant_id AND p.id = c.application_id)),
    (SELECT COUNT(*) FROM mailbox_guest c WHERE NOT EXISTS (SELECT 1 FROM application p WHERE p.tenant_id = c.tenant_id AND p.id = c.application_id));
DROP TABLE tenant_link_check;
{{- end}}

{{- define "postgres"}}
{{template "guard" .}}
CREATE UNIQUE INDEX authority_tenant_id ON authority (tenant_id, id);
CREATE UNIQUE INDEX account_tenant_id ON account (tenant_id, id);
CREATE UNIQUE INDEX application_tenant_id ON application (tenant_id, id);
CREATE UNIQUE INDEX case_record_tenant_id ON case_record (tenant_id, id);
ALTER TABLE authority ADD CONSTRAINT authority_tenant_parent_fk
    FOREIGN KEY (tenant_id, parent_id) REFERENCES authority (tenant_id, id);
ALTER TABLE responsibility ADD CONSTRAINT responsibility_tenant_authority_fk
    FOREIGN KEY (tenant_id, authority_id) REFERENCES authority (tenant_id, id);
ALTER TABLE fitconnect_key ADD CONSTRAINT fitconnect_key_tenant_authority_fk
    FOREIGN KEY (tenant_id, authority_id) REFERENCES authority (tenant_id, id);
ALTER TABLE case_clearing ADD CONSTRAINT case_clearing_tenant_authority_fk
    FOREIGN KEY (tenant_id, authority_id) REFERENCES authority (tenant_id, id);
ALTER TABLE case_record ADD CONSTRAINT case_record_tenant_authority_fk
    FOREIGN KEY (tenant_id, authority_id) REFERENCES authority (tenant_id, id),
    ADD CONSTRAINT case_record_tenant_application_fk
    FOREIGN KEY (tenant_id, application_id) REFERENCES application (tenant_id, id);
ALTER TABLE account_session ADD CONSTRAINT account_session_tenant_account_fk
    FOREIGN KEY (tenant_id, account_id) REFERENCES account (tenant_id, id);
ALTER TABLE account_identity ADD CONSTRAINT account_identity_tenant_account_fk
    FOREIGN KEY (tenant_id, account_id) REFERENCES account (tenant_id, id);
ALTER TABLE case_request ADD CONSTRAINT case_request_tenant_case_fk
    FOREIGN KEY (tenant_id, case_id) REFERENCES case_record (tenant_id, id),
    ADD CONSTRAINT case_request_tenant_application_fk
    FOREIGN KEY (tenant_id, application_id) REFERENCES application (tenant_id, id);
ALTER TABLE case_notice ADD CONSTRAINT case_notice_tenant_case_fk
    FOREIGN KEY (tenant_id, case_id) REFERENCES case_record (tenant_id, id),
    ADD CONSTRAINT case_notice_tenant_application_fk
    FOREIGN KEY (tenant_id, application_id) REFERENCES application (tenant_id, id),
    ADD CONSTRAINT case_notice_tenant_authority_fk
    FOREIGN KEY (tenant_id, authority_id) REFERENCES authority (tenant_id, id);
ALTER TABLE fitconnect_submission ADD CONSTRAINT fitconnect_submission_tenant_authority_fk
    FOREIGN KEY (tenant_id, authority_id) REFERENCES authority (tenant_id, id),
    ADD CONSTRAINT fitconnect_submission_tenant_case_fk
    FOREIGN KEY (tenant_id, case_id) REFERENCES case_record (tenant_id, id) ON DELETE CASCADE;
ALTER TABLE mailbox_message ADD CONSTRAINT mailbox_message_tenant_application_fk
    FOREIGN KEY (tenant_id, application_id) REFERENCES application (tenant_id, id) ON DELETE CASCADE;
ALTER TABLE mailbox_guest ADD CONSTRAINT mailbox_guest_tenant_application_fk
    FOREIGN KEY (tenant_id, application_id) REFERENCES application (tenant_id, id) ON DELETE CASCADE;
{{- end}}

{{- define "sqlite"}}
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;
-- Refuse to go on unless foreign keys are really off on this connection:
-- otherwise the DROP TABLEs below would cascade into the children.
CREATE TABLE tenant_fk_pragma (fk BIGINT CONSTRAINT foreign_keys_still_on CHECK (fk = 0));
INSERT INTO tenant_fk_pragma SELECT foreign_keys FROM pragma_foreign_keys;
DROP TABLE tenant_fk_pragma;
{{template "guard" .}}
CREATE UNIQUE INDEX account_tenant_id ON account (tenant_id, id);
CREATE UNIQUE INDEX application_tenant_id ON application (tenant_id, id);

CREATE TABLE authority_new (
    id            INTEGER PRIMARY KEY,
    tenant_id     BIGINT NOT NULL REFERENCES tenant (id),
    authority_key TEXT NOT NULL,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL DEFAULT '',
    street        TEXT NOT NULL DEFAULT '',
    postcode      TEXT NOT NULL DEFAULT '',
    city          TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    web           TEXT NOT NULL DEFAULT '',
    opening_hours TEXT NOT NULL DEFAULT '',
    parent_id     BIGINT REFERENCES authority (id),
    example       INTEGER NOT NULL DEFAULT FALSE,
    updated_at    DATETIME NOT NULL,
    UNIQUE (tenant_id, authority_key),
    CONSTRAINT authority_tenant_parent_fk
        FOREIGN KEY (tenant_id, parent_id) REFERENCES authority (tenant_id, id)
);
INSERT INTO authority_new (id, tenant_id, authority_key, name, kind, street, postcode, city, phone, email, web,
    opening_hours, parent_id, example, updated_at)
SELECT id, tenant_id, authority_key, name, kind, street, postcode, city, phone, email, web,
    opening_hours, parent_id, example, updated_at FROM authority;
DROP TABLE authority;
ALTER TABLE authority_new RENAME TO authority;
CREATE UNIQUE INDEX authority_tenant_id ON authority (tenant_id, id);

CREATE TABLE responsibility_new (
    id           INTEGER PRIMARY KEY,
    tenant_id    BIGINT NOT NULL REFERENCES tenant (id),
    service_key  TEXT NOT NULL,
    region_ars   TEXT NOT NULL REFERENCES region (ars),
    audience     TEXT NOT NULL DEFAULT '',
    authority_id BIGINT NOT NULL REFERENCES authority (id),
    updated_at   DATETIME NOT NULL,
    UNIQUE (tenant_id, service_key, region_ars, audience),
    CONSTRAINT responsibility_tenant_authority_fk
        FOREIGN KEY (tenant_id, authority_id) REFERENCES authority (tenant_id, id)
);
INSERT INTO responsibility_new (id, tenant_id, service_key, region_ars, audience, authority_id, updated_at)
SELECT id, tenant_id, service_key, region_ars, audience, authority_id, updated_at FROM responsibility;
DROP TABLE responsibility;
ALTER TABLE responsibility_new RENAME TO responsibility;
CREATE INDEX responsibility_lookup ON responsibility (tenant_id, service_key);

CREATE TABLE fitconnect_key_new (
    authority_id   BIGINT PRIMARY KEY REFERENCES authority (id),
    tenant_id      BIGINT NOT NULL REFERENCES tenant (id),
    destination_id TEXT NOT NULL UNIQUE,
    kid            TEXT NOT NULL,
    jwk            TEXT NOT NULL,
    created_at     DATETIME NOT NULL,
    CONSTRAINT fitconnect_key_tenant_authority_fk
        FOREIGN KEY (tenant_id, authority_id) REFERENCES authority (tenant_id, id)
);
INSERT INTO fitconnect_key_new (authority_id, tenant_id, destination_id, kid, jwk, created_at)
SELECT authority_id, tenant_id, destination_id, kid, jwk, created_at FROM fitconnect_key;
DROP TABLE fitconnect_key;
ALTER TABLE fitconnect_key_new RENAME TO fitconnect_key;

CREATE TABLE case_clearing_new (
    tenant_id    BIGINT PRIMARY KEY REFERENCES tenant (id),
    authority_id BIGINT NOT NULL,
    CONSTRAINT case_clearing_tenant_authority_fk
        FOREIGN KEY (tenant_id, authority_id) REFERENCES authority (tenant_id, id)
);
INSERT INTO case_clearing_new (tenant_id, authority_id) SELECT tenant_id, authority_id FROM case_clearing;
DROP TABLE case_clearing;
ALTER TABLE case_clearing_new RENAME TO case_clearing;

CREATE TABLE case_record_new (
    id                   INTEGER PRIMARY KEY,
    tenant_id            BIGINT NOT NULL REFERENCES tenant (id),
    application_id       BIGINT NOT NULL UNIQUE,
    reference            TEXT NOT NULL,
    procedure_id         TEXT NOT NULL,
    procedure_version    INTEGER NOT NULL,
    procedure_title      TEXT NOT NULL,
    authority_id         BIGINT NOT NULL,
    clearing             INTEGER NOT NULL,
    status               TEXT NOT NULL,
    outcome              TEXT NOT NULL DEFAULT '',
    assignee_id          BIGINT,
    applicant_name       TEXT NOT NULL,
    applicant_folded     TEXT NOT NULL,
    applicant_account_id BIGINT,
    received_at          DATETIME NOT NULL,
    deadline_at          DATETIME,
    approval_fiction     INTEGER NOT NULL,
    decided_at           DATETIME,
    closed_at            DATETIME,
    updated_at           DATETIME NOT NULL,
    CONSTRAINT case_record_tenant_authority_fk
        FOREIGN KEY (tenant_id, authority_id) REFERENCES authority (tenant_id, id),
    CONSTRAINT case_record_tenant_application_fk
        FOREIGN KEY (tenant_id, application_id) REFERENCES application (tenant_id, id)
);
INSERT INTO case_record_new (id, tenant_id, application_id, reference, procedure_id, procedure_version,
    procedure_title, authority_id, clearing, status, outcome, assignee_id, applicant_name, applicant_folded,
    applicant_account_id, received_at, deadline_at, approval_fiction, decided_at, closed_at, updated_at)
SELECT id, tenant_id, application_id, reference, procedure_id, procedure_version,
    procedure_title, authority_id, clearing, status, outcome, assignee_id, applicant_name, applicant_folded,
    applicant_account_id, received_at, deadline_at, approval_fiction, decided_at, closed_at, updated_at FROM case_record;
DROP TABLE case_record;
ALTER TABLE case_record_new RENAME TO case_record;
CREATE UNIQUE INDEX case_record_reference ON case_record (tenant_id, reference);
CREATE INDEX case_record_inbox ON case_record (tenant_id, authority_id, status);
CREATE INDEX case_record_assignee ON case_record (assignee_id);
CREATE UNIQUE INDEX case_record_tenant_id ON case_record (tenant_id, id);

CREATE TABLE account_session_new (
    id           INTEGER PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    account_id   BIGINT NOT NULL REFERENCES account (id),
    tenant_id    BIGINT NOT NULL,
    level        TEXT NOT NULL,
    method       TEXT NOT NULL,
    stage        TEXT NOT NULL,
    user_agent   TEXT NOT NULL,
    created_at   DATETIME NOT NULL,
    last_seen_at DATETIME NOT NULL,
    CONSTRAINT account_session_tenant_account_fk
        FOREIGN KEY (tenant_id, account_id) REFERENCES account (tenant_id, id)
);
INSERT INTO account_session_new (id, token_hash, account_id, tenant_id, level, method, stage, user_agent,
    created_at, last_seen_at)
SELECT id, token_hash, account_id, tenant_id, level, method, stage, user_agent,
    created_at, last_seen_at FROM account_session;
DROP TABLE account_session;
ALTER TABLE account_session_new RENAME TO account_session;
CREATE INDEX account_session_account ON account_session (account_id);

CREATE TABLE account_identity_new (
    tenant_id  BIGINT NOT NULL REFERENCES tenant (id),
    issuer     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    account_id BIGINT NOT NULL REFERENCES account (id),
    created_at DATETIME NOT NULL,
    PRIMARY KEY (tenant_id, issuer, subject),
    CONSTRAINT account_identity_tenant_account_fk
        FOREIGN KEY (tenant_id, account_id) REFERENCES account (tenant_id, id)
);
INSERT INTO account_identity_new (tenant_id, issuer, subject, account_id, created_at)
SELECT tenant_id, issuer, subject, account_id, created_at FROM account_identity;
DROP TABLE account_identity;
ALTER TABLE account_identity_new RENAME TO account_identity;
CREATE INDEX account_identity_account ON account_identity (account_id);

CREATE TABLE case_request_new (
    id             INTEGER PRIMARY KEY,
    case_id        BIGINT NOT NULL REFERENCES case_record (id),
    tenant_id      BIGINT NOT NULL,
    application_id BIGINT NOT NULL,
    subject        TEXT NOT NULL,
    body           TEXT NOT NULL,
    due_at         DATETIME NOT NULL,
    status         TEXT NOT NULL,
    created_by     BIGINT NOT NULL,
    created_at     DATETIME NOT NULL,
    answered_at    DATETIME,
    answer         TEXT NOT NULL DEFAULT '',
    CONSTRAINT case_request_tenant_case_fk
        FOREIGN KEY (tenant_id, case_id) REFERENCES case_record (tenant_id, id),
    CONSTRAINT case_request_tenant_application_fk
        FOREIGN KEY (tenant_id, application_id) REFERENCES application (tenant_id, id)
);
INSERT INTO case_request_new (id, case_id, tenant_id, application_id, subject, body, due_at, status,
    created_by, created_at, answered_at, answer)
SELECT id, case_id, tenant_id, application_id, subject, body, due_at, status,
    created_by, created_at, answered_at, answer FROM case_request;
DROP TABLE case_request;
ALTER TABLE case_request_new RENAME TO case_request;
CREATE INDEX case_request_case ON case_request (case_id, status);
CREATE INDEX case_request_application ON case_request (application_id);

CREATE TABLE case_notice_new (
    id             INTEGER PRIMARY KEY,
    case_id        BIGINT NOT NULL REFERENCES case_record (id),
    tenant_id      BIGINT NOT NULL,
    application_id BIGINT NOT NULL,
    authority_id   BIGINT NOT NULL,
    outcome        TEXT NOT NULL,
    title          TEXT NOT NULL,
    body           TEXT NOT NULL,
    remedy         TEXT NOT NULL,
    status         TEXT NOT NULL,
    four_eyes      INTEGER NOT NULL,
    author_id      BIGINT NOT NULL,
    approver_id    BIGINT,
    blob_key       TEXT,
    sha256         TEXT,
    size           BIGINT,
    signature      BLOB,
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL,
    sent_at        DATETIME,
    CONSTRAINT case_notice_tenant_case_fk
        FOREIGN KEY (tenant_id, case_id) REFERENCES case_record (tenant_id, id),
    CONSTRAINT case_notice_tenant_application_fk
        FOREIGN KEY (tenant_id, application_id) REFERENCES application (tenant_id, id),
    CONSTRAINT case_notice_tenant_authority_fk
        FOREIGN KEY (tenant_id, authority_id) REFERENCES authority (tenant_id, id)
);
INSERT INTO case_notice_new (id, case_id, tenant_id, application_id, authority_id, outcome, title, body, remedy,
    status, four_eyes, author_id, approver_id, blob_key, sha256, size, signature, created_at, updated_at, sent_at)
SELECT id, case_id, tenant_id, application_id, authority_id, outcome, title, body, remedy,
    status, four_eyes, author_id, approver_id, blob_key, sha256, size, signature, created_at, updated_at, sent_at
FROM case_notice;
DROP TABLE case_notice;
ALTER TABLE case_notice_new RENAME TO case_notice;
CREATE INDEX case_notice_case ON case_notice (case_id);
CREATE INDEX case_notice_application ON case_notice (application_id, status);
CREATE UNIQUE INDEX case_notice_tenant_sha256 ON case_notice (tenant_id, sha256);
CREATE INDEX case_notice_sha256 ON case_notice (sha256);

CREATE TABLE fitconnect_submission_new (
    id           TEXT PRIMARY KEY,
    tenant_id    BIGINT NOT NULL,
    authority_id BIGINT NOT NULL,
    case_id      BIGINT NOT NULL REFERENCES case_record (id) ON DELETE CASCADE,
    kid          TEXT NOT NULL,
    metadata_jwe TEXT NOT NULL,
    data_jwe     TEXT NOT NULL,
    created_at   DATETIME NOT NULL,
    UNIQUE (case_id, authority_id),
    CONSTRAINT fitconnect_submission_tenant_case_fk
        FOREIGN KEY (tenant_id, case_id) REFERENCES case_record (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT fitconnect_submission_tenant_authority_fk
        FOREIGN KEY (tenant_id, authority_id) REFERENCES authority (tenant_id, id)
);
INSERT INTO fitconnect_submission_new (id, tenant_id, authority_id, case_id, kid, metadata_jwe, data_jwe, created_at)
SELECT id, tenant_id, authority_id, case_id, kid, metadata_jwe, data_jwe, created_at FROM fitconnect_submission;
DROP TABLE fitconnect_submission;
ALTER TABLE fitconnect_submission_new RENAME TO fitconnect_submission;
CREATE INDEX fitconnect_submission_scope ON fitconnect_submission (tenant_id, authority_id, created_at);

CREATE TABLE mailbox_message_new (
    id             INTEGER PRIMARY KEY,
    tenant_id      BIGINT NOT NULL,
    application_id BIGINT NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    case_id        BIGINT,
    direction      TEXT NOT NULL,
    subject        TEXT NOT NULL,
    body           TEXT NOT NULL,
    sender_id      BIGINT,
    sender_name    TEXT NOT NULL DEFAULT '',
    created_at     DATETIME NOT NULL,
    read_at        DATETIME,
    CONSTRAINT mailbox_message_tenant_application_fk
        FOREIGN KEY (tenant_id, application_id) REFERENCES application (tenant_id, id) ON DELETE CASCADE
);
INSERT INTO mailbox_message_new (id, tenant_id, application_id, case_id, direction, subject, body, sender_id,
    sender_name, created_at, read_at)
SELECT id, tenant_id, application_id, case_id, direction, subject, body, sender_id,
    sender_name, created_at, read_at FROM mailbox_message;
DROP TABLE mailbox_message;
ALTER TABLE mailbox_message_new RENAME TO mailbox_message;
CREATE INDEX mailbox_message_app ON mailbox_message (application_id, direction, read_at);
CREATE INDEX mailbox_message_case ON mailbox_message (case_id);

CREATE TABLE mailbox_guest_new (
    application_id BIGINT PRIMARY KEY REFERENCES application (id) ON DELETE CASCADE,
    tenant_id      BIGINT NOT NULL,
    secret_hash    TEXT NOT NULL,
    notify_email   TEXT NOT NULL DEFAULT '',
    created_at     DATETIME NOT NULL,
    lang           TEXT NOT NULL DEFAULT 'de',
    CONSTRAINT mailbox_guest_tenant_application_fk
        FOREIGN KEY (tenant_id, application_id) REFERENCES application (tenant_id, id) ON DELETE CASCADE
);
INSERT INTO mailbox_guest_new (application_id, tenant_id, secret_hash, notify_email, created_at, lang)
SELECT application_id, tenant_id, secret_hash, notify_email, created_at, lang FROM mailbox_guest;
DROP TABLE mailbox_guest;
ALTER TABLE mailbox_guest_new RENAME TO mailbox_guest;
CREATE UNIQUE INDEX mailbox_guest_secret ON mailbox_guest (secret_hash);

-- Every reference of every table still finds its parent.
CREATE TABLE tenant_fk_check (violations BIGINT CONSTRAINT foreign_key_check_failed CHECK (violations = 0));
INSERT INTO tenant_fk_check SELECT COUNT(*) FROM pragma_foreign_key_check;
DROP TABLE tenant_fk_check;
COMMIT;
PRAGMA foreign_keys = ON;
{{- end}}
