package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

const serviceColumns = `id, service_key, COALESCE(leika_key, ''), name, synonyms, audience,
	life_situation, topic, ozg_id, ozg_name, service_type, texts, legal_basis,
	assurance_level, COALESCE(procedure_id, 0), placeholder, flags, source, translations`

// scanService reads one row of serviceColumns.
func scanService(row interface{ Scan(...any) error }) (Service, error) {
	var s Service
	var synonyms, texts, legal, flags, translations string
	err := row.Scan(&s.ID, &s.Key, &s.LeiKaKey, &s.Name, &synonyms, &s.Audience,
		&s.LifeSituation, &s.Topic, &s.OZGID, &s.OZGName, &s.Type, &texts, &legal,
		&s.Assurance, &s.ProcedureID, &s.Placeholder, &flags, &s.Source, &translations)
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal([]byte(synonyms), &s.Synonyms); err != nil {
		return s, fmt.Errorf("service %s: synonyms: %w", s.Key, err)
	}
	if err := json.Unmarshal([]byte(texts), &s.Texts); err != nil {
		return s, fmt.Errorf("service %s: texts: %w", s.Key, err)
	}
	if err := json.Unmarshal([]byte(legal), &s.LegalBasis); err != nil {
		return s, fmt.Errorf("service %s: legal basis: %w", s.Key, err)
	}
	if flags != "" {
		s.Flags = strings.Split(flags, ",")
	}
	if err := unmarshalTranslations(translations, &s.Translations); err != nil {
		return s, fmt.Errorf("service %s: translations: %w", s.Key, err)
	}
	return s, nil
}

// GetService returns the service with key (a LeiKa key or a local key).
func GetService(ctx context.Context, q store.Querier, key string) (Service, error) {
	s, err := scanService(q.QueryRowContext(ctx, "SELECT "+serviceColumns+" FROM service WHERE service_key = $1", key))
	if errors.Is(err, sql.ErrNoRows) {
		return s, fault.New(fault.NotFound, "no service with key %s", key)
	}
	if err != nil {
		return s, fmt.Errorf("get service %s: %w", key, err)
	}
	return s, nil
}

// ListServices returns all services ordered by name (about 5,000 rows; the
// search index and the admin pages read them all).
func ListServices(ctx context.Context, q store.Querier) ([]Service, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+serviceColumns+" FROM service ORDER BY name, service_key")
	if err != nil {
		return nil, fmt.Errorf("list services: %w", err)
	}
	out, err := store.Collect(rows, nil, scanService)
	if err != nil {
		return nil, fmt.Errorf("list services: %w", err)
	}
	return out, nil
}

// serviceWriter inserts and updates services with prepared statements
// inside one import transaction.
type serviceWriter struct {
	insert, update *sql.Stmt
	now            time.Time
}

func newServiceWriter(ctx context.Context, tx *store.Tx) (*serviceWriter, error) {
	const cols = `service_key, leika_key, name, synonyms, audience, life_situation, topic,
		ozg_id, ozg_name, service_type, texts, legal_basis, assurance_level, procedure_id,
		placeholder, flags, source, translations, updated_at`
	ins, err := tx.PrepareContext(ctx, "INSERT INTO service ("+cols+`) VALUES
		($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`)
	if err != nil {
		return nil, fmt.Errorf("prepare service insert: %w", err)
	}
	upd, err := tx.PrepareContext(ctx, `UPDATE service SET leika_key = $2, name = $3, synonyms = $4,
		audience = $5, life_situation = $6, topic = $7, ozg_id = $8, ozg_name = $9, service_type = $10,
		texts = $11, legal_basis = $12, assurance_level = $13, procedure_id = $14, placeholder = $15,
		flags = $16, source = $17, translations = $18, updated_at = $19 WHERE service_key = $1`)
	if err != nil {
		return nil, fmt.Errorf("prepare service update: %w", err)
	}
	return &serviceWriter{insert: ins, update: upd, now: time.Now().UTC()}, nil
}

// write inserts s, or updates the stored row old when s differs from it.
func (w *serviceWriter) write(ctx context.Context, s Service, old *Service) (outcome, error) {
	if old != nil && sameService(s, *old) {
		return unchanged, nil
	}
	args, err := serviceArgs(s)
	if err != nil {
		return unchanged, err
	}
	args = append(args, w.now)
	if old == nil {
		_, err = w.insert.ExecContext(ctx, args...)
		return created, wrapErr(err, "insert service %s", s.Key)
	}
	_, err = w.update.ExecContext(ctx, args...)
	return updated, wrapErr(err, "update service %s", s.Key)
}

// serviceArgs are the column values of s in the writer's column order.
func serviceArgs(s Service) ([]any, error) {
	syn, err := json.Marshal(nonNil(s.Synonyms))
	if err != nil {
		return nil, err
	}
	texts, err := json.Marshal(s.Texts)
	if err != nil {
		return nil, err
	}
	legal, err := json.Marshal(nonNil(s.LegalBasis))
	if err != nil {
		return nil, err
	}
	tr, err := marshalTranslations(s.Translations)
	if err != nil {
		return nil, err
	}
	return []any{s.Key, nullString(s.LeiKaKey), s.Name, string(syn), string(s.Audience), s.LifeSituation,
		s.Topic, s.OZGID, s.OZGName, s.Type, string(texts), string(legal), string(s.Assurance),
		nullInt(s.ProcedureID), s.Placeholder, strings.Join(s.Flags, ","), s.Source, tr}, nil
}

// sameService compares everything an import can change.
func sameService(a, b Service) bool {
	a.ID, b.ID = 0, 0
	return a.Key == b.Key && a.LeiKaKey == b.LeiKaKey && a.Name == b.Name &&
		slices.Equal(a.Synonyms, b.Synonyms) && a.Audience == b.Audience &&
		a.LifeSituation == b.LifeSituation && a.Topic == b.Topic && a.OZGID == b.OZGID &&
		a.OZGName == b.OZGName && a.Type == b.Type && a.Texts == b.Texts &&
		slices.Equal(a.LegalBasis, b.LegalBasis) && a.Assurance == b.Assurance &&
		a.ProcedureID == b.ProcedureID && a.Placeholder == b.Placeholder &&
		slices.Equal(a.Flags, b.Flags) && a.Source == b.Source &&
		sameTranslations(a.Translations, b.Translations)
}

// servicesByKey loads all stored services into a map by key.
func servicesByKey(ctx context.Context, q store.Querier) (map[string]*Service, error) {
	all, err := ListServices(ctx, q)
	if err != nil {
		return nil, err
	}
	m := make(map[string]*Service, len(all))
	for i := range all {
		m[all[i].Key] = &all[i]
	}
	return m, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullInt(n int64) any {
	if n == 0 {
		return nil
	}
	return n
}

// wrapErr wraps err with a formatted context, or returns nil.
func wrapErr(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
