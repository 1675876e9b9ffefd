-- +goose Up
-- External identities (OpenID Connect) linked to an account: the provider's
-- issuer and the subject it names the person by. A login through the
-- provider finds the account by this link first.
CREATE TABLE account_identity (
    tenant_id  BIGINT NOT NULL REFERENCES tenant (id),
    issuer     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    account_id BIGINT NOT NULL REFERENCES account (id),
    created_at {{.Time}} NOT NULL,
    PRIMARY KEY (tenant_id, issuer, subject)
);
CREATE INDEX account_identity_account ON account_identity (account_id);

-- +goose Down
DROP TABLE account_identity;
