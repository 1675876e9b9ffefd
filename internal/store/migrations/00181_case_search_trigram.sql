-- +goose Up
-- Inbox search by applicant name (and part of a reference) on PostgreSQL:
-- the search is a substring match (LIKE '%…%' on the folded name and the
-- upper-cased reference), which no B-tree serves; a trigram GIN index
-- (pg_trgm) does, for patterns of three characters or more. pg_trgm ships
-- with PostgreSQL and is a trusted extension (any user with CREATE on the
-- database may add it); where it cannot be added the migration leaves
-- the indexes out and the search scans the staff member's cases as
-- before (docs/benchmarks.md, "Volume"). The extension goes to schema
-- public so every schema of the database shares one copy. SQLite has no
-- such index: there the scan is bounded by the inbox's authority scope.
{{- if not .RebuildTables}}
-- +goose StatementBegin
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
    CREATE INDEX case_record_applicant_trgm ON case_record USING gin (applicant_folded public.gin_trgm_ops);
    CREATE INDEX case_record_reference_trgm ON case_record USING gin (UPPER(reference) public.gin_trgm_ops);
EXCEPTION WHEN insufficient_privilege OR undefined_file OR undefined_object OR feature_not_supported THEN
    RAISE NOTICE 'pg_trgm is not available: the inbox search scans the cases in scope';
END $$;
-- +goose StatementEnd
{{- end}}

-- +goose Down
DROP INDEX IF EXISTS case_record_reference_trgm;
DROP INDEX IF EXISTS case_record_applicant_trgm;
