package catalog

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/refdata"
)

func TestReadLeiKaRealCatalog(t *testing.T) {
	t.Parallel()
	services, findings, err := ReadLeiKa(bytes.NewReader(refdata.LeiKa), "leika-ozg-2019.csv")
	if err != nil {
		t.Fatal(err)
	}
	rejected, warnings := splitFindings(findings)
	if len(rejected) != 0 {
		t.Fatalf("real catalog has rejects: %v", rejected)
	}
	// 5,251 rows, one exact repetition (line 4548) skipped.
	if len(services) != 5250 {
		t.Errorf("services = %d, want 5250", len(services))
	}
	byKey := map[string]Service{}
	keyless := 0
	for _, s := range services {
		byKey[s.Key] = s
		if s.LeiKaKey == "" {
			keyless++
		}
	}
	if keyless != 437 { // 436 "nicht im LeiKa" - 1 repeated + 2 invalid keys
		t.Errorf("services without LeiKa key = %d, want 437", keyless)
	}
	if len(warnings) < keyless {
		t.Errorf("warnings = %d, want at least one per keyless row (%d)", len(warnings), keyless)
	}
	e := byKey["99041006017000"]
	if e.Name != "Elterngeld Bewilligung" || e.OZGID != "10000" || e.Topic != "Familie & Kind" || e.Audience != AudienceCitizens {
		t.Errorf("Elterngeld Bewilligung = %+v", e)
	}
	if len(e.LegalBasis) != 1 || e.LegalBasis[0].URL != "http://www.gesetze-im-internet.de/beeg/__7.html" {
		t.Errorf("legal basis = %+v", e.LegalBasis)
	}
	if g := byKey["99050012104000"]; g.Audience != AudienceBusiness {
		t.Errorf("Gewerbe Anmeldung audience = %q", g.Audience)
	}
	var test Service
	droppedLegal := 0
	for _, s := range services {
		if s.Name == "Test 124" {
			test = s
		}
		if slices.Contains(s.Flags, "placeholder-legal-basis") {
			droppedLegal++
		}
	}
	if droppedLegal != 2 { // "asdqw" and "wqfwe" on the two test rows
		t.Errorf("legal bases dropped as placeholders = %d, want 2", droppedLegal)
	}
	if !test.Placeholder || len(test.LegalBasis) != 0 || !strings.HasPrefix(test.Key, "nl-") {
		t.Errorf("test row = %+v, want placeholder without legal basis under a local key", test)
	}
}

func TestReadLeiKaFindings(t *testing.T) {
	t.Parallel()
	const header = "leika_key,name,service_type,ozg_id,ozg_name,lebenslage,themenfeld,legal_basis,law_shortcuts\n"
	tests := []struct {
		name      string
		in        string
		wantErr   bool
		wantLine  int
		wantField string
		wantKept  bool
	}{
		{"wrong header", "key,name\n1,2\n", true, 0, "", false},
		{"too few fields", header + "99041006000000,Elterngeld,2/3\n", false, 2, "", false},
		{"empty name", header + "99041006000000, ,2/3,10000,Elterngeld,Geburt,Familie & Kind,,\n", false, 2, "name", false},
		{"duplicate key", header + "99041006000000,Elterngeld,2/3,10000,E,Geburt,F,,\n99041006000000,Anderes,2/3,10000,E,Geburt,F,,\n", false, 3, "leika_key", false},
		{"no key is a warning", header + "nicht im LeiKa,Neues,1,1,E,Geburt,F,,\n", false, 2, "leika_key", true},
		{"placeholder legal basis", header + "99041006000000,Elterngeld,2/3,10000,E,Geburt,F,Platzhalter,\n", false, 2, "legal_basis", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, findings, err := ReadLeiKa(strings.NewReader(tt.in), "x.csv")
			if tt.wantErr {
				if !fault.Is(err, fault.Invalid) || !strings.Contains(err.Error(), "x.csv:1") {
					t.Fatalf("err = %v, want invalid naming x.csv:1", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(findings) != 1 {
				t.Fatalf("findings = %v, want one", findings)
			}
			f := findings[0]
			if f.Line != tt.wantLine || f.Field != tt.wantField || f.Kept != tt.wantKept || f.File != "x.csv" {
				t.Errorf("finding = %+v, want line %d field %q kept %v", f, tt.wantLine, tt.wantField, tt.wantKept)
			}
		})
	}
}
