package admin_test

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/fitconnect"
	"github.com/amtsweg/amtsweg/internal/fitconnect/subscriber"
	"github.com/amtsweg/amtsweg/internal/fitconnect/zustelltest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// fitSender is the simulated Submission Service with a sender and the
// subscriber that polls it for the destinations of the running app.
type fitSender struct {
	sim *zustelltest.Server
	svc *subscriber.Service
}

// newFitSender starts the simulator and a subscriber on w's database and
// keyring (the app's), filing through w's application service.
func newFitSender(t *testing.T, w *webtest.World) *fitSender {
	t.Helper()
	sim := zustelltest.New(t)
	sim.AddClient("amtsweg", "geheim")
	client, err := subscriber.NewClient(t.Context(), subscriber.ClientConfig{BaseURL: sim.URL, TokenURL: sim.TokenURL(),
		ClientID: "amtsweg", ClientSecret: "geheim"})
	webtest.Check(t, err)
	svc, err := subscriber.New(subscriber.Deps{DB: w.DB, Keyring: blobtest.KeysOf(t, w.DB, w.Dir), Apply: w.Apps, API: client,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	webtest.Check(t, err)
	return &fitSender{sim: sim, svc: svc}
}

// register makes the simulator know destination id with its public keys.
func (f *fitSender) register(t *testing.T, id string, jwks []byte) {
	t.Helper()
	webtest.Check(t, f.sim.AddDestination(id, jwks))
}

// send seals an application of the test procedure bo-matrix with
// amtsweg's own sender code and sends it to destination dest under
// service serviceURN ("" for the procedure's own, so it is accepted; any
// other is a service-mismatch).
func (f *fitSender) send(t *testing.T, dest, kid, serviceURN, reference string) zustelltest.Created {
	t.Helper()
	ctx := t.Context()
	snd := f.sim.NewSender(ctx)
	key, err := snd.Key(ctx, dest, kid)
	webtest.Check(t, err)
	s, err := fitconnect.Seal(fitconnect.Content{ProcedureID: "bo-matrix", ProcedureVersion: 1, ServiceName: "Rechteprüfung",
		Reference: reference, SubmittedAt: time.Now(), Answers: map[string]any{"name": "Erika Eingang"}}, key)
	webtest.Check(t, err)
	if serviceURN == "" {
		serviceURN = fitconnect.ServiceURN("", "bo-matrix")
	}
	var ids []string
	for _, at := range s.Attachments {
		ids = append(ids, at.ID)
	}
	c, err := snd.Create(ctx, dest, serviceURN, "Rechteprüfung", ids)
	webtest.Check(t, err)
	for _, at := range s.Attachments {
		webtest.Check(t, snd.Upload(ctx, c.SubmissionID, at.ID, at.JWE))
	}
	webtest.Check(t, snd.Submit(ctx, c.SubmissionID, s.MetadataJWE, s.DataJWE))
	return c
}
