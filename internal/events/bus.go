package events

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Handler is a subscriber (Abonnent): it handles one committed event. It
// runs as a job, at least once, so it must be idempotent; an error is
// retried with the queue's backoff, jobs.Permanent discards the delivery.
// The event carries its id, type, tenant, ids, reference, data and time;
// not its feed position (Seq is 0): deliveries are enqueued before the
// outbox row takes its position.
type Handler func(ctx context.Context, e Event) error

// Subscriber is one subscriber of an event type: its Name is its job kind
// (stable, unique, never personal), Handle its handler. A capability lists
// its subscribers for the composition (package app) to register.
type Subscriber struct {
	Type   Type
	Name   string
	Handle Handler
}

// Bus delivers committed events to in-process subscribers through the job
// queue: publishing an event inside the change's transaction enqueues one
// job per subscriber of its type in that same transaction, so a committed
// change always reaches its subscribers and a rolled-back one never does.
// Each subscriber is a durable job kind named by the subscriber, with the
// queue's retries, failed-job listing (under the event's tenant and
// reference) and metrics. Subscribers are registered at composition
// (package app), before the queue starts.
//
// A nil *Bus delivers nothing but still writes public events to the
// outbox, so a capability built without subscribers (unit tests) keeps
// the feed.
type Bus struct {
	q    *jobs.Queue
	mu   sync.RWMutex
	subs map[Type][]subscriber
}

type subscriber struct {
	name string
	opts []jobs.Option
}

// NewBus returns a bus that delivers through q.
func NewBus(q *jobs.Queue) *Bus {
	return &Bus{q: q, subs: map[Type][]subscriber{}}
}

// Subscribe makes h a subscriber of events of type t under name, which is
// its job kind: stable, unique, and never personal. opts apply to every
// delivery (e.g. jobs.MaxAttempts). It panics on wiring mistakes, as
// jobs.Register does (a name twice, after the queue started).
func (b *Bus) Subscribe(t Type, name string, h Handler, opts ...jobs.Option) {
	b.Handle(name, h)
	b.Declare(t, name, opts...)
}

// Handle makes this process run the deliveries of subscriber name, which
// is declared (Declare) where its events are published. It panics like
// jobs.Register.
func (b *Bus) Handle(name string, h Handler) {
	jobs.RegisterKind(b.q, name, func(ctx context.Context, raw []byte) error {
		var m message
		if err := json.Unmarshal(raw, &m); err != nil {
			return jobs.Permanent(fmt.Errorf("events: decode %s: %w", name, err))
		}
		m.Event.TenantID = m.Tenant
		return h(ctx, m.Event)
	})
}

// Declare names a subscriber whose handler runs in other processes: the
// bus enqueues its deliveries, a serving process (which Subscribes it)
// works them. A command that publishes without running the queue (the
// command line's retention run) declares the subscribers this way.
// Declaring a name again for the same type changes nothing.
func (b *Bus) Declare(t Type, name string, opts ...jobs.Option) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range b.subs[t] {
		if s.name == name {
			return
		}
	}
	b.subs[t] = append(b.subs[t], subscriber{name: name, opts: opts})
}

// PublishTx records e inside tx — in the outbox when its type is public —
// and enqueues its deliveries, like PublishBatchTx for one event.
func (b *Bus) PublishTx(ctx context.Context, tx *store.Tx, e Event) (Event, error) {
	out, err := b.PublishBatchTx(ctx, tx, []Event{e})
	if err != nil {
		return e, err
	}
	return out[0], nil
}

// PublishBatchTx enqueues the deliveries of evs (DeliverBatchTx) and then
// writes the public ones to the outbox (AppendBatchTx), inside tx.
func (b *Bus) PublishBatchTx(ctx context.Context, tx *store.Tx, evs []Event) ([]Event, error) {
	out, err := b.DeliverBatchTx(ctx, tx, evs)
	if err != nil {
		return nil, err
	}
	return appendPublic(ctx, tx, out)
}

// DeliverBatchTx stamps evs with their ids and times and enqueues one job
// per subscriber and event inside tx (one statement for all), without
// writing the outbox. A group commit (apply's submissions) calls it before
// its hot rows and AppendBatchTx with the stamped events as the last
// statement, which keeps their ids; everyone else calls PublishTx.
func (b *Bus) DeliverBatchTx(ctx context.Context, tx *store.Tx, evs []Event) ([]Event, error) {
	out := make([]Event, len(evs))
	var items []jobs.Item
	for i, e := range evs {
		if e.Type == "" || e.TenantID == 0 {
			return nil, fmt.Errorf("events: event without type or tenant")
		}
		out[i] = stamp(e)
		items = append(items, b.deliveries(out[i])...)
	}
	if len(items) == 0 {
		return out, nil
	}
	return out, b.q.EnqueueBatchTx(ctx, tx, items...)
}

// deliveries are e's jobs, one per subscriber of its type, unique per
// subscriber and event id.
func (b *Bus) deliveries(e Event) []jobs.Item {
	if b == nil {
		return nil
	}
	b.mu.RLock()
	defer b.mu.RUnlock()
	subs := b.subs[e.Type]
	items := make([]jobs.Item, 0, len(subs))
	for _, s := range subs {
		opts := append([]jobs.Option{jobs.UniqueKey(e.ID), jobs.For(e.TenantID, e.Reference)}, s.opts...)
		items = append(items, jobs.Item{Args: delivery{kind: s.name, message: message{Event: e, Tenant: e.TenantID}}, Options: opts})
	}
	return items
}

// appendPublic writes the public events of evs to the outbox, keeping
// the internal ones as they are.
func appendPublic(ctx context.Context, tx *store.Tx, evs []Event) ([]Event, error) {
	var public []Event
	var at []int
	for i, e := range evs {
		if !e.Type.Internal() {
			public, at = append(public, e), append(at, i)
		}
	}
	stored, err := AppendBatchTx(ctx, tx, public)
	if err != nil {
		return nil, err
	}
	for k, i := range at {
		evs[i] = stored[k]
	}
	return evs, nil
}

// stamp gives e its id (unless the publisher chose a stable one) and time.
func stamp(e Event) Event {
	if e.ID == "" {
		e.ID = newUUID()
	}
	if e.At.IsZero() {
		e.At = time.Now()
	}
	e.At = e.At.UTC().Truncate(time.Microsecond)
	if e.Data == nil {
		e.Data = map[string]any{}
	}
	return e
}

// message is an event as a subscriber's job stores it: the feed's JSON
// plus the tenant, which the feed leaves out.
type message struct {
	Event
	Tenant tenant.ID `json:"tenantId"`
}

// delivery is the job of one subscriber for one event.
type delivery struct {
	kind string
	message
}

// Kind implements jobs.Args: the subscriber's name.
func (d delivery) Kind() string { return d.kind }
