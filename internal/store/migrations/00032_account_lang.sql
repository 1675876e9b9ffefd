-- +goose Up
-- The language an account last used the portal in (de or en), so that
-- notification e-mails reach the user in it.
ALTER TABLE account ADD COLUMN lang TEXT NOT NULL DEFAULT 'de';

-- +goose Down
ALTER TABLE account DROP COLUMN lang;
