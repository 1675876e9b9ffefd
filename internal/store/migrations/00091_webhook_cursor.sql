-- +goose Up
-- Feed position up to which a client's webhook deliveries were created
-- (package webhook's dispatcher advances it under the client row's lock).
ALTER TABLE api_client ADD COLUMN webhook_cursor BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE api_client DROP COLUMN webhook_cursor;
