-- +goose Up
-- A service's name, search words and texts in languages other than German
-- (Übersetzungen, catalog.Service.Translations): a JSON object keyed by
-- language, e.g. {"en": {"name": "Dog tax", "synonyms": [...], "texts": {...}}}.
-- Filled by XZuFi imports with English text modules and by the content pack
-- (internal/catalog/content); a LeiKa re-import keeps it.
ALTER TABLE service ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';

-- +goose Down
ALTER TABLE service DROP COLUMN translations;
