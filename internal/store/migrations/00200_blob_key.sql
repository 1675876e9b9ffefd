-- +goose Up
-- Data keys (Datenschlüssel) of the encrypted file store, one series per
-- tenant (package blob/keyring): each version is a random 32-byte key,
-- stored only wrapped (AES-256-GCM) by the master key, which the database
-- never holds; master_id names the master key that wrapped it. Tenant 0 is
-- the installation's own key, for files stored before encryption existed.
-- No foreign key to tenant: a deleted tenant's keys stay until its files
-- are gone.
CREATE TABLE blob_key (
    tenant_id  BIGINT NOT NULL,
    version    INTEGER NOT NULL,
    wrapped    {{.Bytes}} NOT NULL,
    master_id  TEXT NOT NULL,
    created_at {{.Time}} NOT NULL,
    PRIMARY KEY (tenant_id, version)
);
CREATE INDEX blob_key_master ON blob_key (master_id);

-- One row: whether files written before encryption (plaintext) may still
-- be in the store. Set on the keyring's first start from whether the
-- store held any file then; cleared by `amtsweg keys reencrypt`.
CREATE TABLE blob_keyring (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    legacy_plaintext {{.Bool}} NOT NULL,
    created_at       {{.Time}} NOT NULL
);

-- +goose Down
DROP TABLE blob_keyring;
DROP TABLE blob_key;
