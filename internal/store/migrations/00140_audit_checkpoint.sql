-- +goose Up
-- Signed checkpoints of the audit chain (package audit, Anchor): the head's
-- sequence number and hash at a moment, with an HMAC by a key the database
-- never holds. The same lines go to a file the operator keeps and to the
-- log; this copy lets `amtsweg audit verify` check every checkpoint any
-- process took.
CREATE TABLE audit_checkpoint (
    seq  BIGINT PRIMARY KEY,
    hash TEXT NOT NULL,
    at   {{.Time}} NOT NULL,
    mac  TEXT NOT NULL
);

-- +goose Down
DROP TABLE audit_checkpoint;
