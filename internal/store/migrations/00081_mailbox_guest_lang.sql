-- +goose Up
-- The language a guest made their mailbox link in (de or en), for the
-- notification e-mails to their address.
ALTER TABLE mailbox_guest ADD COLUMN lang TEXT NOT NULL DEFAULT 'de';

-- +goose Down
ALTER TABLE mailbox_guest DROP COLUMN lang;
