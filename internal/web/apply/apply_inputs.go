package apply

import (
	"strings"

	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/web/site"
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

// typeNames shows media types as short names: "PDF, JPEG, PNG"; a whole
// family such as image/* by its name in the language ("Bilder").
func typeNames(types []string, family func(major string) string) string {
	if len(types) == 0 {
		return "*"
	}
	names := make([]string, 0, len(types))
	for _, t := range types {
		_, sub, _ := strings.Cut(t, "/")
		switch {
		case sub == "*":
			sub = family(strings.TrimSuffix(t, "/*"))
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

// limitSize shows a size limit in the unit it was set in: binary (MiB)
// when it is a whole number of KiB/MiB rather than of kB/MB, so a
// limit of 10 << 20 bytes reads "10 MiB", not "10,5 MB"; binary reports
// which, so the sizes of uploaded files are shown in the same units.
func limitSize(lang string, n int64) (text string, binary bool) {
	binary = wholeUnits(n, 1024) > wholeUnits(n, 1000)
	return sizeIn(lang, n, binary), binary
}

// wholeUnits counts how many steps of base (k, M) n is a whole
// multiple of.
func wholeUnits(n, base int64) int {
	k := 0
	for n > 0 && n%base == 0 && k < 2 {
		n /= base
		k++
	}
	return k
}

// byteSize shows a size in kB or MB (site.ByteSize).
func byteSize(lang string, n int64) string { return site.ByteSize(lang, n) }

// sizeIn shows a size in decimal or binary units (site.SizeIn).
func sizeIn(lang string, n int64, binary bool) string { return site.SizeIn(lang, n, binary) }
