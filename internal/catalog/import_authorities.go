package catalog

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// ImportAuthorities loads an AuthorityFile (JSON, see ReadAuthorities and
// docs/import-formats.md) for one tenant in one transaction: extra
// services, then authorities, then responsibilities. Every reference (a
// parent authority, a service key or group, a region ARS, an authority
// key) must resolve to the file or the database, otherwise the entry is
// rejected; with any rejected entry nothing is written. Idempotent. The
// counts of the summary add up services, authorities and responsibilities.
func ImportAuthorities(ctx context.Context, db *store.DB, tenantID tenant.ID, r io.Reader, file string, progress io.Writer) (Summary, error) {
	f, findings, err := ReadAuthorities(r, file)
	if err != nil {
		return Summary{File: file}, err
	}
	return runImport(ctx, db, file, findings, func(tx *store.Tx, sum *Summary) error {
		return importAuthorityFile(ctx, tx, tenantID, f, keepProcedure, "catalog.import.authorities", sum, progress)
	})
}

// importAuthorityFile writes f inside tx; rejects found against the stored
// data fail the transaction.
func importAuthorityFile(ctx context.Context, tx *store.Tx, tenantID tenant.ID, f AuthorityFile,
	merge func(Service, *Service) Service, action string, sum *Summary, progress io.Writer) error {
	if _, err := tenant.SlugOf(ctx, tx, tenantID); err != nil {
		return err
	}
	p := newProgress(progress, "entries", len(f.Services)+len(f.Authorities)+len(f.Responsibilities))
	services := make([]Service, len(f.Services))
	for i, e := range f.Services {
		services[i] = e.service()
	}
	if err := saveServices(ctx, tx, services, merge, sum, p); err != nil {
		return err
	}
	ids, err := saveAuthorities(ctx, tx, tenantID, f.Authorities, sum, p)
	if err != nil {
		return err
	}
	if err := saveResponsibilities(ctx, tx, tenantID, f.Responsibilities, ids, sum, p); err != nil {
		return err
	}
	p.done()
	if len(sum.Rejected) > 0 {
		return rejectedError(sum.File, sum.Rejected)
	}
	return finishImport(ctx, tx, tenantID, action, *sum)
}

// service turns an extra-service entry into a Service.
func (e ServiceEntry) service() Service {
	s := Service{Key: e.Key, Name: cleanSpace(e.Name), Synonyms: e.Synonyms, Audience: e.Audience,
		LifeSituation: e.LifeSituation, Topic: e.Topic, Texts: e.Texts, LegalBasis: e.LegalBasis,
		Assurance: e.Assurance, Source: "import", Flags: []string{"no-leika-key"}, Translations: e.Translations}
	if ValidLeiKaKey(s.Key) {
		s.LeiKaKey, s.Flags = s.Key, nil
	}
	if s.Audience == AudienceAny {
		s.Audience = AudienceBoth
	}
	s.Texts = s.Texts.sanitized()
	for lang, t := range s.Translations {
		t.Texts = t.Texts.sanitized()
		s.Translations[lang] = t
	}
	return s
}

// keepProcedure keeps the procedure link of a stored service, and its
// translations in the languages the entry does not bring.
func keepProcedure(s Service, old *Service) Service {
	if old != nil {
		s.ProcedureID = old.ProcedureID
		s.Translations = mergeTranslations(old.Translations, s.Translations)
	}
	return s
}

// saveAuthorities upserts the authorities and then links their parents;
// it returns the ids of all authorities of the tenant by key.
func saveAuthorities(ctx context.Context, tx *store.Tx, tenantID tenant.ID, entries []AuthorityEntry, sum *Summary, p *progress) (map[string]int64, error) {
	stored, err := queryAuthorities(ctx, tx, "SELECT "+authorityColumns+" FROM authority WHERE tenant_id = $1", tenantID)
	if err != nil {
		return nil, err
	}
	old := map[string]Authority{}
	ids := map[string]int64{}
	for _, a := range stored {
		old[a.Key], ids[a.Key] = a, a.ID
	}
	now := time.Now().UTC()
	outcomes := make([]outcome, len(entries))
	for i, e := range entries {
		a := e.authority(tenantID)
		prev, have := old[e.Key]
		if have {
			a.ID, a.ParentID = prev.ID, prev.ParentID
		}
		switch {
		case !have:
			err = tx.QueryRowContext(ctx, `INSERT INTO authority (tenant_id, authority_key, name, kind, street, postcode,
				city, phone, email, web, opening_hours, example, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`, authorityArgs(a, now)...).Scan(&a.ID)
			outcomes[i] = created
		case a != prev:
			_, err = tx.ExecContext(ctx, `UPDATE authority SET name = $3, kind = $4, street = $5, postcode = $6, city = $7,
				phone = $8, email = $9, web = $10, opening_hours = $11, example = $12, updated_at = $13
				WHERE tenant_id = $1 AND authority_key = $2`, authorityArgs(a, now)...)
			outcomes[i] = updated
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%d: save authority %s: %w", sum.File, e.Line, e.Key, err)
		}
		ids[e.Key] = a.ID
	}
	for i, e := range entries {
		o, err := linkParent(ctx, tx, tenantID, e, ids, old[e.Key].ParentID, now, sum)
		if err != nil {
			return nil, err
		}
		if outcomes[i] != unchanged {
			o = outcomes[i] // a new authority with its parent is still "created"
		}
		sum.count(o)
		p.step()
	}
	return ids, nil
}

func (e AuthorityEntry) authority(tenantID tenant.ID) Authority {
	return Authority{TenantID: tenantID, Key: e.Key, Name: cleanSpace(e.Name), Kind: e.Kind, Address: e.Address,
		Phone: e.Phone, Email: e.Email, Web: e.Web, OpeningHours: e.OpeningHours, Example: e.Example}
}

func authorityArgs(a Authority, now time.Time) []any {
	return []any{a.TenantID, a.Key, a.Name, a.Kind, a.Address.Street, a.Address.Postcode, a.Address.City,
		a.Phone, a.Email, a.Web, a.OpeningHours, a.Example, now}
}

// linkParent sets the parent of one authority when it changed; an unknown
// parent key is a reject.
func linkParent(ctx context.Context, tx *store.Tx, tenantID tenant.ID, e AuthorityEntry, ids map[string]int64, oldParent int64, now time.Time, sum *Summary) (outcome, error) {
	var parent int64
	if e.Parent != "" {
		id, ok := ids[e.Parent]
		if !ok {
			sum.Rejected = append(sum.Rejected, Reject{File: sum.File, Line: e.Line, Field: "parent", Reason: fmt.Sprintf("no authority %q in the file or the database", e.Parent)})
			return unchanged, nil
		}
		parent = id
	}
	if parent == oldParent {
		return unchanged, nil
	}
	_, err := tx.ExecContext(ctx, "UPDATE authority SET parent_id = $1, updated_at = $2 WHERE id = $3", nullInt(parent), now, ids[e.Key])
	return updated, wrapErr(err, "%s:%d: set parent of %s", sum.File, e.Line, e.Key)
}
