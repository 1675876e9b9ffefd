package procedure

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestFIMSamples imports every XDatenfelder schema (a file whose name
// starts with S and contains "xdf") below the directory in
// AMTSWEG_FIM_SAMPLES, each with the code lists next to it, and logs how
// many of its rules are enforced, so the figures in docs/procedures.md can
// be measured again on real schemas the repository does not hold.
// Skipped when the variable is unset.
//
//	AMTSWEG_FIM_SAMPLES=/absolute/path/to/schemas go test -run TestFIMSamples -v ./internal/procedure/
func TestFIMSamples(t *testing.T) {
	dir := os.Getenv("AMTSWEG_FIM_SAMPLES")
	if dir == "" {
		t.Skip("AMTSWEG_FIM_SAMPLES not set")
	}
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name := d.Name(); !d.IsDir() && strings.HasPrefix(name, "S") && strings.Contains(name, "xdf") && strings.HasSuffix(name, ".xml") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no schema S*xdf*.xml below %s", dir)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		def, rep, err := ImportFIM(data, DirCodeLists(os.DirFS(filepath.Dir(file)), "."))
		took := time.Since(start)
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		enforced := 0
		for _, e := range rep.Rules {
			if e.Rule.Enforced {
				enforced++
			}
		}
		if _, err := Compile(def, "sample"); err != nil {
			t.Errorf("%s: the imported definition does not compile: %v", file, err)
		}
		t.Logf("%s: %s: %d of %d rules enforced, %d manual, %d warnings, import %v",
			filepath.Base(file), def.Title.DE, enforced, len(rep.Rules), len(rep.Rules)-enforced, len(rep.Warnings), took.Round(time.Millisecond))
	}
}
