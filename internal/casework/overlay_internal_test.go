package casework

import (
	"context"
	"testing"

	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// TestNoticeTemplatePerTenant: two tenants share Elterngeld; the notice
// template of a case is the shared one with its own tenant's overlay, and
// a tenant without an overlay gets the shared template.
func TestNoticeTemplatePerTenant(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := procedure.SeedDemo(ctx, db); err != nil {
			t.Fatal(err)
		}
		overlays := map[string]string{
			"aa": `{"notice": {"title": {"approved": "Bescheid von A"}}}`,
			"bb": `{"notice": {"title": {"approved": "Bescheid von B"}, "remedy": "Widerspruch bei B"}}`,
			"cc": ``,
		}
		ids := map[string]tenant.ID{}
		for _, slug := range []string{"aa", "bb", "cc"} {
			tn, err := tenant.Create(ctx, db, "test", tenant.Tenant{Slug: slug, Name: slug})
			if err != nil {
				t.Fatal(err)
			}
			ids[slug] = tn.ID
			if overlays[slug] != "" {
				if err := procedure.SaveOverlay(ctx, db, "admin", tn.ID, "elterngeld", []byte(overlays[slug])); err != nil {
					t.Fatal(err)
				}
			}
		}
		shared := TemplateFor("elterngeld")
		want := map[string][2]string{
			"aa": {"Bescheid von A", shared.Remedy},
			"bb": {"Bescheid von B", "Widerspruch bei B"},
			"cc": {shared.Title[Approved], shared.Remedy},
		}
		for slug, w := range want {
			tpl, err := templateOf(ctx, db, Case{TenantID: ids[slug], ProcedureID: "elterngeld"})
			if err != nil {
				t.Fatal(err)
			}
			if tpl.Title[Approved] != w[0] || tpl.Remedy != w[1] || tpl.Body[Approved] != shared.Body[Approved] {
				t.Errorf("%s: title %q remedy %q", slug, tpl.Title[Approved], tpl.Remedy)
			}
		}
		if shared.Title[Approved] == "Bescheid von A" {
			t.Fatal("the shared template was changed")
		}
	})
}
