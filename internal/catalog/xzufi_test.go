package catalog

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

func TestImportXZuFi(t *testing.T) {
	t.Parallel()
	msg, err := os.ReadFile("testdata/xzufi-beispiel.xml")
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tenant := loadMini(t, db)
		first, err := ImportXZuFi(ctx, db, tenant, strings.NewReader(string(msg)), "xzufi-beispiel.xml", nil)
		if err != nil {
			t.Fatal(err)
		}
		// Services: 1 created (xz-sn-hundesteuer), 1 updated (Elterngeld); 2 authorities
		// created; responsibilities: 2 created, 1 moved from the mini Landratsamt.
		if first.Created != 5 || first.Updated != 2 || len(first.Warnings) != 1 {
			t.Errorf("first = %s, want 5 created, 2 updated, 1 warning (placeholder)", first)
		}
		second, err := ImportXZuFi(ctx, db, tenant, strings.NewReader(string(msg)), "xzufi-beispiel.xml", nil)
		if err != nil || second.Created+second.Updated != 0 || second.Unchanged != 7 {
			t.Errorf("second = %s, %v; want 7 unchanged", second, err)
		}
		s, err := GetService(ctx, db, "99041006017000")
		if err != nil {
			t.Fatal(err)
		}
		if s.Name != "Elterngeld beantragen" || !strings.HasPrefix(s.Texts.Summary, "Elterngeld unterstützt") ||
			s.Texts.Fees != "" || len(s.LegalBasis) != 1 || s.OZGID != "10000" {
			t.Errorf("merged service = %+v", s)
		}
		en := s.Translations["en"]
		if en.Name != "Applying for parental allowance" || en.Texts.Summary != "Parental allowance supports families after the birth of a child." {
			t.Errorf("English of the merged service = %+v, want the message's en-GB texts", en)
		}
		if s.NameIn("en") != en.Name || s.NameIn("fr") != s.Name {
			t.Errorf("NameIn = %q / %q", s.NameIn("en"), s.NameIn("fr"))
		}
		tests := []struct{ service, ars, want string }{
			{"99041006017000", "145210020020", "oe-lra-erz-eg"}, // Kreis from gebietID 14521
			{"99041006017000", "145210010010", "amtsberg"},      // the Gemeinde still wins
			{"xz-sn-hundesteuer", "145210010010", "oe-lra-erz"},
		}
		for _, tt := range tests {
			a, err := Find(ctx, db, tenant, tt.service, tt.ars, AudienceAny)
			if err != nil || a.Key != tt.want {
				t.Errorf("Find(%s, %s) = %q, %v; want %q", tt.service, tt.ars, a.Key, err, tt.want)
			}
		}
		eg, _ := Find(ctx, db, tenant, "99041006017000", "145210020020", AudienceAny)
		if eg.ParentID == 0 {
			t.Errorf("Elterngeldstelle has no parent: %+v", eg)
		}
	})
}

// TestReadXZuFiFindings: XML that is not well-formed or holds no object
// is an error with file and line; a bad object is a Skipped finding with
// file, line and element, and the rest of the file is read.
func TestReadXZuFiFindings(t *testing.T) {
	t.Parallel()
	errs := []struct{ name, in, want string }{
		{"not xml", "<a><b></a>", "x.xml:1"},
		{"nothing known", "<a/>", "no leistung"},
	}
	for _, tt := range errs {
		if _, _, err := ReadXZuFi(strings.NewReader(tt.in), "x.xml"); !fault.Is(err, fault.Invalid) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
	good := "<leistung><id>L1</id><referenzLeiKa><code>99041006017000</code></referenzLeiKa></leistung>"
	skips := []struct{ name, in, want string }{
		{"bad gebietID", "<r>" + good + "\n<zustaendigkeitOrganisationseinheit><uebergeordnetesObjektID>o</uebergeordnetesObjektID>" +
			"<zustaendigkeit><leistungID>99041006017000</leistungID><gebietID>1452</gebietID></zustaendigkeit></zustaendigkeitOrganisationseinheit></r>", "x.xml:2: zustaendigkeit/gebietID"},
		{"AGS list, ARS value", "<r>" + good + "\n<zustaendigkeitOrganisationseinheit><uebergeordnetesObjektID>o</uebergeordnetesObjektID>" +
			"<zustaendigkeit><leistungID>L1</leistungID><gebietID listURI=\"" + agsList + "\">145210010010</gebietID></zustaendigkeit></zustaendigkeitOrganisationseinheit></r>", "x.xml:2: zustaendigkeit/gebietID"},
		{"unknown leistungID", "<r>" + good + "\n\n<zustaendigkeitOrganisationseinheit><uebergeordnetesObjektID>o</uebergeordnetesObjektID>" +
			"<zustaendigkeit><leistungID>L9</leistungID><gebietID>14</gebietID></zustaendigkeit></zustaendigkeitOrganisationseinheit></r>", "x.xml:3: zustaendigkeit/leistungID"},
		{"oe without name", "<r>" + good + "<organisationseinheit><id>o</id></organisationseinheit></r>", "x.xml:1: organisationseinheit/name/name"},
		{"leistung without id", "<r>" + good + "\n<leistung><modulText><leikaTextmodul><code>02</code></leikaTextmodul><inhalt>Name</inhalt></modulText></leistung></r>", "x.xml:2: leistung/id"},
	}
	for _, tt := range skips {
		t.Run(tt.name, func(t *testing.T) {
			f, findings, err := ReadXZuFi(strings.NewReader(tt.in), "x.xml")
			if err != nil {
				t.Fatal(err)
			}
			rejected, warnings := splitFindings(findings)
			if len(rejected) != 0 || len(warnings) != 1 || !warnings[0].Skipped || !strings.Contains(warnings[0].String(), tt.want) {
				t.Errorf("findings = %v, want one skipped %q", findings, tt.want)
			}
			if len(f.Services) != 1 || f.Services[0].Key != "99041006017000" {
				t.Errorf("the good leistung was not kept: %+v", f.Services)
			}
		})
	}
}
