-- +goose Up
-- Whose a job is, for the failed-jobs list of the tenant administration
-- (internal/jobs Failed/Retry): tenant_id is NULL for jobs of the
-- installation (operators see them with `amtsweg jobs failed`); subject
-- names what the job is about for a person (a reference number, never
-- personal data). A discarded job is found by state and tenant.
ALTER TABLE job ADD COLUMN tenant_id BIGINT;
ALTER TABLE job ADD COLUMN subject TEXT NOT NULL DEFAULT '';
CREATE INDEX job_state_tenant ON job (state, tenant_id);

-- +goose Down
DROP INDEX job_state_tenant;
ALTER TABLE job DROP COLUMN subject;
ALTER TABLE job DROP COLUMN tenant_id;
