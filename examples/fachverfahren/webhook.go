package main

import (
	"bytes"
	"io"
	"net/http"

	cloudevents "github.com/cloudevents/sdk-go/v2"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
)

// Receiver is the specialised system's webhook endpoint, written with
// off-the-shelf libraries only: the Standard Webhooks library checks the
// signature (secret: the whsec_… value amtsweg showed when the client was
// created), the CloudEvents SDK reads the event, handle processes it.
// Deliveries come at least once: handle dedupes by event id.
func Receiver(secret string, handle func(cloudevents.Event)) (http.Handler, error) {
	wh, err := standardwebhooks.NewWebhook(secret)
	if err != nil {
		return nil, err
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil || wh.Verify(body, r.Header) != nil {
			http.Error(w, "invalid signature", http.StatusUnauthorized)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		event, err := cloudevents.NewEventFromHTTPRequest(r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		handle(*event)
		w.WriteHeader(http.StatusNoContent)
	}), nil
}
