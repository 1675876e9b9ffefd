package casework

import (
	"context"

	"github.com/amtsweg/amtsweg/internal/events"
)

// The back office's subscribers (package events), registered at
// composition (package app) under these names, which are their job kinds.
const (
	// RouteSubscriber handles events.Accepted: OnAccepted.
	RouteSubscriber = "casework.route"
	// ReceiptSubscriber handles events.ReceiptStored: OnReceiptStored.
	ReceiptSubscriber = "casework.receipt"
	// PurgeSubscriber handles events.FileDeleted: OnFileDeleted (purge.go).
	PurgeSubscriber = "casework.purge"
)

// Subscribers are casework's subscribers of other capabilities' events,
// which the composition (package app) registers; with a nil s they only
// name them (events.Bus.Declare).
func Subscribers(s *Service) []events.Subscriber {
	return []events.Subscriber{
		{Type: events.Accepted, Name: RouteSubscriber, Handle: s.OnAccepted},
		{Type: events.ReceiptStored, Name: ReceiptSubscriber, Handle: s.OnReceiptStored},
		{Type: events.FileDeleted, Name: PurgeSubscriber, Handle: s.OnFileDeleted},
	}
}

// OnAccepted is the subscriber of events.Accepted: apply took a
// submission in, so it becomes a case (OnSubmitted).
func (s *Service) OnAccepted(ctx context.Context, e events.Event) error {
	return s.OnSubmitted(ctx, e.ApplicationID)
}

// OnReceiptStored is the subscriber of events.ReceiptStored: apply stored
// a receipt PDF after routing went ahead without it (FileReceipt).
func (s *Service) OnReceiptStored(ctx context.Context, e events.Event) error {
	return s.FileReceipt(ctx, e.ApplicationID)
}
