package roundtrip_test

import (
	"context"
	"testing"

	"github.com/amtsweg/amtsweg/internal/procedure/proceduretest"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// mixedSeeds are applications of the FIM vehicle procedure whose long
// mixed-script answers (Arabic and Hebrew runs, emoji, CJK, combining
// marks, Multani 𑊈, Greek U+1FF9) the receipt PDF and the xdomea export
// lost on the way to the reader: beside the label "… › E-Mail-Adresse",
// broken after "E-Mail-", pdftotext read label and value lines
// alternately (734099241, 323924489, 323924492, 1004), and U+1FF9 is set
// composed as U+038C (734099239).
var mixedSeeds = []uint64{734099239, 734099241, 323924489, 323924492, 1004}

// TestRoundTripMixedScripts replays mixedSeeds through the whole round
// trip on every engine; each failed before the fixes of issue 17.
func TestRoundTripMixedScripts(t *testing.T) {
	sources, err := proceduretest.Repository("../..")
	check(t, err)
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			w := startWorld(t, d)
			rep := &report{}
			for _, src := range sources {
				if src.Procedure.Def.ID != "fim-s05000058" {
					continue
				}
				g := proceduretest.New(w.publish(t, src), proceduretest.Config{Places: w.places})
				for _, seed := range mixedSeeds {
					a, err := g.Generate(context.Background(), seed)
					check(t, err)
					rep.add(a, w.roundTrip(t, a))
				}
			}
			if rep.apps != len(mixedSeeds) {
				t.Fatalf("%d applications, want %d: is fim-s05000058 still in the repository?", rep.apps, len(mixedSeeds))
			}
			w.failedJobs(t, rep)
			rep.fail(t, d, settings{n: 1, seed: mixedSeeds[0], only: "fim-s05000058"})
		})
	}
}
