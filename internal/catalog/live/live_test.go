package live_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/catalog/live"
	"github.com/amtsweg/amtsweg/internal/demo"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

const leikaHead = "leika_key,name,service_type,ozg_id,ozg_name,lebenslage,themenfeld,legal_basis,law_shortcuts\n"

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func importLeiKa(t *testing.T, db *store.DB, rows string) {
	t.Helper()
	if _, err := catalog.ImportLeiKa(context.Background(), db, strings.NewReader(leikaHead+rows), "t.csv", nil); err != nil {
		t.Fatal(err)
	}
}

// keys returns the keys of a search's hits.
func keys(t *testing.T, c *live.Catalog, q live.Query) []string {
	t.Helper()
	res, err := c.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("search %+v: %v", q, err)
	}
	var out []string
	for _, e := range res.Items {
		out = append(out, e.Key)
	}
	return out
}

// TestChangeByAnotherProcess: a catalog change written through another
// database handle (as `amtsweg import leika` or a second server would)
// reaches the running model within a few checks; placeholders never do.
func TestChangeByAnotherProcess(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			dsn := storetest.DSN(t, d)
			server, other := open(t, dsn), open(t, dsn)
			importLeiKa(t, server, "99041006000000,Elterngeld,2/3,10000,Elterngeld,Geburt,Familie & Kind,,\n")
			c, err := live.Open(ctx, server, quiet)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			c.CheckEvery = 20 * time.Millisecond
			go c.Run(ctx)

			if got := keys(t, c, live.Query{Text: "Hundesteuer"}); len(got) != 0 {
				t.Fatalf("before the import: %v", got)
			}
			importLeiKa(t, other, "99041006000000,Elterngeld,2/3,10000,Elterngeld,Geburt,Familie & Kind,,\n"+
				"99048001000000,Hundesteuer Anmeldung,5,1,Hundesteuer,Tierhaltung,Steuern & Zoll,,\n"+
				"99048009000000,Test 124,5,1,Test,Tierhaltung,Steuern & Zoll,,\n")
			waitFor(t, func() bool { return len(keys(t, c, live.Query{Text: "Hundesteuer"})) > 0 })
			if got := keys(t, c, live.Query{Text: "Hundesteuer"}); strings.Join(got, ",") != "99048001000000" {
				t.Errorf("after the import: %v, want only the Hundesteuer service", got)
			}
			if _, err := c.Service("99048009000000"); !fault.Is(err, fault.NotFound) {
				t.Errorf("placeholder service: %v, want not found", err)
			}
			if _, err := c.Topic("steuern-zoll"); err != nil {
				t.Errorf("new topic: %v", err)
			}
		})
	}
}

func open(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background(), quiet); err != nil {
		t.Fatal(err)
	}
	return db
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !ok(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("change not seen within 5s")
		}
	}
}

// TestDemo checks the model over the demo data: search, filters by slug
// and name, validation, popular services with procedures first, facets.
func TestDemo(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := demo.Seed(ctx, db, quiet); err != nil {
			t.Fatal(err)
		}
		c, err := live.Open(ctx, db, quiet)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if got := keys(t, c, live.Query{Text: "Wohnsitz anmelden"}); len(got) == 0 || got[0] != "99115005104000" {
			t.Errorf("Wohnsitz anmelden: %v, want 99115005104000 first", got)
		}
		popular := c.Popular(20)
		if len(popular) < 8 || popular[0].ProcedureID == "" {
			t.Fatalf("popular: %d services, first %+v", len(popular), popular[0].Key)
		}
		for i := 1; i < len(popular); i++ {
			if popular[i-1].ProcedureID == "" && popular[i].ProcedureID != "" {
				t.Errorf("popular: %s with a procedure after %s without", popular[i].Key, popular[i-1].Key)
			}
		}
		if n := len(c.Topics()); n != 14 {
			t.Errorf("%d topics, want 14", n)
		}
		tests := []struct {
			name  string
			q     live.Query
			field string // expected field error, "" for success
			check func(live.Results) bool
		}{
			{"topic by slug", live.Query{Topic: "familie-kind", PerPage: 100}, "", func(r live.Results) bool { return r.Total == 232 && r.Topic.Name == "Familie & Kind" }},
			{"topic by name", live.Query{Topic: "Familie & Kind"}, "", func(r live.Results) bool { return r.Total == 232 }},
			{"situation and audience", live.Query{Situation: "geburt", Audience: "citizens"}, "", func(r live.Results) bool { return r.Total > 0 && r.Total <= 32 }},
			{"paging", live.Query{Text: "Genehmigung", Page: 2, PerPage: 5}, "", func(r live.Results) bool { return len(r.Items) == 5 && r.Page == 2 && r.Pages > 2 }},
			{"did you mean", live.Query{Text: "Elterngelt"}, "", func(r live.Results) bool { return r.Total > 0 || r.DidYouMean != "" }},
			{"unknown topic", live.Query{Topic: "quatsch"}, "topic", nil},
			{"unknown audience", live.Query{Audience: "aliens"}, "audience", nil},
			{"negative page", live.Query{Page: -1}, "page", nil},
			{"long text", live.Query{Text: strings.Repeat("a", 201)}, "q", nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r, err := c.Search(ctx, tt.q)
				if tt.field != "" {
					var fe *fault.Error
					if !asFault(err, &fe) || len(fe.Fields) != 1 || fe.Fields[0].Field != tt.field {
						t.Fatalf("err %v, want a field error on %s", err, tt.field)
					}
					return
				}
				if err != nil || !tt.check(r) {
					t.Errorf("err %v, results total %d page %d/%d items %d", err, r.Total, r.Page, r.Pages, len(r.Items))
				}
			})
		}
	})
}

func asFault(err error, fe **fault.Error) bool { return errors.As(err, fe) }

func TestSlug(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Familie & Kind", "familie-kind"},
		{"Unternehmensführung & -entwicklung", "unternehmensfuehrung-entwicklung"},
		{"(Drohender) Arbeitsplatzverlust & -suche", "drohender-arbeitsplatzverlust-suche"},
		{"Straße", "strasse"},
		{"&", "x"},
	}
	for _, tt := range tests {
		if got := live.Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
