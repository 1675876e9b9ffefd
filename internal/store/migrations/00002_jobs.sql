-- +goose Up
-- Durable background jobs (Hintergrundaufträge), see internal/jobs. A job
-- is inserted in the same transaction as the change that causes it.
-- state: available (due at run_at: new, scheduled or waiting for a retry),
-- running (leased to a worker until locked_until), completed, discarded.
CREATE TABLE job (
    id           {{.ID}},
    kind         TEXT NOT NULL,
    args         {{.JSON}} NOT NULL,
    state        TEXT NOT NULL,
    attempt      INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    run_at       {{.Time}} NOT NULL,
    locked_until {{.Time}},
    attempted_at {{.Time}},
    finished_at  {{.Time}},
    last_error   TEXT NOT NULL DEFAULT '',
    -- kind + caller's key; NULL for jobs that may repeat. NULLs never
    -- collide in a unique index on either engine.
    unique_key   TEXT,
    created_at   {{.Time}} NOT NULL
);
CREATE UNIQUE INDEX job_unique_key ON job (unique_key);
CREATE INDEX job_state_run_at ON job (state, run_at);

-- +goose Down
DROP TABLE job;
