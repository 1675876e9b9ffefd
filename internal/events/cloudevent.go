package events

import (
	"context"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// The CloudEvents 1.0 wire format (https://cloudevents.io) of the public
// events: webhooks send one event in structured JSON mode, the feed a
// batch when asked (docs/webhooks.md). The structure is ours — eight
// attributes in a Go struct — and the tests check it with the CloudEvents
// Go SDK, which is not linked into the server (it would bring a JSON
// library, a logger and more for one struct).
const (
	// CloudEventsMediaType is the Content-Type of one event in structured
	// mode.
	CloudEventsMediaType = "application/cloudevents+json"
	// CloudEventsBatchMediaType is the Content-Type of a batch (a JSON
	// array of events in structured mode).
	CloudEventsBatchMediaType = "application/cloudevents-batch+json"
	// TypePrefix makes an event type a CloudEvents type in reverse-DNS
	// style: case.routed is de.amtsweg.case.routed.
	TypePrefix = "de.amtsweg."
)

// CloudEvent is an event in CloudEvents 1.0 structured JSON mode. ID is
// the event's UUID, stable across redeliveries (with Source, what
// receivers dedupe by); Subject is the reference (Aktenzeichen) of the
// case or application; Data is the rest of the event (CloudEventData).
type CloudEvent struct {
	SpecVersion     string         `json:"specversion"`
	Type            string         `json:"type"`
	Source          string         `json:"source"`
	ID              string         `json:"id"`
	Time            string         `json:"time"`
	Subject         string         `json:"subject,omitempty"`
	DataContentType string         `json:"datacontenttype"`
	Data            CloudEventData `json:"data"`
}

// CloudEventData is a CloudEvent's data: the event's fields that are not
// attributes, named as in the deprecated envelope so that a receiver keeps
// its code for them. Data holds the type's own fields (docs/events.md).
type CloudEventData struct {
	Seq           int64          `json:"seq"`
	AuthorityID   int64          `json:"authorityId"`
	ApplicationID int64          `json:"applicationId"`
	CaseID        int64          `json:"caseId,omitempty"`
	Reference     string         `json:"reference"`
	Data          map[string]any `json:"data"`
}

// CloudEventType is t's CloudEvents type (TypePrefix + t).
func (t Type) CloudEventType() string { return TypePrefix + string(t) }

// CloudEvent returns e in CloudEvents form with source, the URI of its
// tenant's portal (Source).
func (e Event) CloudEvent(source string) CloudEvent {
	data := e.Data
	if data == nil {
		data = map[string]any{}
	}
	return CloudEvent{SpecVersion: "1.0", Type: e.Type.CloudEventType(), Source: source, ID: e.ID,
		Time: e.At.UTC().Format("2006-01-02T15:04:05.999999Z07:00"), Subject: e.Reference, DataContentType: "application/json",
		Data: CloudEventData{Seq: e.Seq, AuthorityID: e.AuthorityID, ApplicationID: e.ApplicationID, CaseID: e.CaseID,
			Reference: e.Reference, Data: data}}
}

// Source is the CloudEvents source of tenantID's events: the public URL
// of the tenant's portal, base (the installation's public URL) with the
// tenant's first host name (tenant.LinkBase). Feed and webhooks use the
// same, so source and id identify an event wherever it was read. Without
// a base URL (a test, a command without --base-url) it is the URN
// "urn:amtsweg:tenant:<slug>".
func Source(ctx context.Context, q store.Querier, base string, tenantID tenant.ID) (string, error) {
	if base != "" {
		return tenant.LinkBase(ctx, q, base, tenantID)
	}
	slug, err := tenant.SlugOf(ctx, q, tenantID)
	if err != nil {
		return "", fmt.Errorf("events: source of tenant %d: %w", tenantID, err)
	}
	return "urn:amtsweg:tenant:" + slug, nil
}
