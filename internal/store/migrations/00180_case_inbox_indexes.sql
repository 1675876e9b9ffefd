-- +goose Up
-- Inbox and search at volume (docs/benchmarks.md, "Volume": 1,000,000
-- cases on PostgreSQL, 200,000 on SQLite). The inbox is always scoped to
-- a tenant and the staff member's authorities:
--   * the pages sorted by receipt walk case_record_inbox_received (00170)
--     in order and stop after the page (no sort of the authority's cases);
--   * the counts per status and the total are index-only over (tenant,
--     authority, status, assignee), which also answers a case worker's
--     scope (unassigned or their own); with the folded applicant name and
--     the reference in it, a search's counts read no table rows either
--     (SQLite has no index for LIKE '%…%'; the scan stays in the index);
--   * a case worker's scope (unassigned OR their own) is two ranges of
--     (tenant, authority, assignee, …), and "my cases" with a status and
--     procedure filter one range ordered by receipt.
-- case_record_assignee serves lookups by assignee alone (account deletion).
CREATE INDEX case_record_counts ON case_record (tenant_id, authority_id, status, assignee_id, applicant_folded, reference);
CREATE INDEX case_record_mine ON case_record (tenant_id, authority_id, assignee_id, status, procedure_id, received_at);

-- +goose Down
DROP INDEX case_record_mine;
DROP INDEX case_record_counts;
