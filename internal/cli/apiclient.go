package cli

import (
	"flag"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/app"
	"github.com/amtsweg/amtsweg/internal/config"
)

// apiclientCommands are the API client commands.
func apiclientCommands() map[string]command {
	return map[string]command{
		"apiclient create":         {"create an API client for a specialised system (prints its secret once)", apiclientCreate},
		"apiclient webhook-format": {"switch a client's webhooks between cloudevents and the deprecated amtsweg envelope", apiclientWebhookFormat},
	}
}

// apiclientCreate creates an API client: `amtsweg apiclient create
// --tenant SLUG --authority ID --scopes submissions:read,events:read
// --name NAME [--webhook URL [--webhook-after SEQ] [--webhook-format F]]
// [--rate N]`. Webhooks
// start at the current end of the event feed unless --webhook-after names
// an earlier position. The secret, API key and
// webhook secret are printed once and never stored in clear.
func apiclientCreate(e env, args []string) int {
	var cfg config.Config
	var slug, name, scopes, webhook, format string
	var authority int64
	var rate int
	webhookAfter := int64(-1)
	log, code, ok := parse(e, "apiclient create", "amtsweg apiclient create --tenant SLUG --authority ID --scopes LIST --name NAME [flags]",
		args, &cfg, func(fs *flag.FlagSet) {
			config.Register(fs, &cfg)
			fs.StringVar(&slug, "tenant", "", "tenant slug")
			fs.Int64Var(&authority, "authority", 0, "authority id the client acts for (0: the whole tenant)")
			fs.StringVar(&scopes, "scopes", "", "comma-separated scopes: submissions:read, submissions:ack, cases:write, messages:write, events:read (the catalog is public and needs none)")
			fs.StringVar(&name, "name", "", "name of the specialised system")
			fs.StringVar(&webhook, "webhook", "", "webhook URL (optional)")
			fs.IntVar(&rate, "rate", 600, "requests per minute")
			fs.StringVar(&format, "webhook-format", string(apiclient.FormatCloudEvents), "webhook body format: cloudevents, or amtsweg (deprecated, see docs/webhooks.md)")
			fs.Int64Var(&webhookAfter, "webhook-after", -1, "send webhooks for events after this feed position (0: the whole history; default: only new events)")
		})
	if !ok {
		return code
	}
	sc, err := apiclient.ParseScopes(scopes)
	if err != nil || slug == "" || name == "" || len(sc) == 0 {
		fmt.Fprintf(e.stderr, "amtsweg apiclient create: --tenant, --name and valid --scopes are required (%v)\n", err)
		return 2
	}
	db, ok := openFor(e, "apiclient create", cfg, log)
	if !ok {
		return 1
	}
	defer db.Close()
	t, ok := tenantArg(e, db, "apiclient create", slug)
	if !ok {
		return 1
	}
	keys, err := app.Keyring(db, cfg)
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg apiclient create: %v\n", err)
		return 1
	}
	c, err := apiclient.Create(e.ctx, db, "cli", apiclient.New{TenantID: t.ID, AuthorityID: authority, Name: name,
		Scopes: sc, RatePerMin: rate, WebhookURL: webhook, WebhookAllow: cfg.WebhookAllow,
		WebhookReplay: webhookAfter >= 0, WebhookAfter: max(webhookAfter, 0), WebhookFormat: apiclient.WebhookFormat(format), Secrets: keys})
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg apiclient create: %v\n", err)
		return 1
	}
	fmt.Fprintf(e.stdout, "api client %d created: client_id %s\n", c.ID, c.ClientID)
	fmt.Fprintf(e.stdout, "client_secret (shown once): %s\n", c.Secret)
	fmt.Fprintf(e.stdout, "api key (shown once): %s\n", c.APIKey)
	if webhook != "" {
		fmt.Fprintf(e.stdout, "webhook secret (shown once, Standard Webhooks): %s\n", apiclient.StandardWebhookSecret(c.WebhookSecret))
		fmt.Fprintf(e.stdout, "webhook secret (shown once, Amtsweg-Signature, deprecated): %s\n", c.WebhookSecret)
	}
	return 0
}
