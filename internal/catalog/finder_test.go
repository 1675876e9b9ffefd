package catalog

import (
	"context"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// A small tree: Sachsen → Direktionsbezirk Chemnitz → Erzgebirgskreis →
// Gemeindeverband Amtsberg → Gemeinde Amtsberg, a second Gemeinde
// Annaberg-Buchholz and the kreisfreie Stadt Chemnitz.
const miniRegions = `satzart,textkennzeichen,land,rb,kreis,vb,gemeinde,gemeindename,flaeche,bevoelkerung,maennlich,weiblich,jekm2,postleitzahl,laengengrad,breitengrad,schluessel,bezeichnung,verstaedterungschluessel,verstaedterungbezeichnung
10,,14,,,,,Sachsen,,,,,,,,,,,,
20,,14,5,,,,Direktionsbezirk Chemnitz,,,,,,,,,,,,
40,41,14,5,11,,,"Chemnitz, Stadt",,,,,,,,,,,,
50,50,14,5,11,0000,,"Chemnitz, Stadt",,,,,,,,,,,,
60,61,14,5,11,0000,000,"Chemnitz, Stadt", 221.06, 246 334, 1, 1, 1,09111,"12,92","50,83",C01,x,01,x
40,44,14,5,21,,,Erzgebirgskreis,,,,,,,,,,,,
50,50,14,5,21,0010,,Amtsberg,,,,,,,,,,,,
60,64,14,5,21,0010,010,Amtsberg, 23.27, 3 689, 1, 1, 1,09439,"12,98","50,74",C06,x,02,x
50,50,14,5,21,0020,,"Annaberg-Buchholz, Stadt",,,,,,,,,,,,
60,63,14,5,21,0020,020,"Annaberg-Buchholz, Stadt", 28.15, 19 619, 1, 1, 1,09456,"13,00","50,58",C06,x,02,x
`

const miniLeiKa = `leika_key,name,service_type,ozg_id,ozg_name,lebenslage,themenfeld,legal_basis,law_shortcuts
99041006000000,Elterngeld,2/3,10000,Elterngeld,Geburt,Familie & Kind,,
99041006017000,Elterngeld Bewilligung,2/3,10000,Elterngeld,Geburt,Familie & Kind,,
99036008007000,Kraftfahrzeug Zulassung,2/3,10439,Kfz,Kfz-Besitz,Mobilität & Reisen,,
`

const miniAuthorities = `{
 "authorities": [
  {"key": "bund", "name": "Bundesamt"},
  {"key": "land", "name": "Landesamt"},
  {"key": "rb", "name": "Landesdirektion Chemnitz"},
  {"key": "lra", "name": "Landratsamt Erzgebirgskreis"},
  {"key": "lra-handel", "name": "Landratsamt Erzgebirgskreis, Händlerschalter", "parent": "lra"},
  {"key": "amtsberg", "name": "Gemeinde Amtsberg"},
  {"key": "chemnitz", "name": "Stadt Chemnitz"},
  {"key": "chemnitz-buerger", "name": "Stadt Chemnitz, Bürgerservice", "parent": "chemnitz"}
 ],
 "responsibilities": [
  {"service": "99041006", "regions": ["000000000000"], "authority": "bund"},
  {"service": "99041006", "regions": ["140000000000"], "authority": "land"},
  {"service": "99041006017000", "regions": ["145000000000"], "authority": "rb"},
  {"service": "99041006017000", "regions": ["145210000000"], "authority": "lra"},
  {"service": "99041006017000", "regions": ["145210010010"], "authority": "amtsberg"},
  {"service": "99036008007000", "regions": ["145210000000"], "authority": "lra"},
  {"service": "99036008007000", "regions": ["145210000000"], "authority": "lra-handel", "audience": "businesses"},
  {"service": "99036008007000", "regions": ["145110000000"], "authority": "chemnitz-buerger", "audience": "citizens"}
 ]
}`

// loadMini imports the small tree, catalog and authorities.
func loadMini(t *testing.T, db *store.DB) tenant.ID {
	t.Helper()
	ctx := context.Background()
	tenant := newTenant(t, db, "mini")
	if _, err := ImportRegions(ctx, db, strings.NewReader(miniRegions), "mini-gv.csv", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := ImportLeiKa(ctx, db, strings.NewReader(miniLeiKa), "mini-leika.csv", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := ImportAuthorities(ctx, db, tenant, strings.NewReader(miniAuthorities), "mini.json", nil); err != nil {
		t.Fatal(err)
	}
	return tenant
}

func TestFindMostSpecificWinsAndAudience(t *testing.T) {
	t.Parallel()
	const (
		amtsberg  = "145210010010"
		annaberg  = "145210020020"
		chemnitz  = "145110000000"
		elterngeB = "99041006017000"
		elterngeG = "99041006000000"
		kfz       = "99036008007000"
	)
	tests := []struct {
		name     string
		service  string
		ars      string
		audience Audience
		want     string // authority key; "" = not found
	}{
		{"Gemeinde beats Kreis", elterngeB, amtsberg, AudienceAny, "amtsberg"},
		{"Kreis beats Regierungsbezirk", elterngeB, annaberg, AudienceAny, "lra"},
		{"Regierungsbezirk beats Land (kreisfreie Stadt)", elterngeB, chemnitz, AudienceAny, "rb"},
		{"query at Kreis level", elterngeB, "145210000000", AudienceAny, "lra"},
		{"group at Land beats group at Deutschland", elterngeG, amtsberg, AudienceAny, "land"},
		{"group only at the root", elterngeG, RootARS, AudienceAny, "bund"},
		{"businesses get their own counter", kfz, annaberg, AudienceBusiness, "lra-handel"},
		{"citizens get the general one", kfz, annaberg, AudienceCitizens, "lra"},
		{"no audience prefers the general one", kfz, amtsberg, AudienceAny, "lra"},
		{"citizens-only responsibility", kfz, chemnitz, AudienceCitizens, "chemnitz-buerger"},
		{"businesses never get a citizens-only authority", kfz, chemnitz, AudienceBusiness, ""},
		{"no responsibility at all", kfz, "140000000000", AudienceAny, ""},
		{"unknown region", kfz, "149999999999", AudienceAny, ""},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tenant := loadMini(t, db)
		other := newTenant(t, db, "other")
		f := NewFinder(db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				fromIndex, errIndex := f.Find(ctx, tenant, tt.service, tt.ars, tt.audience)
				fromDB, errDB := Find(ctx, db, tenant, tt.service, tt.ars, tt.audience)
				for _, got := range []struct {
					a   Authority
					err error
				}{{fromIndex, errIndex}, {fromDB, errDB}} {
					if tt.want == "" {
						if !fault.Is(got.err, fault.NotFound) {
							t.Errorf("got %q, %v; want not found", got.a.Key, got.err)
						}
						continue
					}
					if got.err != nil || got.a.Key != tt.want {
						t.Errorf("got %q, %v; want %q", got.a.Key, got.err, tt.want)
					}
				}
				if _, err := f.Find(ctx, other, tt.service, tt.ars, tt.audience); !fault.Is(err, fault.NotFound) {
					t.Errorf("another tenant sees a responsibility: %v", err)
				}
			})
		}
	})
}

func TestFinderSeesChanges(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tenant := loadMini(t, db)
		f := NewFinder(db)
		if a, err := f.Find(ctx, tenant, "99036008007000", "145210020020", AudienceAny); err != nil || a.Key != "lra" {
			t.Fatalf("before: %q, %v", a.Key, err)
		}
		change := `{"authorities": [{"key": "annaberg", "name": "Stadt Annaberg-Buchholz"}],
			"responsibilities": [{"service": "99036008007000", "regions": ["145210020020"], "authority": "annaberg"}]}`
		if _, err := ImportAuthorities(ctx, db, tenant, strings.NewReader(change), "change.json", nil); err != nil {
			t.Fatal(err)
		}
		f.Invalidate()
		if a, err := f.Find(ctx, tenant, "99036008007000", "145210020020", AudienceAny); err != nil || a.Key != "annaberg" {
			t.Errorf("after: %q, %v; want annaberg", a.Key, err)
		}
	})
}
