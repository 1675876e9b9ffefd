package casework_test

import (
	"io"
	"testing"

	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestVerifyNamesTenant: a notice PDF checked by upload (the check page
// of any host) is reported with the authority and the tenant that
// sealed it, for each of two tenants; the check by reference stays on
// the notice's own tenant.
func TestVerifyNamesTenant(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		a := f.inStatus(t, casework.Decided)
		id := f.app(t, f.other, f.authO, "Otto Normal")
		if err := f.s.OnSubmitted(ctx(), id); err != nil {
			t.Fatal(err)
		}
		var caseID int64
		if err := db.QueryRowContext(ctx(), `SELECT id FROM case_record WHERE application_id = $1`, id).Scan(&caseID); err != nil {
			t.Fatal(err)
		}
		must(f.s.Claim(ctx(), f.workerO, caseID))(t)
		o := must(f.s.Move(ctx(), f.workerO, caseID, casework.ActReview, ""))(t)
		n := must(f.s.DraftNotice(ctx(), f.workerO, o.ID, casework.Approved))(t)
		must(f.s.SendNotice(ctx(), f.workerO, n.ID))(t)

		sums := map[string]string{}
		for _, tc := range []struct {
			c                 casework.Case
			authority, tenant string
		}{{a, "Landratsamt Meißen", "Freistaat Sachsen"}, {o, "Landratsamt Passau", "Freistaat Bayern"}} {
			who := f.applicant(tc.c)
			notices := must(casework.ApplicantNotices(ctx(), db, who))(t)
			if len(notices) != 1 {
				t.Fatalf("%s: %d notices", tc.c.Reference, len(notices))
			}
			_, r, err := f.s.OpenNotice(ctx(), who, notices[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			pdf, _ := io.ReadAll(r)
			r.Close()
			v := must(f.s.Verify(ctx(), pdf))(t)
			if !v.Valid || v.Reference != tc.c.Reference || v.AuthorityName != tc.authority || v.TenantName != tc.tenant {
				t.Errorf("verification of %s: %+v, want %s of %s", tc.c.Reference, v, tc.authority, tc.tenant)
			}
			sums[tc.c.Reference] = v.SHA256
			if v := must(f.s.VerifyReference(ctx(), tc.c.TenantID, tc.c.Reference, v.SHA256))(t); !v.Valid || v.TenantName != tc.tenant {
				t.Errorf("by reference on its own tenant: %+v", v)
			}
		}
		// Tenant A's check page does not answer for B's reference.
		if v := must(f.s.VerifyReference(ctx(), f.tenant, o.Reference, sums[o.Reference]))(t); v.Valid || v.AuthorityName != "" || v.TenantName != "" {
			t.Errorf("a foreign reference answered with %+v", v)
		}
	})
}
