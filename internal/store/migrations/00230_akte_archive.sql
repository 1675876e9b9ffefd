-- +goose Up
-- Archive handover (Aussonderung, xdomea) of package akte.
--
-- akte_file.plan_unit is the Kennzeichen of the filing-plan unit
-- (Aktenplaneinheit) the file belongs to; akte_file.disposal its
-- Aussonderungsart: 'A' (archivieren) and 'B' (bewerten) files are offered
-- to the archive when their retention ran out and leave only through the
-- archive conversation; 'V' (vernichten) and '' are deleted by the
-- retention job as before.
ALTER TABLE akte_file ADD COLUMN plan_unit TEXT NOT NULL DEFAULT '';
ALTER TABLE akte_file ADD COLUMN disposal TEXT NOT NULL DEFAULT '';

-- Filing plan (Aktenplan) of a tenant: units with their Kennzeichen,
-- title, parent unit and the defaults for the files filed under them.
CREATE TABLE akte_plan_unit (
    tenant_id BIGINT NOT NULL REFERENCES tenant (id),
    code      TEXT NOT NULL,
    title     TEXT NOT NULL,
    parent    TEXT NOT NULL DEFAULT '',
    retention TEXT NOT NULL DEFAULT '',
    disposal  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, code)
);

-- State of a file in the archive conversation: offered (0501 sent),
-- archive / destroy (the archive's 0502 appraisal), sent (0503 sent),
-- confirmed (0506 import confirmed; the file is deleted right after).
-- offer_id and send_id are the ProzessIDs of the 0501 and the 0503.
CREATE TABLE akte_disposal (
    case_id      BIGINT PRIMARY KEY,
    tenant_id    BIGINT NOT NULL REFERENCES tenant (id),
    state        TEXT NOT NULL,
    offer_id     TEXT NOT NULL,
    send_id      TEXT NOT NULL DEFAULT '',
    archive_ref  TEXT NOT NULL DEFAULT '',
    offered_at   {{.Time}} NOT NULL,
    appraised_at {{.Time}},
    sent_at      {{.Time}},
    confirmed_at {{.Time}}
);
CREATE INDEX akte_disposal_offer ON akte_disposal (tenant_id, offer_id);
CREATE INDEX akte_disposal_send ON akte_disposal (tenant_id, send_id);

-- +goose Down
DROP TABLE akte_disposal;
DROP TABLE akte_plan_unit;
ALTER TABLE akte_file DROP COLUMN disposal;
ALTER TABLE akte_file DROP COLUMN plan_unit;
