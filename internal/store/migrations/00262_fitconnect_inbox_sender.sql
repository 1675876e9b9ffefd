-- +goose Up
-- What the tenant admin's FIT-Connect inbox (Mandantenverwaltung ›
-- FIT-Connect-Eingang) shows of every received submission, accepted or
-- rejected: the service (Verwaltungsleistung) the submission names in the
-- clear (its serviceType identifier and name) and the sender's own
-- reference (Zeichen des Absenders) from the metadata, '' when they could
-- not be read. A rejected submission keeps nothing else. The index serves
-- the page: one tenant's decisions, newest first.
ALTER TABLE fitconnect_inbox ADD COLUMN service_id TEXT NOT NULL DEFAULT '';
ALTER TABLE fitconnect_inbox ADD COLUMN service_name TEXT NOT NULL DEFAULT '';
ALTER TABLE fitconnect_inbox ADD COLUMN sender TEXT NOT NULL DEFAULT '';
CREATE INDEX fitconnect_inbox_tenant ON fitconnect_inbox (tenant_id, received_at);

-- +goose Down
DROP INDEX fitconnect_inbox_tenant;
ALTER TABLE fitconnect_inbox DROP COLUMN sender;
ALTER TABLE fitconnect_inbox DROP COLUMN service_name;
ALTER TABLE fitconnect_inbox DROP COLUMN service_id;
