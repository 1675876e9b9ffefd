-- +goose Up
-- Mailbox (Postfach): the messages (Nachrichten) between an authority and
-- the applicant of one submitted application. Requests for documents
-- (case_request) and notices (case_notice) are NOT copied here: casework
-- owns them and the mailbox reads them; this table holds the free
-- messages both ways. direction is 'to_applicant' or 'from_applicant';
-- read_at is when the recipient opened the thread (the authority sees it).
-- Rows go with their application (ON DELETE CASCADE), which the case
-- file's retention deletes; the blobs are filed in the case file and
-- deleted by it.
CREATE TABLE mailbox_message (
    id             {{.ID}},
    tenant_id      BIGINT NOT NULL,
    application_id BIGINT NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    case_id        BIGINT,
    direction      TEXT NOT NULL,
    subject        TEXT NOT NULL,
    body           TEXT NOT NULL,
    sender_id      BIGINT,
    sender_name    TEXT NOT NULL DEFAULT '',
    created_at     {{.Time}} NOT NULL,
    read_at        {{.Time}}
);
CREATE INDEX mailbox_message_app ON mailbox_message (application_id, direction, read_at);
CREATE INDEX mailbox_message_case ON mailbox_message (case_id);

-- Attachment (Anlage) of a message, checked like the form's uploads.
CREATE TABLE mailbox_attachment (
    id         {{.ID}},
    message_id BIGINT NOT NULL REFERENCES mailbox_message (id) ON DELETE CASCADE,
    file_name  TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size       BIGINT NOT NULL,
    sha256     TEXT NOT NULL,
    blob_key   TEXT NOT NULL
);
CREATE INDEX mailbox_attachment_message ON mailbox_attachment (message_id);

-- Read state of what casework owns: when the applicant first saw a
-- request ('request') or a notice ('notice') in the mailbox.
CREATE TABLE mailbox_seen (
    application_id BIGINT NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    item_kind      TEXT NOT NULL,
    item_id        BIGINT NOT NULL,
    read_at        {{.Time}} NOT NULL,
    PRIMARY KEY (item_kind, item_id)
);
CREATE INDEX mailbox_seen_app ON mailbox_seen (application_id);

-- Guest access (Gastzugang): a long-lived secret link to one
-- application's mailbox, stored as SHA-256, and the optional address the
-- guest wants notifications at (Benachrichtigungsadresse). One row per
-- application; a new link replaces the old one.
CREATE TABLE mailbox_guest (
    application_id BIGINT PRIMARY KEY REFERENCES application (id) ON DELETE CASCADE,
    tenant_id      BIGINT NOT NULL,
    secret_hash    TEXT NOT NULL,
    notify_email   TEXT NOT NULL DEFAULT '',
    created_at     {{.Time}} NOT NULL
);
CREATE UNIQUE INDEX mailbox_guest_secret ON mailbox_guest (secret_hash);

-- +goose Down
DROP TABLE mailbox_guest;
DROP TABLE mailbox_seen;
DROP TABLE mailbox_attachment;
DROP TABLE mailbox_message;
