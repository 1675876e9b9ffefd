-- +goose Up
-- The tenant's FIT-Connect signing key (Signaturschlüssel): RSA 4096 for
-- PS512, with which the routing answer signs a destination's addressing
-- data (destinationSignature) and its parameters
-- (destinationParametersSignature), as the FIT-Connect Self-Service
-- Portal and Zustelldienst do. public_jwk is published as the tenant's
-- JWKS (/.well-known/jwks.json); the private key is stored only sealed
-- with the tenant's data key (package blob/keyring, SealValue), base64.
-- Several rows per tenant allow a rollover: the newest signs, all are
-- published.
CREATE TABLE fitconnect_signing_key (
    tenant_id      BIGINT NOT NULL REFERENCES tenant (id),
    kid            TEXT NOT NULL,
    public_jwk     TEXT NOT NULL,
    private_sealed TEXT NOT NULL,
    created_at     {{.Time}} NOT NULL,
    PRIMARY KEY (tenant_id, kid)
);

-- +goose Down
DROP TABLE fitconnect_signing_key;
