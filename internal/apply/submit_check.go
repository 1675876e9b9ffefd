package apply

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// checkBatch locks and re-checks each submission of a batch; refusals go
// to results. The applications, the idempotency keys and the attachments
// of the whole batch are read with one query each.
func (s *Service) checkBatch(ctx context.Context, tx *store.Tx, reqs []*submitReq, results []submitResult) ([]batchItem, error) {
	ids := make([]int64, 0, len(reqs))
	inBatch := map[int64]bool{}
	for i, r := range reqs {
		if inBatch[r.p.app.ID] {
			results[i].err = errRequeue
			continue
		}
		inBatch[r.p.app.ID] = true
		ids = append(ids, r.p.app.ID)
	}
	apps, err := s.lockApps(ctx, tx, ids)
	if err != nil {
		return nil, err
	}
	used, err := usedKeys(ctx, tx, reqs)
	if err != nil {
		return nil, err
	}
	atts, err := batchAttachments(ctx, tx, ids)
	if err != nil {
		return nil, err
	}
	var items []batchItem
	for i, r := range reqs {
		if results[i].err != nil {
			continue
		}
		l, err := checkLocked(apps[r.p.app.ID], r, used)
		if err != nil {
			results[i].err = err
			continue
		}
		used[keyOf(l.TenantID, r.key)] = l.ID
		items = append(items, batchItem{i: i, r: r, a: l.Application, atts: atts[l.ID]})
	}
	return items, s.tenantSlugs(ctx, tx, items)
}

// lockedApp is an application row read (and locked) by the batch.
type lockedApp struct {
	Application
	resumeHash string
}

// lockApps reads and locks (on PostgreSQL; SQLite's write transactions are
// serial anyway) the batch's applications, in id order.
func (s *Service) lockApps(ctx context.Context, tx *store.Tx, ids []int64) (map[int64]lockedApp, error) {
	query := `SELECT ` + appColumns + `, COALESCE(resume_hash, '') FROM application WHERE id IN (` + list(len(ids)) + `) ORDER BY id` + tx.ForUpdate()
	rows, err := tx.QueryContext(ctx, query, anys(ids)...)
	if err != nil {
		return nil, fmt.Errorf("apply: lock applications: %w", err)
	}
	out := map[int64]lockedApp{}
	err = store.ForEach(rows, nil, func(row store.Row) error {
		var l lockedApp
		if l.Application, err = scanApp(rowsExtra{rows, &l.resumeHash}); err != nil {
			return fmt.Errorf("apply: read application: %w", err)
		}
		out[l.ID] = l
		return nil
	})
	return out, err
}

// checkLocked checks that a submission's application is still the draft
// that was validated, of its owner, and that its key is free.
func checkLocked(l lockedApp, r *submitReq, used map[string]int64) (lockedApp, error) {
	other, taken := used[keyOf(l.TenantID, r.key)]
	switch {
	case l.ID == 0 || !owns(l.Application, l.resumeHash, r.owner, time.Now()):
		return l, notFound(r.p.app.ID)
	case taken && other != l.ID:
		return l, keyConflict()
	case l.Status == Submitted:
		return l, errAlreadySubmitted
	case !l.UpdatedAt.Equal(r.p.app.UpdatedAt):
		return l, errChanged
	}
	return l, nil
}

func keyOf(tenantID tenant.ID, key string) string {
	return tenantID.String() + "\x00" + key
}

// usedKeys maps the batch's idempotency keys already taken (tenant and
// key) to their applications.
func usedKeys(ctx context.Context, tx *store.Tx, reqs []*submitReq) (map[string]int64, error) {
	keys := make([]any, len(reqs))
	for i, r := range reqs {
		keys[i] = r.key
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, tenant_id, submit_key FROM application WHERE submit_key IN (`+list(len(keys))+`)`, keys...)
	if err != nil {
		return nil, fmt.Errorf("apply: check idempotency keys: %w", err)
	}
	out := map[string]int64{}
	err = store.ForEach(rows, nil, func(row store.Row) error {
		var id int64
		var tenantID tenant.ID
		var key string
		if err := row.Scan(&id, &tenantID, &key); err != nil {
			return err
		}
		out[keyOf(tenantID, key)] = id
		return nil
	})
	return out, err
}

// batchAttachments returns the attachments of the applications ids.
func batchAttachments(ctx context.Context, tx *store.Tx, ids []int64) (map[int64][]Attachment, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+attachmentColumns+` FROM application_attachment
		WHERE application_id IN (`+list(len(ids))+`) ORDER BY id`, anys(ids)...)
	if err != nil {
		return nil, fmt.Errorf("apply: list attachments: %w", err)
	}
	out := map[int64][]Attachment{}
	err = store.ForEach(rows, nil, func(row store.Row) error {
		t, err := scanAttachment(row)
		if err != nil {
			return err
		}
		out[t.ApplicationID] = append(out[t.ApplicationID], t)
		return nil
	})
	return out, err
}

// tenantSlugs fills in the items' tenant slugs (the references' prefix).
func (s *Service) tenantSlugs(ctx context.Context, tx *store.Tx, items []batchItem) error {
	slugs := map[tenant.ID]string{}
	for k := range items {
		t := items[k].a.TenantID
		if _, ok := slugs[t]; !ok {
			slug, err := tenant.SlugOf(ctx, tx, t)
			if err != nil {
				return fmt.Errorf("apply: tenant %d: %w", t, err)
			}
			slugs[t] = slug
		}
		items[k].slug = slugs[t]
	}
	return nil
}

// list is "$1, $2, …" with n placeholders, for IN (…).
func list(n int) string {
	p := store.Placeholders(1, n)
	return p[1 : len(p)-1]
}

func anys(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// rowsExtra appends one destination to a result row's Scan.
type rowsExtra struct {
	rows  *sql.Rows
	extra any
}

func (s rowsExtra) Scan(dest ...any) error { return s.rows.Scan(append(dest, s.extra)...) }
