-- +goose Up
-- Outgoing e-mail notifications (Benachrichtigungen), see internal/mail.
-- A row holds what the worker needs to render and send one message; the
-- job "mail.send" carries only the row's id, so no address reaches the job
-- table or its logs. The row is deleted once the message is sent or
-- rejected for good; rows of jobs that ran out of attempts are purged
-- after a retention period. data holds the link and other non-personal
-- template fields, never case content.
CREATE TABLE mail_outbox (
    id          {{.ID}},
    recipient   TEXT NOT NULL,
    kind        TEXT NOT NULL,
    lang        TEXT NOT NULL,
    data        {{.JSON}} NOT NULL,
    message_id  TEXT NOT NULL,
    created_at  {{.Time}} NOT NULL
);
CREATE INDEX mail_outbox_created_at ON mail_outbox (created_at);

-- +goose Down
DROP TABLE mail_outbox;
