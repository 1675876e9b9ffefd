package app_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/app"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/fitconnect"
	"github.com/amtsweg/amtsweg/internal/fitconnect/subscriber"
	"github.com/amtsweg/amtsweg/internal/fitconnect/zustelltest"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

const inboxProcedure = `id: fc-app
version: 1
title: {de: "Gewerbeanmeldung", en: "Business registration"}
leika: ["99050012104000"]
assurance: substantial
guest: false
deadline: P1M
retention: P1Y
pages:
  - id: p
    title: {de: Angaben, en: Details}
    fields:
      - {id: name, type: short_text, label: {de: Name, en: Name}, required: true}
      - {id: nachweis, type: file, label: {de: Nachweis, en: Proof}, media_types: [application/pdf], max_size: 200000}
`

// TestFitConnectInboxInTheApp runs the inbox as `amtsweg serve
// --fitconnect-api …` composes it: a submission that amtsweg's own
// FIT-Connect sender seals (package fitconnect) goes through the
// simulated Submission Service, the app's job queue runs the poll job,
// and the submission becomes a case at the destination's authority
// through the usual submitted → routed flow, with accept-submission sent.
func TestFitConnectInboxInTheApp(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			sim := zustelltest.New(t)
			sim.AddClient("amtsweg", "geheim")
			cfg := config.Config{DataDir: t.TempDir(), DatabaseURL: storetest.DSN(t, d), Addr: "127.0.0.1:0",
				MaxInflight: 16, MaxBody: 1 << 20, ShutdownIn: 5 * time.Second, Jobs: true, JobLease: time.Minute,
				FitConnectInbox: config.FitConnectInbox{APIURL: sim.URL, TokenURL: sim.TokenURL(), ClientID: "amtsweg",
					ClientSecret: "geheim", Every: 5 * time.Minute}}
			a, err := app.New(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			authority, dest := inboxSetup(t, a.DB, a)
			jwks, _ := dest.PublicJWKS()
			if err := sim.AddDestination(dest.ID, jwks); err != nil {
				t.Fatal(err)
			}
			c := sealAndSend(t, ctx, sim, dest)
			if err := a.Listen(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- a.Serve(ctx) }()
			defer func() { cancel(); <-done }()

			var job int64
			if err := a.DB.Tx(ctx, func(tx *store.Tx) error {
				job, err = a.Jobs.EnqueueTx(ctx, tx, subscriber.PollJob{})
				return err
			}); err != nil {
				t.Fatal(err)
			}
			awaitJob(t, a.Jobs, job)
			if s := sim.Status(c.SubmissionID); s != "accepted" {
				t.Fatalf("submission %s, want accepted; events %v", s, sim.Events(c.CaseID))
			}
			var caseAuth int64
			await(t, "the case", func() bool {
				return a.DB.QueryRowContext(ctx, `SELECT r.authority_id FROM case_record r JOIN fitconnect_inbox i
					ON i.application_id = r.application_id WHERE i.submission_id = $1`, c.SubmissionID).Scan(&caseAuth) == nil
			})
			if caseAuth != authority {
				t.Errorf("case at authority %d, want %d", caseAuth, authority)
			}
		})
	}
}

func inboxSetup(t *testing.T, db *store.DB, a *app.App) (int64, subscriber.Destination) {
	t.Helper()
	ctx := context.Background()
	tn, err := tenant.Create(ctx, db, "test", tenant.Tenant{Slug: "sn", Name: "Freistaat Sachsen"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := procedure.Import(ctx, db, []byte(inboxProcedure), "fc-app.yaml"); err != nil {
		t.Fatal(err)
	}
	var auth int64
	if err := db.Writer().QueryRowContext(ctx, `INSERT INTO authority (tenant_id, authority_key, name, updated_at)
		VALUES ($1, 'gewerbeamt', 'Gewerbeamt Meißen', $2) RETURNING id`, tn.ID, time.Now().UTC()).Scan(&auth); err != nil {
		t.Fatal(err)
	}
	dest, err := subscriber.CreateDestination(ctx, db, a.Keys, "test", tn.ID, auth, "6f3c2a1e-4b5d-4c7e-8f90-a1b2c3d4e5f6")
	if err != nil {
		t.Fatal(err)
	}
	return auth, dest
}

// sealAndSend seals an application with amtsweg's own FIT-Connect sender
// code and sends it through the simulator.
func sealAndSend(t *testing.T, ctx context.Context, sim *zustelltest.Server, dest subscriber.Destination) zustelltest.Created {
	t.Helper()
	snd := sim.NewSender(ctx)
	key, err := snd.Key(ctx, dest.ID, dest.Enc.KeyID)
	if err != nil {
		t.Fatal(err)
	}
	s, err := fitconnect.Seal(fitconnect.Content{LeiKaKey: "99050012104000", ProcedureID: "fc-app", ProcedureVersion: 1,
		ServiceName: "Gewerbeanmeldung", Reference: "DD-2026-000042", SubmittedAt: time.Now(),
		Answers: map[string]any{"name": "Erika Mustermann"},
		Files:   []fitconnect.File{{Name: "Nachweis.pdf", MediaType: "application/pdf", Content: []byte("%PDF-1.7\n" + strings.Repeat("x", 500))}}}, key)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, at := range s.Attachments {
		ids = append(ids, at.ID)
	}
	c, err := snd.Create(ctx, dest.ID, fitconnect.ServiceURN("99050012104000", "fc-app"), "Gewerbeanmeldung", ids)
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range s.Attachments {
		if err := snd.Upload(ctx, c.SubmissionID, at.ID, at.JWE); err != nil {
			t.Fatal(err)
		}
	}
	if err := snd.Submit(ctx, c.SubmissionID, s.MetadataJWE, s.DataJWE); err != nil {
		t.Fatal(err)
	}
	return c
}

func awaitJob(t *testing.T, q *jobs.Queue, id int64) {
	t.Helper()
	var j jobs.Job
	await(t, "the poll job", func() bool {
		var err error
		j, err = q.Job(context.Background(), id)
		return err == nil && (j.State == jobs.Completed || j.State == jobs.Discarded || j.LastError != "")
	})
	if j.State != jobs.Completed {
		t.Fatalf("poll job %s: %s", j.State, j.LastError)
	}
}

// await polls cond until it holds (the queue offers no completion event
// to wait on), failing after 60 s.
func await(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("%s did not happen within 60 s", what)
}
