-- +goose Up
-- Four-eyes rules (Mitzeichnung) per procedure, authority and outcome:
-- which notices a second person must approve before they are sent. A row
-- with authority_id NULL holds for every authority of the tenant; a row
-- for one authority overrides it. scope is 'none', 'rejections'
-- (rejections and partial rejections) or 'all'. It replaces case_setting,
-- whose per-procedure on/off is copied as 'all'/'none' for every authority.
CREATE TABLE case_four_eyes (
    tenant_id    BIGINT NOT NULL,
    procedure_id TEXT NOT NULL,
    authority_id BIGINT,
    scope        TEXT NOT NULL CHECK (scope IN ('none', 'rejections', 'all')),
    CONSTRAINT case_four_eyes_tenant_authority_fk
        FOREIGN KEY (tenant_id, authority_id) REFERENCES authority (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX case_four_eyes_procedure ON case_four_eyes (tenant_id, procedure_id) WHERE authority_id IS NULL;
CREATE UNIQUE INDEX case_four_eyes_authority ON case_four_eyes (tenant_id, procedure_id, authority_id)
    WHERE authority_id IS NOT NULL;
INSERT INTO case_four_eyes (tenant_id, procedure_id, authority_id, scope)
SELECT tenant_id, procedure_id, NULL, CASE WHEN four_eyes THEN 'all' ELSE 'none' END FROM case_setting;
DROP TABLE case_setting;

-- +goose Down
CREATE TABLE case_setting (
    tenant_id    BIGINT NOT NULL,
    procedure_id TEXT NOT NULL,
    four_eyes    {{.Bool}} NOT NULL,
    PRIMARY KEY (tenant_id, procedure_id)
);
INSERT INTO case_setting (tenant_id, procedure_id, four_eyes)
SELECT tenant_id, procedure_id, scope = 'all' FROM case_four_eyes WHERE authority_id IS NULL;
DROP TABLE case_four_eyes;
