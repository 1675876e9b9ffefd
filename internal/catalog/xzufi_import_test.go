package catalog

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestImportXZuFiBadRows: a file with bad objects imports the good ones
// and reports each bad one with its line; an AGS (with or without its
// listURI) finds the Gemeinde's ARS, an ARS with its listURI works as
// before, and an area the catalog does not know skips its row only.
func TestImportXZuFiBadRows(t *testing.T) {
	t.Parallel()
	msg, err := os.ReadFile("testdata/xzufi-schlechte-zeile.xml")
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tenant := loadMini(t, db)
		sum, err := ImportXZuFi(ctx, db, tenant, strings.NewReader(string(msg)), "schlecht.xml", nil)
		if err != nil {
			t.Fatalf("import = %s, %v; want the good rows imported", sum, err)
		}
		wantSkipped := []string{"schlecht.xml:13: leistung/id", "schlecht.xml:19: organisationseinheit/name/name", "schlecht.xml:50: zustaendigkeit/gebietID", "schlecht.xml:58: zustaendigkeit/gebietID"}
		var got []string
		for _, w := range sum.Warnings {
			got = append(got, w.String())
		}
		for _, w := range wantSkipped {
			if !strings.Contains(strings.Join(got, "\n"), w) {
				t.Errorf("no skipped row %q in %q", w, got)
			}
		}
		if sum.Skipped != len(wantSkipped) || len(sum.Rejected) != 0 {
			t.Errorf("summary = %s (%q), want %d skipped, none rejected", sum, got, len(wantSkipped))
		}
		s, err := GetService(ctx, db, "99036008007000")
		if err != nil || s.Texts.Summary != "Fahrzeug zulassen." {
			t.Errorf("service = %+v, %v", s.Texts, err)
		}
		for _, ars := range []string{"145210010010", "145210020020", "145110000000"} {
			a, err := Find(ctx, db, tenant, "99036008007000", ars, AudienceAny)
			if err != nil || a.Key != "oe-zulassung" {
				t.Errorf("Find(kfz, %s) = %q, %v; want oe-zulassung", ars, a.Key, err)
			}
		}
		again, err := ImportXZuFi(ctx, db, tenant, strings.NewReader(string(msg)), "schlecht.xml", nil)
		if err != nil || again.Created+again.Updated != 0 {
			t.Errorf("second run = %s, %v; want nothing new", again, err)
		}
	})
}

// TestImportXZuFiAllModulesStored: the sections, rich-text marks and
// translations survive the database on both engines.
func TestImportXZuFiAllModulesStored(t *testing.T) {
	t.Parallel()
	msg, err := os.ReadFile("testdata/xzufi-alle-module.xml")
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tenant := loadMini(t, db)
		sum, err := ImportXZuFi(ctx, db, tenant, strings.NewReader(string(msg)), "alle.xml", nil)
		if err != nil || len(sum.Warnings) != 3 {
			t.Fatalf("import = %s, %v; want 3 warnings", sum, err)
		}
		s, err := GetService(ctx, db, "99041006017000")
		if err != nil {
			t.Fatal(err)
		}
		f, _ := readAll(t, "xzufi-alle-module.xml")
		if s.Texts != f.Services[0].Texts || s.Name != "Elterngeld Bewilligung" || s.OZGID != "10000" {
			t.Errorf("stored texts = %+v\nwant %+v", s.Texts, f.Services[0].Texts)
		}
		for lang, want := range f.Services[0].Translations {
			got := s.Translations[lang]
			if got.Name != want.Name || got.Texts != want.Texts {
				t.Errorf("stored %s = %+v, want %+v", lang, got, want)
			}
		}
	})
}

// TestImportXZuFiShapesStored: the structured modules of both shapes and
// their translations survive the database on both engines, and the
// warning about the unknown element inside an item reaches the summary.
func TestImportXZuFiShapesStored(t *testing.T) {
	t.Parallel()
	msg, err := os.ReadFile("testdata/xzufi-formen.xml")
	if err != nil {
		t.Fatal(err)
	}
	f, _ := readAll(t, "xzufi-formen.xml")
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tenant := loadMini(t, db)
		sum, err := ImportXZuFi(ctx, db, tenant, strings.NewReader(string(msg)), "formen.xml", nil)
		if err != nil || sum.Created != 2 || len(sum.Warnings) != 1 ||
			!strings.Contains(sum.Warnings[0].String(), "formen.xml:49: leistung/modulKosten/kosten/vorkasseKennzeichen") {
			t.Fatalf("import = %s (%v), %v; want 2 created and the vorkasseKennzeichen warning", sum, sum.Warnings, err)
		}
		for _, want := range f.Services {
			s, err := GetService(ctx, db, want.Key)
			if err != nil {
				t.Fatalf("%s: %v", want.Key, err)
			}
			if s.Texts != want.Texts || s.Texts.Fees == "" || s.Texts.Deadlines == "" || s.Texts.ProcessingTime == "" {
				t.Errorf("%s stored texts = %+v\nwant %+v", want.Key, s.Texts, want.Texts)
			}
			if got := s.Translations["en"]; got.Texts != want.Translations["en"].Texts {
				t.Errorf("%s stored en = %+v, want %+v", want.Key, got.Texts, want.Translations["en"].Texts)
			}
		}
	})
}
