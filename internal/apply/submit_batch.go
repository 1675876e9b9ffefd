package apply

import (
	"context"
	"errors"
	"time"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// errRequeue: the application is already in the running batch; its second
// submission waits for the next batch (and then finds it submitted).
var errRequeue = errors.New("apply: submit again in the next batch")

// batchItem is one submission of a batch that passed the checks.
type batchItem struct {
	i    int // index in the batch
	r    *submitReq
	a    Application
	atts []Attachment
	slug string
	rc   Receipt
}

// commitBatch commits reqs in one transaction and answers each. If the
// transaction fails as a whole (a database error of one item, such as two
// applications racing for one idempotency key), each submission is tried
// again alone, so one bad item never fails the others.
func (s *Service) commitBatch(ctx context.Context, reqs []*submitReq) {
	var results []submitResult
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		results, err = s.writeBatch(ctx, tx, reqs)
		return err
	})
	if err != nil && len(reqs) > 1 {
		for _, r := range reqs {
			s.commitBatch(ctx, []*submitReq{r})
		}
		return
	}
	if err != nil {
		reqs[0].done <- submitResult{err: s.explainFailure(ctx, reqs[0], err)}
		return
	}
	var later []*submitReq
	for i, r := range reqs {
		if errors.Is(results[i].err, errRequeue) {
			later = append(later, r)
			continue
		}
		r.done <- results[i]
	}
	if len(later) > 0 {
		s.group.requeue(later)
	}
}

// explainFailure turns the unique-index error of an idempotency key that
// another application took meanwhile into fault.Conflict.
func (s *Service) explainFailure(ctx context.Context, r *submitReq, err error) error {
	if kerr := checkKey(ctx, s.db, r.p.app, r.key); kerr != nil && fault.Is(kerr, fault.Conflict) {
		return kerr
	}
	return err
}

// writeBatch is the batch transaction: first every submission's checks and
// the writes that touch no shared row, then — as the last statements
// before commit — the hot rows: reference counters, the applications'
// frozen answers with their references, the events and the audit entries.
// A refused submission gets its error in its result and writes nothing; a
// database error fails the whole batch.
func (s *Service) writeBatch(ctx context.Context, tx *store.Tx, reqs []*submitReq) ([]submitResult, error) {
	results := make([]submitResult, len(reqs))
	items, err := s.checkBatch(ctx, tx, reqs, results)
	if err != nil || len(items) == 0 {
		return results, err
	}
	for k := range items {
		it := &items[k]
		if results[it.i].dropped, err = dropUnreferenced(ctx, tx, it.atts, it.r.p.keep); err != nil {
			return nil, err
		}
	}
	if err := s.allocateReferences(ctx, tx, items); err != nil {
		return nil, err
	}
	evs := make([]events.Event, len(items))
	for k, it := range items {
		evs[k] = submittedEvent(it)
	}
	if evs, err = s.events.DeliverBatchTx(ctx, tx, evs); err != nil {
		return nil, err
	}
	entries := make([]audit.Entry, len(items))
	for k, it := range items {
		if err := s.storeSubmission(ctx, tx, it.a, it.r.key, it.r.p, it.rc); err != nil {
			return nil, err
		}
		entries[k] = submitAudit(it)
		results[it.i].rc = it.rc
	}
	if _, err := events.AppendBatchTx(ctx, tx, evs); err != nil {
		return nil, err
	}
	return results, audit.AppendBatch(ctx, tx, entries)
}

// allocateReferences takes each tenant's reference counter once for all of
// its submissions in the batch (gapless: the counter row stays locked until
// commit, and a rollback returns the numbers) and builds the receipts.
func (s *Service) allocateReferences(ctx context.Context, tx *store.Tx, items []batchItem) error {
	at := now()
	year := at.In(s.loc()).Year()
	count := map[tenant.ID]int64{}
	var order []tenant.ID
	for _, it := range items {
		if count[it.a.TenantID] == 0 {
			order = append(order, it.a.TenantID)
		}
		count[it.a.TenantID]++
	}
	next := map[tenant.ID]int64{}
	for _, t := range order {
		last, err := takeReferences(ctx, tx, t, year, count[t])
		if err != nil {
			return err
		}
		next[t] = last - count[t] + 1
	}
	for k := range items {
		it := &items[k]
		it.rc = newReceipt(it.a, it.r.p, it.atts, formatReference(it.slug, year, next[it.a.TenantID]), at)
		next[it.a.TenantID]++
	}
	return nil
}

// newReceipt builds the receipt of a submission.
func newReceipt(a Application, p prepared, atts []Attachment, ref string, at time.Time) Receipt {
	rc := Receipt{ApplicationID: a.ID, Reference: ref, SubmittedAt: at,
		ProcedureID: a.ProcedureID, Version: a.Version, Title: p.title, ServiceKey: a.ServiceKey,
		Authority: p.auth, Clearing: p.auth == nil, PayloadHash: p.hash}
	for _, t := range atts {
		if p.keep[t.ID] {
			rc.Attachments = append(rc.Attachments, ReceiptFile{ID: t.ID, FieldPath: t.FieldPath, Name: t.Name,
				MediaType: t.MediaType, Size: t.Size, SHA256: t.SHA256})
		}
	}
	return rc
}

// submittedEvent is the outbox event of a submission, for the API's feed
// and webhooks (package events).
func submittedEvent(it batchItem) events.Event {
	rc := it.rc
	ev := events.Event{Type: events.Submitted, TenantID: it.a.TenantID, ApplicationID: it.a.ID, Reference: rc.Reference,
		At: rc.SubmittedAt, Data: map[string]any{"procedureId": rc.ProcedureID, "procedureVersion": rc.Version, "clearing": rc.Clearing}}
	if rc.Authority != nil {
		ev.AuthorityID = rc.Authority.ID
	}
	return ev
}

// submitAudit is the audit entry of a submission.
func submitAudit(it batchItem) audit.Entry {
	details := map[string]any{"reference": it.rc.Reference, "clearing": it.rc.Clearing,
		"attachments": len(it.rc.Attachments), "payload_sha256": it.r.p.hash}
	if it.rc.Authority != nil {
		details["authority"] = it.rc.Authority.ID
	}
	return auditEntry(it.a, "application.submit", details)
}
