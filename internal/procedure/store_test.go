package procedure

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

func TestImportVersions(t *testing.T) {
	t.Parallel()
	v1, err := os.ReadFile("testdata/family.yaml")
	if err != nil {
		t.Fatal(err)
	}
	v2 := bytes.Replace(v1, []byte("version: 1"), []byte("version: 2"), 1)
	changedV1 := bytes.Replace(v1, []byte("Familienangaben"), []byte("Familie"), 1)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		steps := []struct {
			name      string
			data      []byte
			code      fault.Code
			unchanged bool
		}{
			{"first version", v1, "", false},
			{"same again is a no-op", v1, "", true},
			{"changed content under a published version", changedV1, fault.Conflict, false},
			{"new version", v2, "", false},
			{"broken definition", []byte("id: x\n"), fault.Invalid, false},
		}
		for _, s := range steps {
			v, err := Import(ctx, db, s.data, "family.yaml")
			if fault.CodeOf(err) != s.code {
				t.Fatalf("%s: error %v, want code %q", s.name, err, s.code)
			}
			if err == nil && v.Unchanged != s.unchanged {
				t.Errorf("%s: unchanged = %v, want %v", s.name, v.Unchanged, s.unchanged)
			}
		}
		old, err := Get(ctx, db, "familie-test", 1)
		if err != nil || old.Definition.Title.DE != "Familienangaben" || old.Version != 1 {
			t.Fatalf("version 1 changed: %+v, %v", old.Definition.Title, err)
		}
		latest, err := Latest(ctx, db, "familie-test")
		if err != nil || latest.Version != 2 || latest.Hash == old.Hash {
			t.Fatalf("latest = %d %s, %v", latest.Version, latest.Hash, err)
		}
		if _, err := latest.Procedure(); err != nil {
			t.Fatalf("stored definition does not compile: %v", err)
		}
		if _, err := Get(ctx, db, "familie-test", 3); !fault.Is(err, fault.NotFound) {
			t.Fatalf("missing version: %v", err)
		}
		if _, err := Latest(ctx, db, "nope"); !fault.Is(err, fault.NotFound) {
			t.Fatalf("missing procedure: %v", err)
		}
	})
}
