-- +goose Up
-- The inbox (Posteingang) of the back office: its signals, keyset paging
-- and each staff member's saved view.
--
-- unread_since: the applicant's first activity (a reply to a request, a
-- message, an upload) the assignee, or for an unassigned case its unit,
-- has not opened yet; NULL when there is none. Cleared when the case page
-- is opened (casework.Service.View).
--
-- warn_at: the earliest time the case may be flagged "due soon": three
-- quarters of its processing period (received_at … deadline_at) have
-- passed. The day window (casework.Config.WarnBefore, or the staff
-- member's own) applies on top, so the warning never covers more than a
-- quarter of the period and never starts on arrival. NULL without a
-- deadline. Existing rows are filled from their dates below.
ALTER TABLE case_record ADD COLUMN unread_since {{.Time}};
ALTER TABLE case_record ADD COLUMN warn_at {{.Time}};
{{- if .RebuildTables}}
UPDATE case_record SET warn_at = strftime('%Y-%m-%d %H:%M:%f+00:00',
    julianday(deadline_at) - (julianday(deadline_at) - julianday(received_at)) / 4)
    WHERE deadline_at IS NOT NULL;
{{- else}}
UPDATE case_record SET warn_at = deadline_at - (deadline_at - received_at) / 4
    WHERE deadline_at IS NOT NULL;
{{- end}}

-- Keyset paging: every inbox order is (key, id) within the staff member's
-- tenant and authority, so the first, a filtered and a deep page are an
-- index range scan from the cursor, never an OFFSET. The status index
-- replaces case_record_inbox (its prefix) and, holding the assignee, serves
-- the counts per status (capped, casework.CountCap) as an index-only scan
-- for heads of unit and case workers alike. The unread index holds only
-- the unread cases, in receipt order.
DROP INDEX case_record_inbox;
CREATE INDEX case_record_inbox_status ON case_record (tenant_id, authority_id, status, received_at, id, assignee_id);
-- On SQLite the receipt index also carries the folded applicant name and
-- the reference: the inbox search (a substring LIKE, which no index answers
-- there) walks this index in receipt order and tests both on the index
-- entry, fetching only the matching rows from the table (31 / 57 ms instead
-- of 66 / 211 ms p50/p95 for "Krüger" at 200,000 cases; docs/benchmarks.md,
-- "Volume"). PostgreSQL searches by its trigram indexes (00181) instead.
{{- if .RebuildTables}}
CREATE INDEX case_record_inbox_received ON case_record (tenant_id, authority_id, received_at, id, applicant_folded, reference);
{{- else}}
CREATE INDEX case_record_inbox_received ON case_record (tenant_id, authority_id, received_at, id);
{{- end}}
CREATE INDEX case_record_inbox_deadline ON case_record (tenant_id, authority_id, deadline_at, id);
CREATE INDEX case_record_inbox_applicant ON case_record (tenant_id, authority_id, applicant_folded, id);
CREATE INDEX case_record_inbox_reference ON case_record (tenant_id, authority_id, reference, id);
CREATE INDEX case_record_inbox_unread ON case_record (tenant_id, authority_id, received_at, id)
    WHERE unread_since IS NOT NULL;

-- Saved inbox view (gespeicherte Posteingangsansicht) of a staff member:
-- filters, order and warning window as JSON (casework.InboxView), written
-- whenever the staff member changes them and read when they open the inbox
-- without any.
CREATE TABLE case_inbox_view (
    tenant_id  BIGINT NOT NULL,
    account_id BIGINT NOT NULL,
    settings   TEXT NOT NULL,
    updated_at {{.Time}} NOT NULL,
    PRIMARY KEY (tenant_id, account_id),
    CONSTRAINT case_inbox_view_tenant_account_fk
        FOREIGN KEY (tenant_id, account_id) REFERENCES account (tenant_id, id) ON DELETE CASCADE
);

-- +goose Down
DROP TABLE case_inbox_view;
DROP INDEX case_record_inbox_unread;
DROP INDEX case_record_inbox_reference;
DROP INDEX case_record_inbox_applicant;
DROP INDEX case_record_inbox_deadline;
DROP INDEX case_record_inbox_received;
DROP INDEX case_record_inbox_status;
CREATE INDEX case_record_inbox ON case_record (tenant_id, authority_id, status);
ALTER TABLE case_record DROP COLUMN warn_at;
ALTER TABLE case_record DROP COLUMN unread_since;
