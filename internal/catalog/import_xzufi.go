package catalog

import (
	"context"
	"io"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// ImportXZuFi loads an XZuFi 2.2 message (see ReadXZuFi for the subset)
// for one tenant in one transaction: leistungen update or add services,
// organisationseinheiten become authorities, zuständigkeiten become
// responsibilities. Unlike the JSON import, one bad object does not stop
// the file: it is reported (a warning marked Skipped, with file, line and
// element) and left out, and so is a zuständigkeit whose gebietID is no
// region of the catalog; AGS are turned into ARS here. A second run
// reports everything unchanged.
func ImportXZuFi(ctx context.Context, db *store.DB, tenantID tenant.ID, r io.Reader, file string, progress io.Writer) (Summary, error) {
	f, findings, err := ReadXZuFi(r, file)
	if err != nil {
		return Summary{File: file}, err
	}
	return runImport(ctx, db, file, findings, func(tx *store.Tx, sum *Summary) error {
		resp, skipped, err := resolveAreas(ctx, tx, file, f.Responsibilities)
		if err != nil {
			return err
		}
		f.Responsibilities = resp
		sum.Warnings = append(sum.Warnings, skipped...)
		sum.Skipped += len(skipped)
		return importAuthorityFile(ctx, tx, tenantID, f, xzufiMerge, "catalog.import.xzufi", sum, progress)
	})
}

// xzufiMerge lays what an XZuFi leistung says over the stored service:
// name, search words, text sections, legal basis and texts in other languages
// (translations) where the message has them; the catalog fields (OZG, life
// situation, type, flags, procedure) stay.
func xzufiMerge(s Service, old *Service) Service {
	s.Source = "xzufi"
	if old == nil {
		if s.Name == "" {
			s.Name = s.Key
		}
		return s
	}
	m := *old
	if s.Name != "" {
		m.Name = s.Name
	}
	m.Texts = mergeTexts(old.Texts, s.Texts)
	if len(s.Synonyms) > 0 {
		m.Synonyms = s.Synonyms
	}
	if len(s.LegalBasis) > 0 {
		m.LegalBasis = s.LegalBasis
	}
	m.Translations = mergeTranslations(old.Translations, s.Translations)
	return m
}
