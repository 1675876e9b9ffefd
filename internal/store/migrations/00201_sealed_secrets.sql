-- +goose Up
-- Secrets the portal must read again are stored sealed with the tenant's
-- data key (package blob/keyring, SealValue), never in clear: the TOTP
-- seeds of account_totp (package account). The database cannot seal
-- (it never holds a key), so this marks the rows: sealed = FALSE rows
-- written before are sealed by every process at start
-- (account.SealSecrets), and only then read sealed.
ALTER TABLE account_totp ADD COLUMN sealed {{.Bool}} NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE account_totp DROP COLUMN sealed;
