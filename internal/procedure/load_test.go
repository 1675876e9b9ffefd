package procedure

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/fault"
)

const minimal = `id: t1
version: 1
title: {de: T}
assurance: low
guest: true
deadline: P1M
retention: P1Y
pages:
  - id: p
    title: {de: P}
    fields:
`

func TestLoadRejectsBadDefinitions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		fields string
		want   []string // parts of the error message
	}{
		{"unknown variable in rule", `      - {id: a, type: integer, label: {de: A}, checks: [{expr: "answers.b > 1", message: {de: m}}]}`,
			[]string{"t1.yaml", `page "p"`, `field "a"`, "undeclared reference", "answers.b"}},
		{"rule of wrong type", `      - {id: a, type: short_text, label: {de: A}, visible_if: "answers.a"}`,
			[]string{`field "a"`, "visible_if", "want bool"}},
		{"compare date with int", `      - {id: d, type: date, label: {de: D}, checks: [{expr: "answers.d > 3", message: {de: m}}]}`,
			[]string{`field "d"`, "no matching overload"}},
		{"item outside a repeatable group", `      - {id: a, type: integer, label: {de: A}, required_if: "item.a > 0"}`,
			[]string{`field "a"`, "undeclared reference"}},
		{"field in group", "      - id: g\n        type: group\n        label: {de: G}\n        repeat: {min: 0, max: 3}\n        fields:\n          - {id: x, type: integer, label: {de: X}, compute: \"item.y\"}",
			[]string{`field "g.x"`, "undeclared reference"}},
		{"attribute of another type", `      - {id: a, type: integer, label: {de: A}, max_length: 3}`,
			[]string{`field "a"`, "does not apply to type integer"}},
		{"unknown type", `      - {id: a, type: colour, label: {de: A}}`, []string{`unknown type "colour"`}},
		{"missing code list", `      - {id: a, type: single_choice, label: {de: A}, code_list: nope}`, []string{`code list "nope"`}},
		{"CEL keyword as id", `      - {id: in, type: integer, label: {de: A}}`, []string{`field "in"`, "CEL keyword"}},
		{"bad pattern", `      - {id: a, type: short_text, label: {de: A}, pattern: "(("}`, []string{"pattern"}},
		{"bad date bound", `      - {id: a, type: date, label: {de: A}, min_date: yesterday}`, []string{"min_date"}},
		{"misspelt attribute", `      - {id: a, type: integer, label: {de: A}, requird: true}`, []string{"t1.yaml", "requird"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load([]byte(minimal+tt.fields+"\n"), "t1.yaml")
			if !fault.Is(err, fault.Invalid) {
				t.Fatalf("got %v, want an invalid error", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
	if _, err := Load([]byte(minimal+"      - {id: a, type: integer, label: {de: A}}\n"), "t1.yaml"); err != nil {
		t.Fatalf("minimal definition: %v", err)
	}
}

func TestNormalizeValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		typ  FieldType
		in   any
		want any
		bad  string
	}{
		{IBAN, "de89 3704 0044 0532 0130 00", "DE89370400440532013000", ""},
		{IBAN, "DE89370400440532013001", nil, "procedure.iban"},
		{IBAN, "GB82WEST12345698765432", "GB82WEST12345698765432", ""},
		{Money, "1.234,5", "1234.50", ""},
		{Money, 12.345, nil, "procedure.money"},
		{Integer, "12", json.Number("12"), ""},
		{Integer, 1.5, nil, "procedure.not_integer"},
		{Integer, "12345678901234567", json.Number("12345678901234567"), ""},
		{Integer, "-12345678901234567890", json.Number("-12345678901234567890"), ""},
		{Integer, json.Number("12345678901234567890"), json.Number("12345678901234567890"), ""},
		{Integer, "007", json.Number("7"), ""},
		{Integer, "1e5", nil, "procedure.not_integer"},
		{Decimal, "3,25", json.Number("3.25"), ""},
		{Decimal, "1.234,5678901234567891", json.Number("1234.5678901234567891"), ""},
		{Decimal, "1,234.50", json.Number("1234.5"), ""},
		{Decimal, "-0,0", json.Number("0"), ""},
		{Decimal, "1e5", nil, "procedure.not_number"},
		{Decimal, strings.Repeat("9", 41), nil, "procedure.not_number"},
		{Decimal, "NaN", nil, "procedure.not_number"},
		{Date, "29.02.2024", "2024-02-29", ""},
		{Date, "30.02.2024", nil, "procedure.date"},
		{YesNo, "nein", false, ""},
		{Email, "Max@Example.ORG", "Max@example.org", ""},
		{Email, "max@localhost", nil, "procedure.email"},
		{PostalCode, "1099", nil, "procedure.postal_code"},
		{Place, "146120000000", "146120000000", ""},
		{Place, "14612", nil, "procedure.ars"},
		{Phone, "+49 (351) 123-456", "+49 (351) 123-456", ""},
		{ShortText, "a\nb", nil, "procedure.single_line"},
		{ShortText, 5, nil, "procedure.invalid_type"},
	}
	for _, tt := range tests {
		n := &node{f: &Field{Type: tt.typ}}
		got, bad := normalizeScalar(n, tt.in)
		if (bad == nil) != (tt.bad == "") || (bad != nil && bad.key != tt.bad) {
			t.Errorf("%s %v: bad = %+v, want %q", tt.typ, tt.in, bad, tt.bad)
			continue
		}
		if bad == nil && got != tt.want {
			t.Errorf("%s %v = %#v, want %#v", tt.typ, tt.in, got, tt.want)
		}
	}
}

func TestDateHelpers(t *testing.T) {
	t.Parallel()
	tests := []struct{ bound, today, want string }{
		{"today", "2025-06-02", "2025-06-02"},
		{"today-120y", "2025-06-02", "1905-06-02"},
		{"today+14d", "2025-06-02", "2025-06-16"},
		{"today-1m", "2025-03-31", "2025-02-28"},
		{"today-1y", "2024-02-29", "2023-02-28"},
		{"2020-01-01", "2025-06-02", "2020-01-01"},
	}
	for _, tt := range tests {
		if got := resolveDateBound(tt.bound, tt.today); got != tt.want {
			t.Errorf("%s on %s = %s, want %s", tt.bound, tt.today, got, tt.want)
		}
	}
}
