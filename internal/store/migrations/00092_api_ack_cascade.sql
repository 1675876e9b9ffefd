-- +goose Up
-- An acknowledgement belongs to its case: when retention purges the case,
-- the acknowledgement goes with it (00090 created the reference without
-- ON DELETE CASCADE, which made the purge of acknowledged cases fail).
-- SQLite cannot change a constraint in place, so the table is rebuilt.
CREATE TABLE api_ack_new (
    case_id   BIGINT PRIMARY KEY REFERENCES case_record (id) ON DELETE CASCADE,
    client_id BIGINT NOT NULL REFERENCES api_client (id),
    at        {{.Time}} NOT NULL
);
INSERT INTO api_ack_new (case_id, client_id, at) SELECT case_id, client_id, at FROM api_ack;
DROP TABLE api_ack;
ALTER TABLE api_ack_new RENAME TO api_ack;

-- +goose Down
SELECT 1;
