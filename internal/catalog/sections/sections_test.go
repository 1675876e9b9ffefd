package sections

import (
	"reflect"
	"testing"

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/procedure"
)

// leikaOnly is a service as the LeiKa import stores it: names, OZG data,
// legal basis, no texts.
func leikaOnly() catalog.Service {
	return catalog.Service{Key: "99115005104000", Name: "Wohnsitz Anmeldung", Source: "leika",
		OZGName: "Wohnsitzmeldungen", LifeSituation: "Wohnen & Umzug", Topic: "Bauen & Wohnen",
		LegalBasis: []catalog.LegalRef{{Text: "§ 17 Absatz 1 Bundesmeldegesetz (BMG)", URL: "http://www.gesetze-im-internet.de/bmg/__17.html"}}}
}

// withTexts is the same service after an XZuFi import.
func withTexts() catalog.Service {
	s := leikaOnly()
	s.Source = "xzufi"
	s.Texts = catalog.Texts{Summary: "Nach einem Umzug melden Sie sich an.", Fees: "gebührenfrei", Deadlines: "zwei Wochen"}
	return s
}

// def is a procedure with an intro, a file field inside a group, fees and
// a processing deadline.
func def() *procedure.Definition {
	return &procedure.Definition{ID: "wohnsitz", Assurance: "substantial", Deadline: "P2W", ApprovalFiction: true,
		Intro: procedure.Text{DE: "Wer einzieht, meldet sich an.", EN: "Whoever moves in registers."},
		Fees:  procedure.Fees{Text: procedure.Text{DE: "Die Anmeldung ist gebührenfrei.", EN: "Registering is free."}},
		Pages: []procedure.Page{{ID: "a", Fields: []procedure.Field{
			{ID: "g", Type: procedure.Group, Fields: []procedure.Field{
				{ID: "f", Type: procedure.FileUpload, Label: procedure.Text{DE: "Wohnungsgeberbestätigung", EN: "Landlord's confirmation"}}}},
			{ID: "x", Type: procedure.ShortText, Label: procedure.Text{DE: "Name"}}}}}}
}

// sources maps each filled section to its source.
func sources(secs []Section) map[ID]Source {
	out := map[ID]Source{}
	for _, s := range secs {
		if len(s.Lines) == 0 {
			panic("empty section " + s.ID)
		}
		out[s.ID] = s.Source
	}
	return out
}

// TestSourceRule: each section is filled from the best source there is,
// and a section without one is left out.
func TestSourceRule(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		s    catalog.Service
		def  *procedure.Definition
		want map[ID]Source
	}{
		{"LeiKa only", leikaOnly(), nil, map[ID]Source{What: FromLeiKa, Legal: FromLeiKa}},
		{"LeiKa and procedure", leikaOnly(), def(), map[ID]Source{What: FromProcedure, Documents: FromProcedure,
			Costs: FromProcedure, Duration: FromProcedure, Process: FromProcedure, Legal: FromLeiKa}},
		{"XZuFi texts first", withTexts(), def(), map[ID]Source{What: FromService, Documents: FromProcedure,
			Costs: FromService, Duration: FromProcedure, Deadlines: FromService, Process: FromProcedure, Legal: FromService}},
		{"nothing known", catalog.Service{Name: "X", Source: "leika"}, nil, map[ID]Source{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := sources(Of(tc.s, tc.def, "de")); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("sources %v, want %v", got, tc.want)
			}
		})
	}
}

// TestProcedureSections: what the procedure's definition says, in words.
func TestProcedureSections(t *testing.T) {
	t.Parallel()
	secs := map[ID]Section{}
	for _, s := range Of(leikaOnly(), def(), "de") {
		secs[s.ID] = s
	}
	if d := secs[Documents]; !d.List || len(d.Lines) != 1 || d.Lines[0].Text != "Wohnungsgeberbestätigung" {
		t.Errorf("documents %+v", d)
	}
	dur := secs[Duration].Lines
	if len(dur) != 2 || dur[0].Key != "servicepage.duration.weeks" || dur[0].Args[1] != 2 || dur[1].Key != "servicepage.duration.fiction" {
		t.Errorf("duration %+v", dur)
	}
	var keys []string
	for _, l := range secs[Process].Lines {
		keys = append(keys, l.Key)
	}
	want := []string{"servicepage.process.login.substantial", "servicepage.process.fill", "servicepage.process.submit",
		"servicepage.process.receipt", "servicepage.process.notice"}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("process %v", keys)
	}
	guest := def()
	guest.Guest = true
	if a := Access(guest); a.Key != "servicepage.access.guest" {
		t.Errorf("guest access %q", a.Key)
	}
	if a := Access(def()); a.Key != "servicepage.access.substantial" {
		t.Errorf("access %q", a.Key)
	}
}

// TestEnglish: the service's translation first, then the procedure's
// English, then German marked as German.
func TestEnglish(t *testing.T) {
	t.Parallel()
	translated := withTexts()
	translated.Translations = map[string]catalog.Translation{"en": {Name: "Register residence",
		Texts: catalog.Texts{Summary: "After moving, you register."}}}
	tests := []struct {
		name     string
		s        catalog.Service
		def      *procedure.Definition
		what     Line
		whatFrom Source
		costs    Line
	}{
		{"translation", translated, def(), Line{Text: "After moving, you register.", Lang: "en"}, FromService,
			Line{Text: "Registering is free.", Lang: "en"}},
		{"translation without procedure", translated, nil, Line{Text: "After moving, you register.", Lang: "en"}, FromService,
			Line{Text: "gebührenfrei", Lang: "de"}},
		{"procedure English", leikaOnly(), def(), Line{Text: "Whoever moves in registers.", Lang: "en"}, FromProcedure,
			Line{Text: "Registering is free.", Lang: "en"}},
		{"procedure English beats German service text", withTexts(), def(), Line{Text: "Whoever moves in registers.", Lang: "en"},
			FromProcedure, Line{Text: "Registering is free.", Lang: "en"}},
		{"German marked", withTexts(), nil, Line{Text: "Nach einem Umzug melden Sie sich an.", Lang: "de"}, FromService,
			Line{Text: "gebührenfrei", Lang: "de"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			secs := map[ID]Section{}
			for _, s := range Of(tc.s, tc.def, "en") {
				secs[s.ID] = s
			}
			if w := secs[What]; w.Source != tc.whatFrom || !reflect.DeepEqual(w.Lines[0], tc.what) {
				t.Errorf("what %+v", w)
			}
			if c := secs[Costs]; !reflect.DeepEqual(c.Lines[0], tc.costs) {
				t.Errorf("costs %+v", c)
			}
		})
	}
}

