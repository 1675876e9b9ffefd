package catalog

import (
	"context"
	"fmt"
	"io"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// ImportLeiKa loads the LeiKa/OZG catalog CSV (see ReadLeiKa) into the
// shared service table in one transaction. It is idempotent: a second run
// with the same file reports every row unchanged. Rows with findings that
// make them unusable are all reported (Summary.Rejected, and an Invalid
// error) and nothing is written. Fields the CSV does not carry (texts,
// synonyms, assurance level, procedure, translations) are kept as they are;
// then the embedded content pack (ApplyContent) fills summaries and English
// texts that are still empty, in the same transaction. progress gets
// a progress line when it is a terminal; nil is fine.
func ImportLeiKa(ctx context.Context, db *store.DB, r io.Reader, file string, progress io.Writer) (Summary, error) {
	services, findings, err := ReadLeiKa(r, file)
	if err != nil {
		return Summary{File: file}, err
	}
	return runImport(ctx, db, file, findings, func(tx *store.Tx, sum *Summary) error {
		if err := saveServices(ctx, tx, services, leikaMerge, sum, newProgress(progress, "services", len(services))); err != nil {
			return err
		}
		if err := applyEmbeddedContent(ctx, tx); err != nil {
			return err
		}
		return finishImport(ctx, tx, 0, "catalog.import.leika", *sum)
	})
}

// leikaMerge keeps the fields of the stored service that the LeiKa CSV does
// not carry, translations included: a re-import never wipes them.
func leikaMerge(s Service, old *Service) Service {
	if old != nil {
		s.Synonyms, s.Texts, s.Assurance, s.ProcedureID = old.Synonyms, old.Texts, old.Assurance, old.ProcedureID
		s.Translations = old.Translations
	}
	return s
}

// saveServices upserts services, merging each with its stored version.
func saveServices(ctx context.Context, tx *store.Tx, services []Service, merge func(Service, *Service) Service, sum *Summary, p *progress) error {
	existing, err := servicesByKey(ctx, tx)
	if err != nil {
		return err
	}
	w, err := newServiceWriter(ctx, tx)
	if err != nil {
		return err
	}
	for _, s := range services {
		old := existing[s.Key]
		o, err := w.write(ctx, merge(s, old), old)
		if err != nil {
			return err
		}
		sum.count(o)
		p.step()
	}
	p.done()
	return nil
}

// finishImport bumps the catalog version when anything changed and writes
// the audit entry of the import, inside the import's transaction.
func finishImport(ctx context.Context, tx *store.Tx, tenantID tenant.ID, action string, sum Summary) error {
	if sum.Created+sum.Updated > 0 {
		if _, err := tx.ExecContext(ctx, "UPDATE catalog_version SET version = version + 1 WHERE id = 1"); err != nil {
			return fmt.Errorf("bump catalog version: %w", err)
		}
	}
	return audit.Append(ctx, tx, audit.Entry{
		TenantID: int64(tenantID), Actor: "import", Action: action, ObjectType: "file", ObjectID: sum.File,
		Details: map[string]any{
			"created": sum.Created, "updated": sum.Updated, "unchanged": sum.Unchanged,
			"skipped": sum.Skipped, "warnings": len(sum.Warnings),
		},
	})
}

// countSkipped counts the warnings about rows left out on purpose.
func countSkipped(warnings []Reject) int {
	n := 0
	for _, w := range warnings {
		if w.Skipped {
			n++
		}
	}
	return n
}
