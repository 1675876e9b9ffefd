-- +goose Up
-- A notice's SHA-256 is unique within its tenant, not across the
-- installation: 00060's global unique index let an upload in one tenant fail
-- (and reveal) because another tenant had issued the same bytes. Checking a
-- PDF by its bytes still finds it through the plain index.
DROP INDEX case_notice_sha256;
CREATE UNIQUE INDEX case_notice_tenant_sha256 ON case_notice (tenant_id, sha256);
CREATE INDEX case_notice_sha256 ON case_notice (sha256);

-- +goose Down
DROP INDEX case_notice_sha256;
DROP INDEX case_notice_tenant_sha256;
CREATE UNIQUE INDEX case_notice_sha256 ON case_notice (sha256);
