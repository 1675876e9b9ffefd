package catalog

import (
	"bytes"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/refdata"
)

// TestFacetNamesComplete: every topic and life situation of the LeiKa
// catalog has an English name.
func TestFacetNamesComplete(t *testing.T) {
	t.Parallel()
	services, _, err := ReadLeiKa(bytes.NewReader(refdata.LeiKa), "leika-ozg-2019.csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range services {
		if s.Topic != "" && TopicIn(s.Topic, "en") == s.Topic {
			t.Errorf("topic %q has no English name", s.Topic)
		}
		if s.LifeSituation != "" && SituationIn(s.LifeSituation, "en") == s.LifeSituation {
			t.Errorf("life situation %q has no English name", s.LifeSituation)
		}
	}
	if got := TopicIn("Familie & Kind", "de"); got != "Familie & Kind" {
		t.Errorf("German topic = %q", got)
	}
	if got := SituationIn("Neu importiert", "en"); got != "Neu importiert" || strings.Contains(got, "[[") {
		t.Errorf("unknown situation = %q, want the German name", got)
	}
}
