package procedure

import (
	"context"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

const overlayA = `{"fees": {"de": "Gebühr A"}, "deadline": "P6W",
  "notice": {"title": {"approved": "Bescheid von A"}}}`

const overlayB = `{"fees": {"de": "Gebühr B"}, "hints": [{"de": "Hinweis B"}],
  "fields": [{"page": "eltern", "fields": [{"id": "b_beratung", "type": "yes_no", "required": true,
    "label": {"de": "Beratung?"}, "visible_if": "answers.alleinerziehend"}]}],
  "notice": {"title": {"approved": "Bescheid von B"}, "remedy": "Widerspruch bei B"}}`

// demoDef returns the demo procedure id.
func demoDef(t *testing.T, id string) Definition {
	t.Helper()
	defs, err := DemoDefinitions()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range defs {
		if d.ID == id {
			return d
		}
	}
	t.Fatalf("no demo procedure %s", id)
	return Definition{}
}

func TestOverlaysShareOneProcedure(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		v1 := demoDef(t, "elterngeld")
		if _, err := publish(ctx, db, v1); err != nil {
			t.Fatal(err)
		}
		var ids []tenant.ID
		for _, slug := range []string{"aa", "bb", "cc"} {
			tn, err := tenant.Create(ctx, db, "test", tenant.Tenant{Slug: slug, Name: slug})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, tn.ID)
		}
		a, b, c := ids[0], ids[1], ids[2]
		for tid, raw := range map[tenant.ID]string{a: overlayA, b: overlayB} {
			if err := SaveOverlay(ctx, db, "admin", tid, "elterngeld", []byte(raw)); err != nil {
				t.Fatal(err)
			}
		}
		defA, pa, errA := Effective(ctx, db, a, "elterngeld")
		defB, pb, errB := Effective(ctx, db, b, "elterngeld")
		defC, pc, errC := Effective(ctx, db, c, "elterngeld")
		if errA != nil || errB != nil || errC != nil || len(pa)+len(pb)+len(pc) > 0 {
			t.Fatalf("effective: %v %v %v / %v %v %v", errA, errB, errC, pa, pb, pc)
		}
		if defA.Version != 1 || defB.Version != 1 || defC.Version != 1 {
			t.Fatalf("versions %d %d %d, want the one shared version", defA.Version, defB.Version, defC.Version)
		}
		if defA.Fees.DE != "Gebühr A" || defB.Fees.DE != "Gebühr B" || defC.Fees.DE != v1.Fees.DE || v1.Fees.DE == "" {
			t.Fatalf("fees %q %q %q", defA.Fees.DE, defB.Fees.DE, defC.Fees.DE)
		}
		if defA.Deadline != "P6W" || defB.Deadline != v1.Deadline {
			t.Fatalf("deadlines %q %q", defA.Deadline, defB.Deadline)
		}
		if hasField(defA, "eltern", "b_beratung") || !hasField(defB, "eltern", "b_beratung") || len(defB.Hints) != 1 {
			t.Fatalf("local field/hints leaked or missing: A %v B %v", hasField(defA, "eltern", "b_beratung"), defB.Hints)
		}
		// The shared definition is untouched.
		if shared, _ := Latest(ctx, db, "elterngeld"); shared.Definition.Fees.DE != v1.Fees.DE || hasField(shared.Definition, "eltern", "b_beratung") {
			t.Fatal("overlay changed the shared version")
		}
		na, _ := LocalNotice(ctx, db, a, "elterngeld")
		nb, _ := LocalNotice(ctx, db, b, "elterngeld")
		nc, _ := LocalNotice(ctx, db, c, "elterngeld")
		if na == nil || nb == nil || nc != nil || na.Title["approved"] != "Bescheid von A" || nb.Title["approved"] != "Bescheid von B" {
			t.Fatalf("notices %+v %+v %+v", na, nb, nc)
		}

		// A new shared version without the page "eltern" and without the
		// field the local rule reads reaches every tenant; B's local field
		// no longer fits and is reported and left out, the rest stays.
		v2 := clone(v1)
		v2.Version = 2
		pi := pageIndex(v2, "eltern")
		v2.Pages[pi].ID = "elternteile"
		if _, err := publish(ctx, db, v2); err != nil {
			t.Fatal(err)
		}
		defB, pb, err := Effective(ctx, db, b, "elterngeld")
		if err != nil || defB.Version != 2 || len(pb) != 1 || !strings.Contains(pb[0].String(), `page "eltern" does not exist`) {
			t.Fatalf("after v2: version %d, problems %v, err %v", defB.Version, pb, err)
		}
		if hasField(defB, "elternteile", "b_beratung") || defB.Fees.DE != "Gebühr B" {
			t.Fatalf("after v2: field kept %v, fees %q", hasField(defB, "elternteile", "b_beratung"), defB.Fees.DE)
		}
		so, _ := GetOverlay(ctx, db, b, "elterngeld")
		if probs, _ := CheckOverlay(ctx, db, so); so.BaseVersion != 1 || len(probs) != 1 {
			t.Fatalf("check: base %d, problems %v", so.BaseVersion, probs)
		}
		if _, pa, _ := Effective(ctx, db, a, "elterngeld"); len(pa) != 0 {
			t.Fatalf("A's overlay still fits: %v", pa)
		}
	})
}

func TestSaveOverlayRefusesWhatDoesNotFit(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := publish(ctx, db, demoDef(t, "elterngeld")); err != nil {
			t.Fatal(err)
		}
		tn, err := tenant.Create(ctx, db, "test", tenant.Tenant{Slug: "aa", Name: "A"})
		if err != nil {
			t.Fatal(err)
		}
		for name, raw := range map[string]string{
			"unknown key":           `{"fee": {"de": "x"}}`,
			"rule does not compile": `{"fields": [{"page": "eltern", "fields": [{"id": "x", "type": "yes_no", "label": {"de": "X"}, "visible_if": "answers.nope +"}]}]}`,
			"duplicate field id":    `{"fields": [{"page": "eltern", "fields": [{"id": "alleinerziehend", "type": "yes_no", "label": {"de": "X"}}]}]}`,
			"missing page":          `{"fields": [{"page": "nirgends", "fields": [{"id": "x", "type": "yes_no", "label": {"de": "X"}}]}]}`,
			"bad deadline":          `{"deadline": "drei Monate"}`,
			"notice does not parse": `{"notice": {"body": {"approved": "{{.Reference"}}}`,
			// A tenant's template must not stall the notice write: these
			// were accepted and held the database writer for seconds.
			"notice loops":        `{"notice": {"body": {"approved": "{{range 10000}}{{range 10000}}{{end}}{{end}}"}}}`,
			"notice printf width": `{"notice": {"remedy": "{{printf \"%0999999999d\" 1}}"}}`,
			"notice recursion":    `{"notice": {"title": {"rejected": "{{define \"x\"}}{{template \"x\"}}{{end}}{{template \"x\"}}"}}}`,
		} {
			if err := SaveOverlay(ctx, db, "admin", tn.ID, "elterngeld", []byte(raw)); fault.CodeOf(err) != fault.Invalid {
				t.Errorf("%s: %v, want Invalid", name, err)
			}
		}
		if _, err := GetOverlay(ctx, db, tn.ID, "elterngeld"); !fault.Is(err, fault.NotFound) {
			t.Fatalf("a refused overlay was stored: %v", err)
		}
	})
}

func hasField(def Definition, page, id string) bool {
	i := pageIndex(def, page)
	if i < 0 {
		return false
	}
	for _, f := range def.Pages[i].Fields {
		if f.ID == id {
			return true
		}
	}
	return false
}
