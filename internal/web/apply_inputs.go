package web

import (
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/procedure"
)

// defaultUploadSize is the size limit of a file field without max_size:
// apply's default (apply.Config.DefaultMaxSize).
const defaultUploadSize = 10 << 20

// maxSize is the per-file limit of a file field.
func maxSize(f procedure.Field) int64 {
	if f.MaxSize > 0 {
		return f.MaxSize
	}
	return defaultUploadSize
}

// inputAttrs gives a text-like field its input type, inputmode and
// autocomplete token, so phones show the right keyboard and browsers can
// fill in known data.
func inputAttrs(f procedure.Field) (typ, mode, auto string) {
	switch f.Type {
	case procedure.Email:
		return "email", "email", "email"
	case procedure.Phone:
		return "tel", "tel", autocompleteFor(f.ID, "tel")
	case procedure.PostalCode:
		return "text", "numeric", "postal-code"
	case procedure.IBAN:
		return "text", "text", "off"
	case procedure.Integer:
		return "text", "numeric", ""
	case procedure.Decimal, procedure.Money:
		return "text", "decimal", ""
	}
	return "text", "", autocompleteFor(f.ID, "")
}

// autocompleteFor guesses the autocomplete token of personal fields from
// their ids (German or English, also FIM-imported), else fallback.
func autocompleteFor(id, fallback string) string {
	id = strings.ToLower(id)
	switch {
	case strings.Contains(id, "familienname"), strings.Contains(id, "surname"), strings.Contains(id, "family_name"):
		return "family-name"
	case strings.HasPrefix(id, "vorname"), strings.Contains(id, "given_name"):
		return "given-name"
	case strings.Contains(id, "e_mail"), strings.Contains(id, "email"):
		return "email"
	case strings.Contains(id, "handy"), strings.Contains(id, "telefon"), strings.Contains(id, "phone"):
		return "tel"
	case fallback == "bday" && (strings.Contains(id, "geburt") || strings.Contains(id, "birth")):
		return "bday"
	case fallback == "bday":
		return ""
	}
	return fallback
}

// typeNames shows media types as short names: "PDF, JPEG, PNG".
func typeNames(types []string) string {
	if len(types) == 0 {
		return "*"
	}
	names := make([]string, 0, len(types))
	for _, t := range types {
		_, sub, _ := strings.Cut(t, "/")
		switch {
		case sub == "*":
			sub = strings.ToUpper(strings.TrimSuffix(t, "/*"))
		case strings.Contains(sub, "wordprocessingml"):
			sub = "DOCX"
		case strings.Contains(sub, "opendocument.text"):
			sub = "ODT"
		default:
			sub = strings.ToUpper(sub)
		}
		names = append(names, sub)
	}
	return strings.Join(names, ", ")
}

// byteSize shows a size in kB or MB (1000-based, as apply's receipt).
func byteSize(lang string, n int64) string {
	f, unit := float64(n), "B"
	switch {
	case n >= 1_000_000:
		f, unit = f/1e6, "MB"
	case n >= 1000:
		f, unit = f/1e3, "kB"
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if unit != "B" {
		s = strconv.FormatFloat(f, 'f', 1, 64)
		s = strings.TrimSuffix(s, ".0")
	}
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + " " + unit
}
