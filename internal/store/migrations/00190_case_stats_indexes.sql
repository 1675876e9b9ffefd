-- +goose Up
-- The back-office statistics (casework.Statistics) read only indexes, per
-- authority: the cases received (case_record_inbox_received, 00170),
-- decided and closed in the last weeks are range scans; the decided index also carries received_at and
-- procedure_id, so the lead times (receipt to decision) come from it
-- alone; the open cases by status, procedure and deadline come from a
-- partial index that holds the open cases only.
CREATE INDEX case_record_stats_decided ON case_record (tenant_id, authority_id, decided_at, received_at, procedure_id);
CREATE INDEX case_record_stats_closed ON case_record (tenant_id, authority_id, closed_at, decided_at);
CREATE INDEX case_record_stats_open ON case_record (tenant_id, authority_id, status, procedure_id, deadline_at)
    WHERE status IN ('received', 'in_review', 'waiting');

-- +goose Down
DROP INDEX case_record_stats_open;
DROP INDEX case_record_stats_closed;
DROP INDEX case_record_stats_decided;
