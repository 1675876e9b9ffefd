package procedure

import (
	"strings"
	"testing"
)

// TestFilingChecked: a definition's Aussonderungsart is A, B or V; the
// filing-plan unit is free text the tenant's plan resolves (package akte).
func TestFilingChecked(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, filing, problem string }{
		{"archive", `filing: {unit: "32.10.05", disposal: A}`, ""},
		{"appraise", `filing: {disposal: B}`, ""},
		{"destroy", `filing: {unit: "1"}`, ""},
		{"unknown code", `filing: {unit: "1", disposal: X}`, `filing.disposal "X" must be A (archivieren), B (bewerten) or V (vernichten)`},
		{"lower case", `filing: {disposal: a}`, `filing.disposal "a"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			src := "id: filing-test\nversion: 1\ntitle: {de: T}\nassurance: low\nguest: true\ndeadline: P1M\nretention: P1Y\n" +
				tc.filing + "\npages:\n  - id: p\n    title: {de: P}\n    fields:\n      - {id: a, type: short_text, label: {de: A}}\n"
			def, err := Load([]byte(src), "filing.yaml")
			switch {
			case tc.problem == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.problem != "" && (err == nil || !strings.Contains(err.Error(), tc.problem)):
				t.Fatalf("error %v, want %q", err, tc.problem)
			case tc.problem == "" && def.Def.Filing.Disposal == "" && def.Def.Filing.Unit == "":
				t.Fatalf("filing %+v lost", def.Def.Filing)
			}
		})
	}
}
