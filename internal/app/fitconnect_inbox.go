package app

import (
	"context"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/fitconnect/subscriber"
)

// newFitConnectInbox makes amtsweg a FIT-Connect subscriber when
// config.FitConnectInbox names the Submission API: the poll job (one
// process at a time, every FitConnectInbox.Every) picks up the
// submissions of the destinations `amtsweg fitconnect destination`
// created and files or rejects them.
func (a *App) newFitConnectInbox(ctx context.Context, applications *apply.Service) error {
	c := a.cfg.FitConnectInbox
	if c.APIURL == "" {
		return nil
	}
	if c.Every < 2*time.Minute {
		return fmt.Errorf("fitconnect inbox: --fitconnect-poll-every %s is too short: at least 2m", c.Every)
	}
	client, err := subscriber.NewClient(ctx, subscriber.ClientConfig{BaseURL: c.APIURL, TokenURL: c.TokenURL,
		ClientID: c.ClientID, ClientSecret: c.ClientSecret})
	if err != nil {
		return fmt.Errorf("fitconnect inbox: %w", err)
	}
	svc, err := subscriber.New(subscriber.Deps{DB: a.DB, Keyring: a.Keys, Apply: applications, API: client, Log: a.log, Every: c.Every})
	if err != nil {
		return err
	}
	svc.RegisterJobs(a.Jobs)
	return nil
}
