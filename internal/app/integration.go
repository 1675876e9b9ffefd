package app

import (
	"github.com/amtsweg/amtsweg/internal/api"
	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fitconnect"
	"github.com/amtsweg/amtsweg/internal/integration"
	"github.com/amtsweg/amtsweg/internal/mailbox"
	"github.com/amtsweg/amtsweg/internal/tenant"
	"github.com/amtsweg/amtsweg/internal/webhook"
)

// newAPI builds the JSON API with the specialised systems' operations and
// the webhook sender (its job worker registered on a.Jobs; Serve runs its
// dispatcher). config.Config.WebhookAllow (--webhook-allow) lists hosts
// exempt from the webhook SSRF check. It panics on wiring mistakes (missing
// dependencies), like jobs.Register.
func (a *App) newAPI(tenants *tenant.Resolver, finder *catalog.Finder, postfach *mailbox.Service, forms fitconnect.Forms) *api.API {
	in, err := integration.New(integration.Deps{DB: a.DB, Cases: a.Backoffice.Cases, Mailbox: postfach})
	if err != nil {
		panic(err)
	}
	if a.Webhooks, err = webhook.New(a.DB, a.Jobs, a.log, webhook.Config{Allow: a.cfg.WebhookAllow, Secrets: a.Keys,
		BaseURL: a.baseURL}); err != nil {
		panic(err)
	}
	return api.New(api.Deps{Log: a.log, DB: a.DB, Tenants: tenants, Catalog: a.Catalog, Finder: finder,
		Integration: in, Limiter: apiclient.NewLimiter(nil), FitConnect: a.newFitConnect(finder, forms),
		BaseURL: a.baseURL})
}
