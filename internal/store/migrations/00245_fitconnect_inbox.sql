-- +goose Up
-- FIT-Connect as a subscriber (Empfänger): a destination (Zustellpunkt)
-- at the FIT-Connect Submission Service whose submissions amtsweg
-- receives for one authority. The private keys are sealed with the
-- tenant's data key (blob/keyring SealValue): the encryption key
-- (RSA-OAEP-256, decrypts the submissions) and the signature key (PS512,
-- signs the Security Event Tokens amtsweg sends to the event log).
CREATE TABLE fitconnect_destination (
    destination_id TEXT PRIMARY KEY,
    tenant_id      BIGINT NOT NULL REFERENCES tenant (id),
    authority_id   BIGINT NOT NULL REFERENCES authority (id),
    enc_kid        TEXT NOT NULL,
    enc_private    {{.Bytes}} NOT NULL,
    sig_kid        TEXT NOT NULL,
    sig_private    {{.Bytes}} NOT NULL,
    created_at     {{.Time}} NOT NULL,
    -- bound to its tenant as in migration 00160: the database refuses a
    -- destination of one tenant for another tenant's authority
    CONSTRAINT fitconnect_destination_tenant_authority_fk
        FOREIGN KEY (tenant_id, authority_id) REFERENCES authority (tenant_id, id)
);
CREATE UNIQUE INDEX fitconnect_destination_tenant_id ON fitconnect_destination (tenant_id, destination_id);

-- One received submission and what amtsweg decided: accepted (filed as
-- application_id) or rejected (problems, a JSON array of the FIT-Connect
-- problem objects). event_sent is set once the Submission Service took
-- the accept-submission or reject-submission event; until then the
-- subscriber sends it again and never files twice.
CREATE TABLE fitconnect_inbox (
    submission_id  TEXT PRIMARY KEY,
    destination_id TEXT NOT NULL REFERENCES fitconnect_destination (destination_id),
    tenant_id      BIGINT NOT NULL REFERENCES tenant (id),
    case_id        TEXT NOT NULL,
    outcome        TEXT NOT NULL CHECK (outcome IN ('accepted', 'rejected')),
    application_id BIGINT,
    problems       TEXT NOT NULL,
    event          TEXT NOT NULL,
    event_sent     {{.Bool}} NOT NULL,
    received_at    {{.Time}} NOT NULL,
    sent_at        {{.Time}},
    -- a submission of one tenant cannot be booked to another tenant's
    -- destination; application_id stays by value: the purge deletes the
    -- application while the inbox keeps that it was accepted
    CONSTRAINT fitconnect_inbox_tenant_destination_fk
        FOREIGN KEY (tenant_id, destination_id) REFERENCES fitconnect_destination (tenant_id, destination_id)
);
CREATE INDEX fitconnect_inbox_pending ON fitconnect_inbox (event_sent, received_at);

-- Where a submitted application came from when it did not come through
-- the portal's form (package apply, FileExternal): the channel (e.g.
-- "fitconnect"), the id it had there and who sent it, and the authority
-- it was addressed to (the application is routed there, not by place).
CREATE TABLE application_channel (
    application_id BIGINT PRIMARY KEY REFERENCES application (id) ON DELETE CASCADE,
    channel        TEXT NOT NULL,
    external_id    TEXT NOT NULL,
    sender         TEXT NOT NULL,
    authority_id   BIGINT REFERENCES authority (id),
    UNIQUE (channel, external_id)
);

-- +goose Down
DROP TABLE application_channel;
DROP TABLE fitconnect_inbox;
DROP TABLE fitconnect_destination;
