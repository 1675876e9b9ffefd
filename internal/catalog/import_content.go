package catalog

import (
	"bytes"
	"context"
	"io"

	"github.com/amtsweg/amtsweg/internal/store"
)

// ImportContent applies a content pack (see ReadContent) to the stored
// services in one transaction: the German summary only where the service
// has none (imported XZuFi texts are never overwritten), a language block
// only where the service has no text in that language yet. Entries for
// services that are not stored are skipped with a warning. A second run
// reports everything unchanged.
func ImportContent(ctx context.Context, db *store.DB, r io.Reader, file string) (Summary, error) {
	entries, findings, err := ReadContent(r, file)
	if err != nil {
		return Summary{File: file}, err
	}
	return runImport(ctx, db, file, findings, func(tx *store.Tx, sum *Summary) error {
		if err := applyContent(ctx, tx, entries, sum); err != nil {
			return err
		}
		return finishImport(ctx, tx, 0, "catalog.import.content", *sum)
	})
}

// ApplyContent applies the embedded content pack (Inhaltspaket); SeedDemo
// and the LeiKa import run it, so a fresh catalog has its texts.
func ApplyContent(ctx context.Context, db *store.DB) (Summary, error) {
	return ImportContent(ctx, db, bytes.NewReader(contentPack), "content/services.jsonl")
}

// applyEmbeddedContent applies the embedded pack inside an import's
// transaction without counting its rows in that import's summary; it bumps
// the catalog version itself when it changed a service.
func applyEmbeddedContent(ctx context.Context, tx *store.Tx) error {
	entries, err := EmbeddedContent()
	if err != nil {
		return err
	}
	var sum Summary
	if err := applyContent(ctx, tx, entries, &sum); err != nil || sum.Updated == 0 {
		return err
	}
	_, err = tx.ExecContext(ctx, "UPDATE catalog_version SET version = version + 1 WHERE id = 1")
	return wrapErr(err, "bump catalog version")
}

// applyContent writes the entries' texts into the stored services; keys
// not stored are skipped with a warning.
func applyContent(ctx context.Context, tx *store.Tx, entries []ContentEntry, sum *Summary) error {
	existing, err := servicesByKey(ctx, tx)
	if err != nil {
		return err
	}
	w, err := newServiceWriter(ctx, tx)
	if err != nil {
		return err
	}
	for _, e := range entries {
		old := existing[e.Key]
		if old == nil {
			sum.Warnings = append(sum.Warnings, Reject{File: sum.File, Line: e.Line, Field: "key",
				Reason: "no stored service " + e.Key, Kept: true, Skipped: true})
			sum.Skipped++
			continue
		}
		o, err := w.write(ctx, contentMerge(*old, e), old)
		if err != nil {
			return err
		}
		sum.count(o)
	}
	return nil
}

// contentMerge fills what s still lacks from e: the German summary, and
// each language the service has no text in yet.
func contentMerge(s Service, e ContentEntry) Service {
	if s.Texts.Summary == "" {
		s.Texts.Summary = e.DE.Summary
	}
	for lang, t := range e.translations() {
		if have, ok := s.Translations[lang]; ok && !have.empty() {
			continue
		}
		s.Translations = mergeTranslations(s.Translations, map[string]Translation{lang: t})
	}
	return s
}
