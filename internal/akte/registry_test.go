package akte

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// TestImportPlanAllOrNothing: a plan is imported whole (CSV and xdomea
// 0301) and read back as a tree; a plan with any problem — in CSV or in
// the 0301 — names them all and leaves the stored plan and the audit log
// as they were.
func TestImportPlanAllOrNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, err := New(Deps{DB: db, Blobs: blobtest.Sealed(t, db, t.TempDir()), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		tn, err := tenant.Create(ctx, db, "test", tenant.Tenant{Slug: "plan", Name: "Planland", Hosts: []string{"plan.test"}})
		if err != nil {
			t.Fatal(err)
		}
		csv := "kennzeichen;titel;uebergeordnet;aufbewahrung;aussonderungsart\n32.10;Genehmigungen;32;P10Y;B\n32;Ordnung;;;\n33;Zweites;;P5Y;V\n"
		if n, err := s.ImportPlan(ctx, "test", tn.ID, "plan.csv", []byte(csv)); err != nil || n != 3 {
			t.Fatalf("import: %d units, %v", n, err)
		}
		tree := func() string {
			rows, err := s.PlanTree(ctx, tn.ID)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, r := range rows {
				fmt.Fprintf(&b, "%d:%s:%s ", r.Depth, r.Code, r.Disposal)
			}
			return b.String()
		}
		if got := tree(); got != "0:32: 1:32.10:B 0:33:V " {
			t.Fatalf("tree %q", got)
		}
		imports := func() int {
			var n int
			entries, err := audit.ForObject(ctx, db, int64(tn.ID), "tenant", tn.ID.String())
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				if e.Action == "akte.plan_import" {
					n++
				}
			}
			return n
		}
		bad := map[string]string{
			"bad.csv": "kennzeichen;titel;uebergeordnet;aufbewahrung;aussonderungsart\n40;Neu;;;\n41;;40;P1Y;Q\n",
			"bad.xml": fmt.Sprintf(plan0301, "32.10", "X", "10"),
		}
		for name, b := range bad {
			_, err := s.ImportPlan(ctx, "test", tn.ID, name, []byte(b))
			if !fault.Is(err, fault.Invalid) || !strings.Contains(err.Error(), "nothing was imported") {
				t.Errorf("%s: %v, want every problem and nothing imported", name, err)
			}
		}
		if got := tree(); got != "0:32: 1:32.10:B 0:33:V " || imports() != 1 {
			t.Errorf("after refused plans: tree %q, %d imports audited", got, imports())
		}
	})
}
