-- +goose Up
-- Account (Konto): one person's login within a tenant — a citizen, a member
-- of a business (Unternehmen) or a staff member. state: unverified, active,
-- deleted (a tombstone without personal data). locked_until is the
-- temporary lock (Sperre) after repeated failed logins or by an admin.
-- email_norm is NULL once deleted, so the address may be used again.
CREATE TABLE account (
    id            {{.ID}},
    tenant_id     BIGINT NOT NULL REFERENCES tenant (id),
    kind          TEXT NOT NULL,
    state         TEXT NOT NULL,
    email         TEXT NOT NULL DEFAULT '',
    email_norm    TEXT,
    name          TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL DEFAULT '',
    locked_until  {{.Time}},
    created_at    {{.Time}} NOT NULL,
    verified_at   {{.Time}},
    last_login_at {{.Time}},
    deleted_at    {{.Time}}
);
CREATE UNIQUE INDEX account_email ON account (tenant_id, email_norm);

-- Staff role (Rolle) of an account at an authority (Behörde). authority_id
-- references the catalog's authority by value only; 0 means the whole
-- tenant (tenant admins).
CREATE TABLE staff_role (
    account_id   BIGINT NOT NULL REFERENCES account (id),
    authority_id BIGINT NOT NULL,
    role         TEXT NOT NULL,
    PRIMARY KEY (account_id, authority_id, role)
);

-- Organisation (Unternehmen/Organisation) behind a business account and
-- its members; at least one member is an admin.
CREATE TABLE organisation (
    id         {{.ID}},
    tenant_id  BIGINT NOT NULL REFERENCES tenant (id),
    name       TEXT NOT NULL,
    created_at {{.Time}} NOT NULL
);
CREATE TABLE org_member (
    org_id     BIGINT NOT NULL REFERENCES organisation (id),
    account_id BIGINT NOT NULL REFERENCES account (id),
    admin      {{.Bool}} NOT NULL,
    created_at {{.Time}} NOT NULL,
    PRIMARY KEY (org_id, account_id)
);
CREATE INDEX org_member_account ON org_member (account_id);

-- Single-use, expiring, purpose-bound tokens (e-mail verification,
-- password reset, e-mail change); only the SHA-256 of the token is kept.
CREATE TABLE account_token (
    id         {{.ID}},
    account_id BIGINT NOT NULL REFERENCES account (id),
    purpose    TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    data       TEXT NOT NULL DEFAULT '',
    expires_at {{.Time}} NOT NULL,
    used_at    {{.Time}},
    created_at {{.Time}} NOT NULL
);
CREATE INDEX account_token_account ON account_token (account_id);

-- Failed-login counters shared by all processes. subject is "e:" plus a
-- hash of the tenant and e-mail (the same for known and unknown addresses,
-- so locks do not reveal which exist) or "a:" plus the client address.
CREATE TABLE login_throttle (
    tenant_id    BIGINT NOT NULL,
    subject      TEXT NOT NULL,
    failures     INTEGER NOT NULL,
    window_start {{.Time}} NOT NULL,
    locked_until {{.Time}},
    lockouts     INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, subject)
);

-- Second factor: TOTP secret and the last accepted time step (replay
-- protection); recovery codes stored hashed.
CREATE TABLE account_totp (
    account_id   BIGINT PRIMARY KEY REFERENCES account (id),
    secret       {{.Bytes}} NOT NULL,
    confirmed_at {{.Time}},
    last_step    BIGINT NOT NULL,
    created_at   {{.Time}} NOT NULL
);
CREATE TABLE account_recovery_code (
    id         {{.ID}},
    account_id BIGINT NOT NULL REFERENCES account (id),
    code_hash  TEXT NOT NULL,
    used_at    {{.Time}}
);
CREATE INDEX account_recovery_code_account ON account_recovery_code (account_id);

-- Server-side sessions (Sitzungen); only the SHA-256 of the cookie value is
-- kept. stage says what the login still lacks (second factor, enrolment).
CREATE TABLE account_session (
    id           {{.ID}},
    token_hash   TEXT NOT NULL UNIQUE,
    account_id   BIGINT NOT NULL REFERENCES account (id),
    tenant_id    BIGINT NOT NULL,
    level        TEXT NOT NULL,
    method       TEXT NOT NULL,
    stage        TEXT NOT NULL,
    user_agent   TEXT NOT NULL,
    created_at   {{.Time}} NOT NULL,
    last_seen_at {{.Time}} NOT NULL
);
CREATE INDEX account_session_account ON account_session (account_id);

-- +goose Down
DROP TABLE account_session;
DROP TABLE account_recovery_code;
DROP TABLE account_totp;
DROP TABLE login_throttle;
DROP TABLE account_token;
DROP TABLE org_member;
DROP TABLE organisation;
DROP TABLE staff_role;
DROP TABLE account;
