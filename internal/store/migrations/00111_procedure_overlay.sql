-- +goose Up
-- Procedure overlay (Mandantenanpassung): a tenant's variation of a
-- nationwide procedure — fees, hints, local fields, notice template,
-- processing deadline — kept apart from the shared definition, which is
-- never copied. base_version is the shared version the overlay was written
-- against; the effective definition is always the latest shared version
-- plus the parts of the overlay that still fit (package procedure,
-- overlay.go).
CREATE TABLE procedure_overlay (
    tenant_id    BIGINT NOT NULL REFERENCES tenant (id),
    procedure_id TEXT NOT NULL,
    overlay      TEXT NOT NULL,
    base_version INTEGER NOT NULL,
    updated_by   TEXT NOT NULL,
    updated_at   {{.Time}} NOT NULL,
    PRIMARY KEY (tenant_id, procedure_id)
);

-- +goose Down
DROP TABLE procedure_overlay;
