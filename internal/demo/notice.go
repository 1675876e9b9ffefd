package demo

import (
	"context"
	"time"

	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// seedNoticeRules sets the demo's co-signing default (Mitzeichnung) in
// both demo tenants: a second person co-signs every rejection, also a
// partial one, of each demo procedure whose own default asks less
// (Elterngeld and BAföG already need co-signing for all notices), so the
// four-eyes step shows in the demo. Setting a rule replaces it: running
// again changes nothing.
func seedNoticeRules(ctx context.Context, db *store.DB) error {
	defs, err := procedure.DemoDefinitions()
	if err != nil {
		return err
	}
	for _, slug := range []string{TenantSlug, SecondTenantSlug} {
		t, err := tenant.BySlug(ctx, db, slug)
		if err != nil {
			return err
		}
		err = db.Tx(ctx, func(tx *store.Tx) error {
			for _, d := range defs {
				if sc, err := casework.FourEyes(ctx, tx, t.ID, d.ID, 0); err != nil || sc.Covers(casework.Rejected) {
					if err != nil {
						return err
					}
					continue
				}
				rule := casework.FourEyesRule{ProcedureID: d.ID, Scope: casework.FourEyesRejections}
				if err := casework.SetFourEyesRuleTx(ctx, tx, time.Now(), "system:demo", t.ID, rule); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
