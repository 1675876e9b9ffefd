package app

import (
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/events"
)

// subscribers are the subscribers between capabilities, each listed by
// the capability that owns it (docs/events.md lists every event with its
// producer and subscribers). apply subscribes its own follow-up of
// events.Submitted in apply.Service.RegisterJobs.
func subscribers(apps *apply.Service, cases *casework.Service) []events.Subscriber {
	return append(casework.Subscribers(cases), apply.Subscribers(apps)...)
}

// subscribe registers the subscribers on bus, by name per event type
// (each name is a durable job kind), before the queue starts.
func subscribe(bus *events.Bus, apps *apply.Service, cases *casework.Service) {
	for _, s := range subscribers(apps, cases) {
		bus.Subscribe(s.Type, s.Name, s.Handle)
	}
}

// DeclareSubscribers names the subscribers on bus without their handlers,
// for a command that publishes events without running the queue (the
// command line's retention run): their deliveries wait in the job table
// for a serving process.
func DeclareSubscribers(bus *events.Bus) {
	for _, s := range subscribers(nil, nil) {
		bus.Declare(s.Type, s.Name)
	}
}
