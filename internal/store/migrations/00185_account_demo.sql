-- +goose Up
-- A demo staff account (Demo-Zugang) seeded by `amtsweg serve --demo`: only
-- while the process runs with --demo is its second factor waived
-- (internal/account, Config.DemoWaiver). Every other account keeps FALSE.
ALTER TABLE account ADD COLUMN demo {{.Bool}} NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE account DROP COLUMN demo;
