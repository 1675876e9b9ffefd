-- +goose Up
-- API client (Fachverfahren): a specialised system of one authority (or,
-- with authority_id NULL, of the whole tenant) that uses the JSON API.
-- secret_hash is SHA-256 of the random secret (API key and OAuth2 client
-- secret are the same value); the secret itself is shown once, never
-- stored. scopes is a space-separated list. webhook_url and
-- webhook_secret are optional (see internal/webhook).
CREATE TABLE api_client (
    id             {{.ID}},
    tenant_id      BIGINT NOT NULL REFERENCES tenant (id),
    authority_id   BIGINT,
    name           TEXT NOT NULL,
    client_id      TEXT NOT NULL UNIQUE,
    secret_hash    TEXT NOT NULL,
    scopes         TEXT NOT NULL,
    rate_per_min   INTEGER NOT NULL,
    webhook_url    TEXT NOT NULL DEFAULT '',
    webhook_secret TEXT NOT NULL DEFAULT '',
    disabled       {{.Bool}} NOT NULL DEFAULT FALSE,
    created_at     {{.Time}} NOT NULL
);

-- Short-lived bearer token issued by POST /api/oauth/token (client
-- credentials grant), stored as SHA-256.
CREATE TABLE api_token (
    token_hash TEXT PRIMARY KEY,
    client_id  BIGINT NOT NULL REFERENCES api_client (id),
    scopes     TEXT NOT NULL,
    expires_at {{.Time}} NOT NULL
);
CREATE INDEX api_token_expiry ON api_token (expires_at);

-- Acknowledgement (Empfangsbestätigung) of a submitted application's case
-- by the authority's specialised system.
CREATE TABLE api_ack (
    case_id   BIGINT PRIMARY KEY REFERENCES case_record (id),
    client_id BIGINT NOT NULL REFERENCES api_client (id),
    at        {{.Time}} NOT NULL
);

-- Outbox of domain events (Ereignisse), written in the transaction of the
-- change. seq is the feed position, taken from event_head inside that
-- transaction: the row lock serialises event writers until commit, so
-- positions are handed out in commit order and a reader never sees a
-- later position before an earlier one commits.
CREATE TABLE event (
    seq            BIGINT PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    type           TEXT NOT NULL,
    tenant_id      BIGINT NOT NULL,
    authority_id   BIGINT NOT NULL,
    application_id BIGINT NOT NULL,
    case_id        BIGINT NOT NULL,
    reference      TEXT NOT NULL,
    data           TEXT NOT NULL,
    at             {{.Time}} NOT NULL
);
CREATE INDEX event_scope ON event (tenant_id, authority_id, seq);

CREATE TABLE event_head (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq BIGINT NOT NULL
);
INSERT INTO event_head (id, last_seq) VALUES (1, 0);

-- Webhook delivery of one event to one client. state: pending, delivered,
-- dead (gave up after the retry window; redeliver by hand).
CREATE TABLE webhook_delivery (
    id           {{.ID}},
    client_id    BIGINT NOT NULL REFERENCES api_client (id),
    event_seq    BIGINT NOT NULL REFERENCES event (seq),
    state        TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT NOT NULL DEFAULT '',
    created_at   {{.Time}} NOT NULL,
    updated_at   {{.Time}} NOT NULL,
    UNIQUE (client_id, event_seq)
);
CREATE INDEX webhook_delivery_state ON webhook_delivery (client_id, state);

-- +goose Down
DROP TABLE webhook_delivery;
DROP TABLE event_head;
DROP TABLE event;
DROP TABLE api_ack;
DROP TABLE api_token;
DROP TABLE api_client;
