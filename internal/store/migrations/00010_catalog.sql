-- +goose Up
-- Service (Leistung), shared by all tenants. service_key is the LeiKa key or
-- a local key for services without one; leika_key is NULL then.
CREATE TABLE service (
    id              {{.ID}},
    service_key     TEXT NOT NULL UNIQUE,
    leika_key       TEXT UNIQUE,
    name            TEXT NOT NULL,
    synonyms        TEXT NOT NULL DEFAULT '[]',
    audience        TEXT NOT NULL DEFAULT 'both',
    life_situation  TEXT NOT NULL DEFAULT '',
    topic           TEXT NOT NULL DEFAULT '',
    ozg_id          TEXT NOT NULL DEFAULT '',
    ozg_name        TEXT NOT NULL DEFAULT '',
    service_type    TEXT NOT NULL DEFAULT '',
    texts           TEXT NOT NULL DEFAULT '{}',
    legal_basis     TEXT NOT NULL DEFAULT '[]',
    assurance_level TEXT NOT NULL DEFAULT '',
    procedure_id    BIGINT,
    placeholder     {{.Bool}} NOT NULL DEFAULT FALSE,
    flags           TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL DEFAULT '',
    updated_at      {{.Time}} NOT NULL
);

-- Region (Gebiet): the official tree keyed by the 12-digit ARS. Where several
-- levels share one ARS (kreisfreie Stadt = Kreis = Gemeindeverband =
-- Gemeinde; Berlin, Hamburg = Land too) there is one row at the most
-- specific level. level: 0 Deutschland, 1 Land, 2 Regierungsbezirk, 3 Kreis,
-- 4 Gemeindeverband, 5 Gemeinde.
CREATE TABLE region (
    ars         TEXT PRIMARY KEY,
    ags         TEXT NOT NULL DEFAULT '',
    level       INTEGER NOT NULL,
    kind        TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    parent_ars  TEXT REFERENCES region (ars),
    population  BIGINT,
    area_km2    DOUBLE PRECISION,
    postcode    TEXT NOT NULL DEFAULT '',
    latitude    DOUBLE PRECISION,
    longitude   DOUBLE PRECISION
);
CREATE INDEX region_parent ON region (parent_ars);
CREATE INDEX region_ags ON region (ags);
CREATE INDEX region_name_folded ON region (name_folded);
-- The root for nationwide responsibilities.
INSERT INTO region (ars, level, kind, name, name_folded) VALUES ('000000000000', 0, 'Bund', 'Deutschland', 'deutschland');

-- Postal codes of a Gemeinde; one code may cover several Gemeinden and one
-- Gemeinde several codes.
CREATE TABLE region_postcode (
    postcode     TEXT NOT NULL,
    ars          TEXT NOT NULL REFERENCES region (ars),
    place        TEXT NOT NULL,
    place_folded TEXT NOT NULL,
    PRIMARY KEY (postcode, ars, place)
);
CREATE INDEX region_postcode_ars ON region_postcode (ars);
CREATE INDEX region_postcode_place ON region_postcode (place_folded);

-- Authority (Behörde / Organisationseinheit) of a tenant. authority_key is
-- the stable id of the source (JSON import key, XZuFi id).
CREATE TABLE authority (
    id            {{.ID}},
    tenant_id     BIGINT NOT NULL REFERENCES tenant (id),
    authority_key TEXT NOT NULL,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL DEFAULT '',
    street        TEXT NOT NULL DEFAULT '',
    postcode      TEXT NOT NULL DEFAULT '',
    city          TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    web           TEXT NOT NULL DEFAULT '',
    opening_hours TEXT NOT NULL DEFAULT '',
    parent_id     BIGINT REFERENCES authority (id),
    example       {{.Bool}} NOT NULL DEFAULT FALSE,
    updated_at    {{.Time}} NOT NULL,
    UNIQUE (tenant_id, authority_key)
);

-- Responsibility (Zuständigkeit): service (a service key, or an 8-digit LeiKa
-- group) × region → authority, optionally for one audience ('' = all).
CREATE TABLE responsibility (
    id           {{.ID}},
    tenant_id    BIGINT NOT NULL REFERENCES tenant (id),
    service_key  TEXT NOT NULL,
    region_ars   TEXT NOT NULL REFERENCES region (ars),
    audience     TEXT NOT NULL DEFAULT '',
    authority_id BIGINT NOT NULL REFERENCES authority (id),
    updated_at   {{.Time}} NOT NULL,
    UNIQUE (tenant_id, service_key, region_ars, audience)
);
CREATE INDEX responsibility_lookup ON responsibility (tenant_id, service_key);

-- Bumped by every catalog change, so in-memory finder indexes in any
-- process notice that they are stale.
CREATE TABLE catalog_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO catalog_version (id, version) VALUES (1, 0);

-- +goose Down
DROP TABLE catalog_version;
DROP TABLE responsibility;
DROP TABLE authority;
DROP TABLE region_postcode;
DROP TABLE region;
DROP TABLE service;
