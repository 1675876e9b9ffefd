package live

import (
	"strconv"
	"strings"
)

// slugger gives every name a URL slug ("Familie & Kind" → "familie-kind"),
// unique among the names it has seen.
type slugger struct {
	byName map[string]string
	taken  map[string]bool
}

// of returns the slug of name; "" for an empty name.
func (s *slugger) of(name string) string {
	if name == "" {
		return ""
	}
	if s.byName == nil {
		s.byName, s.taken = map[string]string{}, map[string]bool{}
	}
	if slug, ok := s.byName[name]; ok {
		return slug
	}
	base := Slug(name)
	slug := base
	for i := 2; s.taken[slug]; i++ {
		slug = base + "-" + strconv.Itoa(i)
	}
	s.byName[name], s.taken[slug] = slug, true
	return slug
}

var umlauts = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss")

// Slug turns a name into lower-case ASCII words joined by dashes.
func Slug(name string) string {
	s := umlauts.Replace(strings.ToLower(name))
	var b strings.Builder
	dash := false
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}
