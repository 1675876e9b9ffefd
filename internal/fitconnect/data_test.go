package fitconnect_test

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/fitconnect"
	"github.com/amtsweg/amtsweg/internal/procedure"
)

var fimKey = regexp.MustCompile(`^[FG][0-9A-Za-z-]+$`) // F05000059, also F00-4cb0dd14-… in the Bewohnerparken example

// TestDataOfRealFIM shapes answers to every field of real FIM schemas
// (the XDatenfelder 2 Bewohnerparken example and the XDatenfelder 3 test
// schema) imported by the real importer: every field and group is keyed
// by its FIM id at every depth, file fields hold attachmentIds, the
// schema URI is FITKO's, and AnswersOf gives the answers back.
func TestDataOfRealFIM(t *testing.T) {
	t.Parallel()
	for file, uri := range map[string]string{
		"../refdata/fim/examples/bewohnerparken/S05000058V1.0_xdf2.xml": "https://schema.fitko.de/fim/s05000058_1.0.schema.json",
		"../procedure/testdata/fim3/S99000001_xdf3.xml":                 "",
	} {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		def, _, err := procedure.ImportFIM(raw, procedure.DirCodeLists(os.DirFS("../refdata/fim/examples/bewohnerparken"), "."))
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if got := fitconnect.SchemaURI(def); uri != "" && got != uri {
			t.Errorf("%s: schema URI %s, want %s", file, got, uri)
		}
		var fields []procedure.Field
		for _, pg := range def.Pages {
			fields = append(fields, pg.Fields...)
		}
		answers := answerAll(fields)
		data := fitconnect.DataOf(def, answers, map[string]string{"7": "att-uuid"})
		if n := checkKeys(t, file, fields, data); n < 5 {
			t.Errorf("%s: only %d keyed fields", file, n)
		}
		answersBack, issues := fitconnect.AnswersOf(def, data, []fitconnect.AttachmentInfo{{AttachmentID: "att-uuid", Filename: "a.pdf"}})
		if len(issues) > 0 {
			t.Errorf("%s: issues %v", file, issues)
		}
		back, _ := json.Marshal(answersBack)
		want, _ := json.Marshal(answers)
		if files := regexp.MustCompile(`\{"attachment_id":"att-uuid","media_type":"","name":"a.pdf"\}`); string(want) != files.ReplaceAllString(string(back), `{"ref":"7"}`) {
			t.Errorf("%s: AnswersOf\n%s\nwant\n%s", file, back, want)
		}
	}
}

// answerAll answers every field: text, a group's fields, two entries of
// a repeatable group, one upload (ref 7) for a file field.
func answerAll(fields []procedure.Field) map[string]any {
	out := map[string]any{}
	for _, f := range fields {
		switch {
		case f.Type == procedure.Label:
		case f.Type == procedure.FileUpload:
			out[f.ID] = []any{map[string]any{"ref": "7"}}
		case f.Type == procedure.Group && f.Repeat == nil:
			out[f.ID] = answerAll(f.Fields)
		case f.Type == procedure.Group:
			out[f.ID] = []any{answerAll(f.Fields), answerAll(f.Fields)}
		default:
			out[f.ID] = "x"
		}
	}
	return out
}

// checkKeys checks that data is keyed by the FIM ids of fields at every
// depth and returns how many keys it checked.
func checkKeys(t *testing.T, file string, fields []procedure.Field, data map[string]any) int {
	n := 0
	for _, f := range fields {
		if f.Type == procedure.Label {
			continue
		}
		id, _ := strings.CutPrefix(f.Source, "FIM ")
		if !fimKey.MatchString(id) {
			id = f.ID // a field the importer made (the entry of a repeated Datenfeld) keeps its field id
		}
		v, ok := data[id]
		if !ok {
			t.Errorf("%s: field %s (%s) not in the data as %s: %v", file, f.ID, f.Source, id, keysOf(data))
			continue
		}
		n++
		switch {
		case f.Type == procedure.FileUpload:
			if l, _ := v.([]any); len(l) != 1 || l[0] != "att-uuid" {
				t.Errorf("%s: file field %s holds %v", file, id, v)
			}
		case f.Type == procedure.Group && f.Repeat == nil:
			m, _ := v.(map[string]any)
			n += checkKeys(t, file, f.Fields, m)
		case f.Type == procedure.Group:
			for _, e := range v.([]any) {
				n += checkKeys(t, file, f.Fields, e.(map[string]any))
			}
		}
	}
	return n
}

func keysOf(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
