package casework_test

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// realPackagePaths lists the element paths of the Thüringen state
// archive's 0503 test package (see ../akte/testdata/README.md).
const realPackagePaths = "../akte/testdata/thueringen-0503.paths"

// notFilled are the element paths of the real package amtsweg's 0503
// leaves out, each with the reason. Everything else the real package has,
// the export must have too.
var notFilled = map[string]string{
	"/Kopf/Hinweis": "no free-text note to the archive: the conversation's state is in the messages themselves",
	"/Kopf/Absender/Behoerdenkennung/Praefix":                    "no Präfix is agreed; the Behördenschlüssel is the agreed code (--sender-key)",
	"/Kopf/Empfaenger/Behoerdenkennung/Praefix":                  "no Präfix is agreed; the Behördenschlüssel is the agreed code (--archive-key)",
	"/Kopf/Absender/Behoerdenkennung/Behoerdenschluessel/name":   "the code alone; the institution's name follows in Institution/Name",
	"/Kopf/Empfaenger/Behoerdenkennung/Behoerdenschluessel/name": "the code alone; the archive's name follows in Institution/Name",
}

// personPaths are the contact details of a natural person in the Kopf
// (Name, Anrede, Anschrift, Kommunikation, Geburt, ...): amtsweg sends an
// institution and its unit, never a person, so none of them applies.
var personParts = []string{"/Name", "/Taetigkeit", "/Zustaendigkeit", "/Anschrift", "/Kommunikation", "/Rolle",
	"/UnstrukturierteAnschrift", "/Geburt", "/Institution/Kurzbezeichnung"}

func excused(path string) bool {
	for p := range notFilled {
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	for _, side := range []string{"/Kopf/Absender", "/Kopf/Empfaenger"} {
		for _, p := range personParts {
			if path == side+p || strings.HasPrefix(path, side+p+"/") {
				return true
			}
		}
	}
	return false
}

// TestExportInventory compares the element paths of an exported 0503 with
// the real archive package's: every path of the real package must be in
// the export or excused with its reason, and no excuse may be stale.
func TestExportInventory(t *testing.T) {
	t.Parallel()
	real := readPaths(t)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		c := f.closedFiledCase(t, "A")
		var buf bytes.Buffer
		ex := must(f.akte.Export(ctx(), &buf, f.tenant, c.Reference, archiveOpt))(t)
		ours := elementPaths(t, messageOf(t, buf.Bytes(), ex.ProcessID, "Aussonderung.Aussonderung.0503"))
		var missing, stale []string
		for _, p := range real {
			switch {
			case ours[p] && excused(p):
				stale = append(stale, p)
			case !ours[p] && !excused(p):
				missing = append(missing, p)
			}
		}
		if len(missing)+len(stale) > 0 {
			t.Fatalf("the export lacks what the real package carries:\n  %s\nexcused but exported:\n  %s",
				strings.Join(missing, "\n  "), strings.Join(stale, "\n  "))
		}
		var extra []string
		for p := range ours {
			if !slices.Contains(real, p) {
				extra = append(extra, p)
			}
		}
		slices.Sort(extra)
		t.Logf("the export has %d element paths, the real package %d; beyond it: %s", len(ours), len(real), strings.Join(extra, " "))
	})
}

func readPaths(t *testing.T) []string {
	t.Helper()
	fh, err := os.Open(realPackagePaths)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var out []string
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	if len(out) < 100 {
		t.Fatalf("%s: %d paths, want the whole package", realPackagePaths, len(out))
	}
	return out
}

// elementPaths are the paths of every element below the root, by local
// name ("/Kopf/ProzessID").
func elementPaths(t *testing.T, msg []byte) map[string]bool {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(msg))
	out := map[string]bool{}
	var stack []string
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			stack = append(stack, e.Name.Local)
			if len(stack) > 1 {
				out["/"+strings.Join(stack[1:], "/")] = true
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
}
