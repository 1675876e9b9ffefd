package procedure

import (
	"net/mail"
	"regexp"
	"strings"
)

// badValue says why a raw value could not be normalized: a message key and
// its args.
type badValue struct {
	key  string
	args map[string]any
}

var (
	fiveDigits  = regexp.MustCompile(`^[0-9]{5}$`)
	arsFormat   = regexp.MustCompile(`^[0-9]{12}$`)
	phoneFormat = regexp.MustCompile(`^\+?[0-9 ()/\-]{6,30}$`)
	moneyFormat = regexp.MustCompile(`^-?[0-9]{1,13}(?:\.[0-9]{1,2})?$`)
)

// normalizeScalar turns a raw answer of a value field into its normalized
// form; nil means unanswered.
func normalizeScalar(n *node, raw any) (any, *badValue) {
	if raw == nil {
		return nil, nil
	}
	if s, ok := raw.(string); ok && strings.TrimSpace(s) == "" && n.f.Type != MultipleChoice {
		return nil, nil
	}
	switch n.f.Type {
	case Integer:
		return normalizeInteger(raw)
	case Decimal:
		return normalizeDecimal(raw)
	case Money:
		return normalizeMoney(raw)
	case YesNo, Declaration:
		return normalizeBool(raw)
	case MultipleChoice:
		return normalizeMulti(n, raw)
	case Address:
		return normalizeAddress(raw)
	case FileUpload:
		return normalizeFiles(raw)
	}
	s, ok := raw.(string)
	if !ok {
		return nil, &badValue{key: "procedure.invalid_type"}
	}
	return normalizeString(n, strings.TrimSpace(s))
}

// normalizeString handles the types whose value is a string.
func normalizeString(n *node, s string) (any, *badValue) {
	switch n.f.Type {
	case ShortText, Phone, Email:
		if strings.ContainsAny(s, "\r\n") {
			return nil, &badValue{key: "procedure.single_line"}
		}
	case LongText:
		s = strings.ReplaceAll(s, "\r\n", "\n")
	case Date:
		d, ok := parseDateInput(s)
		if !ok {
			return nil, &badValue{key: "procedure.date"}
		}
		return d, nil
	case SingleChoice:
		if !hasOption(n.options, s) {
			return nil, &badValue{key: "procedure.option"}
		}
	case IBAN:
		if !validIBAN(s) {
			return nil, &badValue{key: "procedure.iban"}
		}
		return normalizeIBAN(s), nil
	case PostalCode:
		if !fiveDigits.MatchString(s) {
			return nil, &badValue{key: "procedure.postal_code"}
		}
	case Place:
		if !arsFormat.MatchString(s) {
			return nil, &badValue{key: "procedure.ars"}
		}
	}
	switch n.f.Type {
	case Email:
		return normalizeEmail(s)
	case Phone:
		if !phoneFormat.MatchString(s) || countDigits(s) < 5 {
			return nil, &badValue{key: "procedure.phone"}
		}
		return strings.Join(strings.Fields(s), " "), nil
	}
	return s, nil
}

func normalizeEmail(s string) (any, *badValue) {
	a, err := mail.ParseAddress(s)
	at := strings.LastIndexByte(s, '@')
	if err != nil || a.Address != s || at < 1 || !strings.Contains(s[at:], ".") || strings.HasSuffix(s, ".") {
		return nil, &badValue{key: "procedure.email"}
	}
	return s[:at] + strings.ToLower(s[at:]), nil
}

func countDigits(s string) int {
	n := 0
	for _, c := range s {
		if c >= '0' && c <= '9' {
			n++
		}
	}
	return n
}

func hasOption(opts []Option, v string) bool {
	for _, o := range opts {
		if o.Value == v {
			return true
		}
	}
	return false
}

// normalizeMoney returns the amount as a string with two decimals, so
// amounts are never rounded by binary floating point.
func normalizeMoney(raw any) (any, *badValue) {
	s, ok := number(raw)
	if !ok || !moneyFormat.MatchString(s) {
		return nil, &badValue{key: "procedure.money"}
	}
	whole, frac, _ := strings.Cut(s, ".")
	return whole + "." + (frac + "00")[:2], nil
}

func normalizeBool(raw any) (any, *badValue) {
	switch v := raw.(type) {
	case bool:
		return v, nil
	case string:
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "true", "yes", "ja", "on", "1":
			return true, nil
		case "false", "no", "nein", "off", "0":
			return false, nil
		}
	}
	return nil, &badValue{key: "procedure.yes_no"}
}

// normalizeMulti accepts a list of option values (or one value) and
// returns them in the options' order without duplicates.
func normalizeMulti(n *node, raw any) (any, *badValue) {
	picked := map[string]bool{}
	switch v := raw.(type) {
	case string:
		if strings.TrimSpace(v) != "" {
			picked[strings.TrimSpace(v)] = true
		}
	case []string:
		for _, s := range v {
			picked[s] = true
		}
	case []any:
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return nil, &badValue{key: "procedure.invalid_type"}
			}
			picked[s] = true
		}
	default:
		return nil, &badValue{key: "procedure.invalid_type"}
	}
	out := []string{}
	for _, o := range n.options {
		if picked[o.Value] {
			out = append(out, o.Value)
			delete(picked, o.Value)
		}
	}
	if len(picked) > 0 {
		return nil, &badValue{key: "procedure.option"}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}
