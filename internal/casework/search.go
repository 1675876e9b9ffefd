package casework

import (
	"regexp"
	"strings"
)

// referencePattern is a whole reference number (Aktenzeichen) as apply
// forms it: tenant slug, year, at least six digits ("SN-2026-000123").
var referencePattern = regexp.MustCompile(`^[A-Z0-9]+(-[A-Z0-9]+)*-[0-9]{4}-[0-9]{6,}$`)

// isReference reports whether an inbox search is a whole reference
// number (any case). Such a search finds exactly that case through the
// unique index on (tenant_id, reference) instead of scanning for the
// substring; a part of a number ("000123", "2026-0001") is still searched
// as a substring of references and names.
func isReference(q string) bool { return referencePattern.MatchString(strings.ToUpper(q)) }
