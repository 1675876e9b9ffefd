package app

import (
	"context"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
)

// newApply builds the application workflow (drafts, uploads, submission,
// receipts) on the app's database, blobs and job queue, and registers its
// jobs (follow-up of a submission, receipt PDF, draft cleanup, orphan-blob
// sweep) and the event subscribers between apply and the back office
// (events.go) on the queue before it starts.
func (a *App) newApply(finder *catalog.Finder) (*apply.Service, error) {
	svc, err := apply.New(apply.Deps{DB: a.DB, Blobs: a.Blobs, Jobs: a.Jobs, Finder: finder,
		Places: places{a.DB}, PlaceNames: places{a.DB}, Log: a.log, Events: a.Events,
		Config: apply.Config{OrphanAge: a.cfg.BlobOrphanAge}})
	if err != nil {
		return nil, err
	}
	svc.RegisterJobs(a.Jobs)
	subscribe(a.Events, svc, a.Backoffice.Cases)
	return svc, nil
}

// places answers procedure's place checks from the region tree, through
// the pool or, inside a transaction, through it (apply.TxPlaceResolver).
type places struct{ db store.Querier }

// In implements apply.TxPlaceResolver.
func (p places) In(q store.Querier) procedure.PlaceResolver { return places{q} }

// PlaceName implements procedure.PlaceResolver.
func (p places) PlaceName(ctx context.Context, ars string) (string, error) {
	r, err := catalog.GetRegion(ctx, p.db, ars)
	return r.Name, err
}

// PlaceLabel implements apply.PlaceNamer: the name people read, with the
// district or state where the name alone is ambiguous.
func (p places) PlaceLabel(ctx context.Context, ars string) (string, error) {
	return catalog.PlaceLabel(ctx, p.db, ars)
}
