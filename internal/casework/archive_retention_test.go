package casework_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestRetentionKeepsFilesForTheArchive is the regression test of #17
// (xdomea): the daily retention job deleted files whose procedure says
// Aussonderungsart A (archivieren) or B (bewerten) when their retention
// ran out, before they were ever offered to the archive. Only V files go
// that way; A and B files wait for the archive conversation.
func TestRetentionKeepsFilesForTheArchive(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		keepA := f.closedFiledCase(t, "A")
		keepB := f.closedFiledCase(t, "B")
		gone := f.closedFiledCase(t, "V")
		file := must(akte.Get(ctx(), db, keepA.TenantID, keepA.ID))(t)
		if file.Disposal != "A" || file.PlanUnit != "32.10.05" {
			t.Fatalf("file filed with disposal %q under %q, want A under 32.10.05", file.Disposal, file.PlanUnit)
		}
		f.clock.Set(file.DeleteAfter.AddDate(0, 0, 1))
		rep := must(f.akte.RunRetention(ctx(), false))(t)
		if len(rep.Deleted) != 1 || rep.Deleted[0].CaseID != gone.ID {
			t.Fatalf("retention deleted %+v, want only the V file %s", rep.Deleted, gone.Reference)
		}
		for _, c := range []int64{keepA.ID, keepB.ID} {
			must(akte.Get(ctx(), db, f.tenant, c))(t)
		}
		// They are for the archive now; the tenant keeps no filing plan, so
		// the offer warns about the unit the procedure names.
		offer := must(f.akte.Offer(ctx(), &bytes.Buffer{}, "test", f.tenant, akte.ExportOptions{}))(t)
		if len(offer.Files) != 2 || len(offer.Warnings) != 2 || !strings.Contains(offer.Warnings[0], `the filing plan has no unit "32.10.05"`) {
			t.Fatalf("offer %v, warnings %q", offer.Files, offer.Warnings)
		}
	})
}
