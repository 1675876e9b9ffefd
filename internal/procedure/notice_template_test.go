package procedure

import (
	"strings"
	"testing"
	"text/template"
	"time"
)

var testNoticeFuncs = template.FuncMap{"date": func(v any) string { return "d" }, "upper": strings.ToUpper}

// TestNoticeTemplateSubset: every construct whose cost is not bounded by
// the source is refused with a message naming it; the constructs the
// shared templates use are accepted.
func TestNoticeTemplateSubset(t *testing.T) {
	t.Parallel()
	refused := map[string]string{
		"{{range 10000}}{{range 10000}}{{end}}{{end}}": "range",
		"{{range $i, $e := .List}}{{$e}}{{end}}":       "range",
		`{{define "x"}}{{template "x"}}{{end}}`:        "define",
		`{{template "x"}}`:                             "template",
		`{{block "x" .}}{{end}}`:                       "define",
		`{{printf "%0999999999d" 1}}`:                  "printf",
		`{{print .}}`:                                  "print",
		`{{call .F}}`:                                  "call",
		`{{if true}}{{printf "%d" 1}}{{end}}`:          "printf",
		`{{with .A}}{{else}}{{js .}}{{end}}`:           "js",
		`{{upper (printf "%s" .A)}}`:                   "printf",
		strings.Repeat("x", MaxNoticeTemplate+1):       "bytes long",
		`{{if .A}}{{range .B}}{{end}}{{else}}{{end}}`:  "range",
		`{{with $x := .A}}{{slice $x 1 2}}{{end}}`:     "slice",
		`{{- /* c */ -}}{{html .A}}`:                   "html",
		"{{.A | urlquery}}":                            "urlquery",
		"{{.A | printf \"%v\"}}":                       "printf",
		"{{len .A | printf \"%[1]*d\" 1000000000}}":    "printf",
		"{{if eq .A \"x\"}}{{break}}{{end}}":           "", // break outside range does not parse
	}
	for src, want := range refused {
		_, err := ParseNoticeTemplate("body", src, testNoticeFuncs)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%.60q: %v, want an error naming %q", src, err, want)
		}
	}
	allowed := []string{
		"Sehr geehrte Damen und Herren, {{.Reference}} vom {{date .ReceivedAt}}.",
		`{{with .Answers.kind_vorname}}für {{.}}{{else}}{{upper "x"}}{{end}}`,
		`{{if and (eq .Outcome "abgelehnt") (not .A)}}nein{{else if ge (len .B) 2}}ja{{end}}`,
		`{{index .Answers "x"}} {{$v := .A}}{{$v}}`,
	}
	for _, src := range allowed {
		if _, err := ParseNoticeTemplate("body", src, testNoticeFuncs); err != nil {
			t.Errorf("%q refused: %v", src, err)
		}
	}
}

// TestNoticeTemplateOutputCapped: a template that would write more than
// MaxNoticeOutput stops with an error, fast.
func TestNoticeTemplateOutputCapped(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("x", 30<<10)
	tpl, err := ParseNoticeTemplate("body", "{{.A}}{{.A}}{{.A}}{{.A}}{{.A}}{{.A}}{{.A}}{{.A}}{{.A}}{{.A}}", testNoticeFuncs)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = ExecuteNoticeTemplate(tpl, map[string]string{"A": big})
	if !IsNoticeTooLong(err) {
		t.Fatalf("%v, want the output cap", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("took %v", d)
	}
	out, err := ExecuteNoticeTemplate(tpl, map[string]string{"A": "ab"})
	if err != nil || out != strings.Repeat("ab", 10) {
		t.Fatalf("%q %v", out, err)
	}
}
