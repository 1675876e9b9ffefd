-- +goose Up
-- The history of one object (audit.ForObject: a case's entries become the
-- HistorienProtokollInformation of its xdomea export) is read by object,
-- not by walking the whole chain.
CREATE INDEX audit_log_object ON audit_log (object_type, object_id);

-- +goose Down
DROP INDEX audit_log_object;
