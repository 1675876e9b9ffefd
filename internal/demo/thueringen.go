package demo

import (
	"context"

	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// SecondTenantSlug is the second demo tenant: it shares the nationwide
// procedures with the first and varies Elterngeld through an overlay.
const SecondTenantSlug = "th"

// ElterngeldOverlayTH is the second demo tenant's overlay of Elterngeld:
// its own fee text and hint, a local field on the page "eltern", a shorter
// processing deadline and its own notice texts for an approval.
const ElterngeldOverlayTH = `{
  "fees": {"de": "Der Antrag ist in Thüringen gebührenfrei; Kopien von Nachweisen werden nicht berechnet.",
           "en": "The application is free of charge in Thuringia; copies of proofs are not charged."},
  "hints": [{"de": "Die Elterngeldstellen der Thüringer Landkreise beraten Sie auch telefonisch.",
             "en": "The parental allowance offices of the Thuringian districts also advise you by phone."}],
  "fields": [{"page": "eltern", "fields": [
    {"id": "th_beratung", "type": "yes_no", "required": true,
     "label": {"de": "Wünschen Sie eine Beratung durch die Elterngeldstelle?", "en": "Would you like advice from the parental allowance office?"}}
  ]}],
  "deadline": "P6W",
  "notice": {
    "title": {"approved": "Bescheid des Freistaats Thüringen über Elterngeld"},
    "body": {"approved": "Sehr geehrte Damen und Herren,\n\nauf Ihren Antrag vom {{date .ReceivedAt}} (Aktenzeichen {{.Reference}}) bewilligt Ihnen der Freistaat Thüringen Elterngeld."}
  }
}`

// seedSecondTenant creates "Freistaat Thüringen" (host thueringen.localhost)
// with its Elterngeld overlay. It has no authorities of its own in the
// demo: its applications reach its clearing office.
func seedSecondTenant(ctx context.Context, db *store.DB) error {
	theme, _ := tenant.ParseTheme("action=#00527a,hued=#eef4f8")
	t, err := ensureTenant(ctx, db, tenant.Tenant{Slug: SecondTenantSlug, Name: "Freistaat Thüringen",
		Hosts: []string{"thueringen.localhost"}, Branding: tenant.Branding{Theme: theme,
			Imprint: "Freistaat Thüringen (Demo)\n\nDieses Impressum ist ein Beispiel für den Text eines Mandanten."}})
	if err != nil {
		return err
	}
	return procedure.SaveOverlay(ctx, db, "system:demo", t.ID, "elterngeld", []byte(ElterngeldOverlayTH))
}
