package procedure

import (
	"encoding/json"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
)

// Numbers (Zahlen) are exact end to end: a whole number or a decimal is
// normalized to its decimal digits as a json.Number ("12345678901234567890",
// "-0.5"), which JSON stores and forwards digit for digit; money is a string
// with two decimals. No answer ever passes through binary floating point.
// Bounds are compared exactly (math/big). CEL sees a whole number as int,
// clamped to the int64 range, and a decimal or amount as the nearest
// double (see celNumber): rules compare numbers, they never change the
// stored value.

// maxDigits bounds the digits of a number answer (more is no number anyone
// enters, and keeps the exact arithmetic cheap).
const maxDigits = 40

var (
	decimalInput = regexp.MustCompile(`^([+-]?)([0-9]*)(?:\.([0-9]*))?$`)
	decimalForm  = regexp.MustCompile(`^-?[0-9]+(?:\.[0-9]+)?$`)
)

// IsDecimal reports whether s is a number in normalized form: an optional
// minus, digits and an optional fraction after a point.
func IsDecimal(s string) bool { return decimalForm.MatchString(s) }

// canonicalDecimal writes the number s ("+007.50") without sign plus,
// leading zeros and trailing fraction zeros ("7.5"); ok is false for
// anything that is not a plain decimal of at most maxDigits digits.
func canonicalDecimal(s string) (string, bool) {
	m := decimalInput.FindStringSubmatch(s)
	if m == nil || (m[2] == "" && m[3] == "") {
		return "", false
	}
	whole := strings.TrimLeft(m[2], "0")
	if whole == "" {
		whole = "0"
	}
	frac := strings.TrimRight(m[3], "0")
	if len(whole)+len(frac) > maxDigits {
		return "", false
	}
	out := whole
	if frac != "" {
		out += "." + frac
	}
	if m[1] == "-" && out != "0" {
		out = "-" + out
	}
	return out, true
}

// number reads a JSON number or a string with a German or English decimal
// separator ("1.234,50", "1,234.50", "1234.5") as decimal text.
func number(raw any) (string, bool) {
	switch v := raw.(type) {
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return "", false
		}
		return strconv.FormatFloat(v, 'f', -1, 64), true
	case int:
		return strconv.Itoa(v), true
	case int64:
		return strconv.FormatInt(v, 10), true
	case json.Number:
		return v.String(), true
	case string:
		s := strings.ReplaceAll(strings.TrimSpace(v), " ", "")
		comma, point := strings.LastIndexByte(s, ','), strings.LastIndexByte(s, '.')
		switch {
		case comma >= 0 && point > comma: // 1,234.50
			s = strings.ReplaceAll(s, ",", "")
		case comma >= 0: // 1.234,50
			s = strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", ".")
		}
		return s, s != ""
	}
	return "", false
}

func normalizeInteger(raw any) (any, *badValue) {
	s, ok := number(raw)
	if ok {
		s, ok = canonicalDecimal(s)
	}
	if !ok || strings.Contains(s, ".") {
		return nil, &badValue{key: "procedure.not_integer"}
	}
	return json.Number(s), nil
}

func normalizeDecimal(raw any) (any, *badValue) {
	s, ok := number(raw)
	if ok {
		s, ok = canonicalDecimal(s)
	}
	if !ok {
		return nil, &badValue{key: "procedure.not_number"}
	}
	return json.Number(s), nil
}

// exact returns v (a normalized number, an amount or a bound) as an exact
// rational; ok is false for anything else.
func exact(v any) (*big.Rat, bool) {
	var s string
	switch t := v.(type) {
	case json.Number:
		s = string(t)
	case string:
		s = t
	case int64:
		return new(big.Rat).SetInt64(t), true
	default:
		return nil, false
	}
	if !IsDecimal(s) {
		return nil, false
	}
	return new(big.Rat).SetString(s)
}

// celNumber is how CEL sees a normalized number of type t: a whole number
// as int (clamped to the int64 range, so comparisons with any bound a rule
// can write stay right), a decimal or an amount as the nearest double.
func celNumber(t FieldType, v any) any {
	s, _ := number(v)
	if t == Integer {
		i, err := strconv.ParseInt(s, 10, 64)
		if err != nil && strings.HasPrefix(s, "-") {
			return int64(math.MinInt64)
		}
		if err != nil && IsDecimal(s) {
			return int64(math.MaxInt64)
		}
		return i
	}
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

// bound returns a field's bound as an exact rational; ok is false when
// there is none (or it is no plain decimal, which the checker refuses).
func bound(b *json.Number) (*big.Rat, bool) {
	if b == nil {
		return nil, false
	}
	s, ok := canonicalDecimal(b.String())
	if !ok {
		return nil, false
	}
	return new(big.Rat).SetString(s)
}

// boundsCrossed reports whether both bounds are set and min > max.
func boundsCrossed(lo, hi *json.Number) bool {
	a, okA := bound(lo)
	b, okB := bound(hi)
	return okA && okB && a.Cmp(b) > 0
}
