package cli

import (
	"flag"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/config"
)

// apiclientWebhookFormat switches a client's webhook body format:
// `amtsweg apiclient webhook-format --tenant SLUG --client ID --format
// cloudevents|amtsweg`. A receiver that parses CloudEvents switches here;
// the signatures (Standard Webhooks and, until the sunset,
// Amtsweg-Signature) are sent in either format (docs/webhooks.md).
func apiclientWebhookFormat(e env, args []string) int {
	const name = "apiclient webhook-format"
	var cfg config.Config
	var slug, format string
	var id int64
	log, code, ok := parse(e, name, "amtsweg apiclient webhook-format --tenant SLUG --client ID --format cloudevents|amtsweg",
		args, &cfg, func(fs *flag.FlagSet) {
			config.Register(fs, &cfg)
			fs.StringVar(&slug, "tenant", "", "tenant slug")
			fs.Int64Var(&id, "client", 0, "API client id (as apiclient create printed it)")
			fs.StringVar(&format, "format", "", "cloudevents, or amtsweg (deprecated)")
		})
	if !ok {
		return code
	}
	if slug == "" || id == 0 || format == "" {
		fmt.Fprintf(e.stderr, "amtsweg %s: --tenant, --client and --format are required\n", name)
		return 2
	}
	db, ok := openFor(e, name, cfg, log)
	if !ok {
		return 1
	}
	defer db.Close()
	t, ok := tenantArg(e, db, name, slug)
	if !ok {
		return 1
	}
	if err := apiclient.SetWebhookFormat(e.ctx, db, "cli", t.ID, id, apiclient.WebhookFormat(format)); err != nil {
		fmt.Fprintf(e.stderr, "amtsweg %s: %v\n", name, err)
		return 1
	}
	fmt.Fprintf(e.stdout, "api client %d: webhooks as %s\n", id, format)
	return 0
}
