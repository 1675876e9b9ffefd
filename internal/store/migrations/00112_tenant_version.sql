-- +goose Up
-- Change counter of a tenant row: every change (branding, hosts) adds one,
-- so running processes notice it with one cheap query (tenant.Resolver).
ALTER TABLE tenant ADD COLUMN version BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE tenant DROP COLUMN version;
