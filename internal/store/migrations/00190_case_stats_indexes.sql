-- +goose Up
-- The back-office statistics (casework.Statistics) count per authority
-- the cases received, decided and closed in the last weeks: one range scan
-- per timestamp instead of reading every case of the authority. The
-- decided index also carries received_at and procedure_id, so the lead
-- times (receipt to decision) are read from the index alone.
CREATE INDEX case_record_stats_received ON case_record (tenant_id, authority_id, received_at);
CREATE INDEX case_record_stats_decided ON case_record (tenant_id, authority_id, decided_at, received_at, procedure_id);
CREATE INDEX case_record_stats_closed ON case_record (tenant_id, authority_id, closed_at);

-- +goose Down
DROP INDEX case_record_stats_closed;
DROP INDEX case_record_stats_decided;
DROP INDEX case_record_stats_received;
