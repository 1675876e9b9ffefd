-- +goose Up
-- Published procedure versions (Onlinedienst / Verfahren). A row is never
-- changed: a new version is a new row, and applications keep the
-- (procedure_id, version) they were filled with. tenant_id NULL means the
-- version serves nationwide.
CREATE TABLE procedure_version (
    id           {{.ID}},
    tenant_id    BIGINT REFERENCES tenant(id),
    procedure_id TEXT NOT NULL,
    version      INTEGER NOT NULL,
    title        TEXT NOT NULL,
    definition   {{.JSON}} NOT NULL,
    hash         TEXT NOT NULL,
    published_at {{.Time}} NOT NULL
);
CREATE UNIQUE INDEX procedure_version_key ON procedure_version (COALESCE(tenant_id, 0), procedure_id, version);

-- +goose Down
DROP TABLE procedure_version;
