-- +goose Up
-- Tenant branding: an optional logo (a same-origin path to a static asset),
-- a theme (JSON object of allowed KERN colour properties, rendered into
-- /static/tenant/{slug}.css) and the tenant's own imprint and privacy texts
-- (empty: the portal's generic texts are shown).
ALTER TABLE tenant ADD COLUMN logo_url TEXT NOT NULL DEFAULT '';
ALTER TABLE tenant ADD COLUMN theme TEXT NOT NULL DEFAULT '';
ALTER TABLE tenant ADD COLUMN imprint TEXT NOT NULL DEFAULT '';
ALTER TABLE tenant ADD COLUMN privacy TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE tenant DROP COLUMN privacy;
ALTER TABLE tenant DROP COLUMN imprint;
ALTER TABLE tenant DROP COLUMN theme;
ALTER TABLE tenant DROP COLUMN logo_url;
