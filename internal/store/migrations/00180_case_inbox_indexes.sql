-- +goose Up
-- Inbox and search at volume (docs/benchmarks.md, "Volume": 1,000,000
-- cases on PostgreSQL, 200,000 on SQLite). The inbox is always scoped to
-- a tenant and the staff member's authorities:
--   * the pages sorted by receipt walk (tenant, authority, received_at, id)
--     in order and stop after the page (no sort of the authority's cases);
--   * the counts per status and the total are index-only over (tenant,
--     authority, status, assignee), which also answers a case worker's
--     scope (unassigned or their own); with the folded applicant name and
--     the reference in it, a search's counts read no table rows either
--     (SQLite has no index for LIKE '%…%'; the scan stays in the index);
--   * a case worker's scope (unassigned OR their own) is two ranges of
--     (tenant, authority, assignee, …), and "my cases" with a status and
--     procedure filter one range ordered by receipt.
-- case_record_inbox is a prefix of case_record_counts now, and
-- case_record_assignee serves only lookups by assignee alone; both stay
-- because store's migration test of 00160 checks every index
-- it saw against the latest schema (drop them when it stops at 00160).
CREATE INDEX case_record_received ON case_record (tenant_id, authority_id, received_at, id);
CREATE INDEX case_record_counts ON case_record (tenant_id, authority_id, status, assignee_id, applicant_folded, reference);
CREATE INDEX case_record_mine ON case_record (tenant_id, authority_id, assignee_id, status, procedure_id, received_at);

-- +goose Down
DROP INDEX case_record_mine;
DROP INDEX case_record_counts;
DROP INDEX case_record_received;
