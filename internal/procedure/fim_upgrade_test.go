package procedure

import (
	"context"
	"encoding/json"
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/refdata"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// importWithoutLists imports the real Bewohnerparkausweis schema with its
// code lists missing.
func importWithoutLists(t *testing.T) (Definition, Report) {
	t.Helper()
	data, err := fs.ReadFile(refdata.FIM, bewohnerparkenDir+"/S05000058V1.0_xdf2.xml")
	if err != nil {
		t.Fatal(err)
	}
	def, rep, err := ImportFIM(data, DirCodeLists(fstest.MapFS{}, "."))
	if err != nil {
		t.Fatal(err)
	}
	return def, rep
}

// choiceFields maps the path of every field with a code list or a missing
// one to the field.
func choiceFields(fields []Field, prefix string, out map[string]Field) map[string]Field {
	for _, f := range fields {
		if f.CodeList != "" || f.MissingCodeList != nil {
			out[prefix+f.ID] = f
		}
		choiceFields(f.Fields, prefix+f.ID+".", out)
	}
	return out
}

func allChoiceFields(def Definition) map[string]Field {
	out := map[string]Field{}
	for _, pg := range def.Pages {
		choiceFields(pg.Fields, "", out)
	}
	return out
}

// A select whose code list is missing is free text with a warning naming
// the list; importing the lists later makes it the select a complete
// import makes, in the next version.
func TestMissingCodeListUpgrade(t *testing.T) {
	t.Parallel()
	bare, rep := importWithoutLists(t)
	full, _ := importBewohnerparken(t)
	want, got := allChoiceFields(full), allChoiceFields(bare)
	if len(want) == 0 || len(got) != len(want) || len(rep.Warnings) != len(want) {
		t.Fatalf("%d selects with lists, %d fields missing one, %d warnings", len(want), len(got), len(rep.Warnings))
	}
	for path, f := range got {
		if f.Type == SingleChoice || f.MissingCodeList.URN == "" {
			t.Errorf("%s: %s field, missing list %+v", path, f.Type, f.MissingCodeList)
		}
	}
	up, urep, err := UpgradeCodeLists(bare, DirCodeLists(refdata.FIM, bewohnerparkenDir))
	if err != nil {
		t.Fatal(err)
	}
	if up.Version != bare.Version+1 || len(urep.Mapped) != len(want) || len(urep.Warnings) != 0 {
		t.Fatalf("upgrade: version %d, %d upgraded, warnings %v", up.Version, len(urep.Mapped), urep.Warnings)
	}
	for path, f := range allChoiceFields(up) {
		w := want[path]
		if f.Type != w.Type || f.MissingCodeList != nil || len(up.CodeLists[f.CodeList].Options) != len(full.CodeLists[w.CodeList].Options) {
			t.Errorf("%s: %s with %d options, want %s with %d", path, f.Type, len(up.CodeLists[f.CodeList].Options), w.Type, len(full.CodeLists[w.CodeList].Options))
		}
	}
	if _, _, err := UpgradeCodeLists(bare, DirCodeLists(fstest.MapFS{}, ".")); !fault.Is(err, fault.NotFound) {
		t.Errorf("upgrade without the lists: %v", err)
	}
}

// ImportCodeLists publishes the upgraded definition as the next version,
// on both engines.
func TestImportCodeLists(t *testing.T) {
	t.Parallel()
	bare, _ := importWithoutLists(t)
	data, err := json.Marshal(bare)
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := Import(ctx, db, data, "bare.json"); err != nil {
			t.Fatal(err)
		}
		v, _, err := ImportCodeLists(ctx, db, bare.ID, DirCodeLists(refdata.FIM, bewohnerparkenDir))
		if err != nil || v.Version != bare.Version+1 {
			t.Fatalf("import code lists: version %d, %v", v.Version, err)
		}
		latest, err := Latest(ctx, db, bare.ID)
		if err != nil || latest.Version != v.Version {
			t.Fatalf("latest: %d %v", latest.Version, err)
		}
		for path, f := range allChoiceFields(latest.Definition) {
			if f.MissingCodeList != nil || f.Type != SingleChoice {
				t.Errorf("%s still %s", path, f.Type)
			}
		}
		if _, _, err := ImportCodeLists(ctx, db, bare.ID, DirCodeLists(refdata.FIM, bewohnerparkenDir)); !fault.Is(err, fault.NotFound) {
			t.Errorf("second upgrade: %v", err)
		}
	})
}