// TestSummary: one sentence of the best description, or the LeiKa line.
func TestSummary(t *testing.T) {
	t.Parallel()
	long := def()
	long.Intro.DE = "Wer in eine Wohnung einzieht, muss sich innerhalb von zwei Wochen anmelden (§ 17 Abs. 1 BMG). Sie können Angehörige mit anmelden."
	if l, ok := Summary(leikaOnly(), long, "de"); !ok || l.Text != "Wer in eine Wohnung einzieht, muss sich innerhalb von zwei Wochen anmelden (§ 17 Abs. 1 BMG)." {
		t.Errorf("procedure summary %+v", l)
	}
	l, ok := Summary(leikaOnly(), nil, "de")
	if !ok || l.Key != "servicepage.leika.ozg_situation" || l.Args[1] != "Wohnsitzmeldungen" || l.Args[3] != "Wohnen & Umzug" {
		t.Errorf("LeiKa summary %+v", l)
	}
	same := leikaOnly()
	same.OZGName = same.Name
	if l, _ := Summary(same, nil, "de"); l.Key != "servicepage.leika.situation" {
		t.Errorf("OZG name equal to the name: %+v", l)
	}
	if _, ok := Summary(catalog.Service{Name: "X"}, nil, "de"); ok {
		t.Error("a summary of nothing")
	}
}

// TestFirstSentence: abbreviations and numbers do not end a sentence;
// long sentences are cut at a word.
func TestFirstSentence(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Eins. Zwei.", "Eins."},
		{"Sie brauchen z. B. einen Ausweis. Dann geht es los.", "Sie brauchen z. B. einen Ausweis."},
		{"Nach § 3 Nr. 2 BMG gilt das. Sonst nicht.", "Nach § 3 Nr. 2 BMG gilt das."},
		{"Am 1. Januar beginnt es. Danach nicht.", "Am 1. Januar beginnt es."},
		{"Ist das so? Ja.", "Ist das so?"},
		{"kein Ende", "kein Ende"},
		{"Ein sehr langer Satz ohne Ende der immer weiter geht und weiter", "Ein sehr langer Satz ohne…"},
	}
	for _, tc := range tests {
		limit := 200
		if len(tc.in) > 60 {
			limit = 30
		}
		if got := FirstSentence(tc.in, limit); got != tc.want {
			t.Errorf("FirstSentence(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestName: the translation, else the title of a procedure for this
// service alone, else German.
func TestName(t *testing.T) {
	t.Parallel()
	one := def()
	one.Title = procedure.Text{DE: "Wohnsitz anmelden", EN: "Register your residence"}
	one.LeiKa = []string{"99115005104000"}
	several := def()
	several.Title = one.Title
	several.LeiKa = []string{"99115005104000", "99115005104001"}
	translated := leikaOnly()
	translated.Translations = map[string]catalog.Translation{"en": {Name: "Registering a residence"}}
	tests := []struct {
		name       string
		s          catalog.Service
		def        *procedure.Definition
		lang       string
		want, from string
	}{
		{"German", translated, one, "de", "Wohnsitz Anmeldung", "de"},
		{"translation", translated, one, "en", "Registering a residence", "en"},
		{"procedure title", leikaOnly(), one, "en", "Register your residence", "en"},
		{"procedure of several", leikaOnly(), several, "en", "Wohnsitz Anmeldung", "de"},
		{"nothing", leikaOnly(), nil, "en", "Wohnsitz Anmeldung", "de"},
	}
	for _, tc := range tests {
		if n, l := Name(tc.s, tc.def, tc.lang); n != tc.want || l != tc.from {
			t.Errorf("%s: %q (%s), want %q (%s)", tc.name, n, l, tc.want, tc.from)
		}
	}
}

// TestDescriptionWithIntro: the catalog's description comes first and the
// online procedure's intro follows it, in the page's language; without a
// procedure the description stands alone.
func TestDescriptionWithIntro(t *testing.T) {
	t.Parallel()
	what := func(s catalog.Service, d *procedure.Definition, lang string) []Line { return Of(s, d, lang)[0].Lines }
	if got, want := what(withTexts(), def(), "de"), []Line{{Text: "Nach einem Umzug melden Sie sich an.", Lang: "de"},
		{Text: "Wer einzieht, meldet sich an.", Lang: "de"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("de: %+v, want %+v", got, want)
	}
	translated := withTexts()
	translated.Translations = map[string]catalog.Translation{"en": {Texts: catalog.Texts{Summary: "After moving, you register."}}}
	if got, want := what(translated, def(), "en"), []Line{{Text: "After moving, you register.", Lang: "en"},
		{Text: "Whoever moves in registers.", Lang: "en"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("en: %+v, want %+v", got, want)
	}
	if got := what(withTexts(), nil, "de"); len(got) != 1 {
		t.Errorf("without a procedure: %+v", got)
	}
}
