package casework

import (
	"context"

	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
)

// templateOf returns the notice template for case c: the procedure's
// shared template (TemplateFor) with the texts of the case's tenant's
// overlay (procedure.LocalNotice) laid over it. An overlay whose notice
// does not parse is ignored here and reported on the tenant admin page.
func templateOf(ctx context.Context, q store.Querier, c Case) (Template, error) {
	t := TemplateFor(c.ProcedureID)
	local, err := procedure.LocalNotice(ctx, q, c.TenantID, c.ProcedureID)
	if err != nil || local == nil {
		return t, err
	}
	for o, src := range local.Title {
		if src != "" {
			t.Title[Outcome(o)] = src
		}
	}
	for o, src := range local.Body {
		if src != "" {
			t.Body[Outcome(o)] = src
		}
	}
	if local.Remedy != "" {
		t.Remedy = local.Remedy
	}
	return t, nil
}
