package fitconnect

import (
	"cmp"
	"context"
	"regexp"
	"slices"
	"strings"

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// AreaResult is the answer of the area search, shaped like the Routing
// API 2.0.0 area-result.
type AreaResult struct {
	Count      int    `json:"count"`
	Offset     int    `json:"offset"`
	TotalCount int    `json:"totalCount"`
	Areas      []Area `json:"areas"`
}

// Area is one area (Gebiet). Its id is the 12-digit ARS, which Routes
// takes as areaId.
type Area struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"` // the official designation, e.g. "Stadt", "Gemeinde"
}

// searchTerm is one search expression of the Routing API: at least two
// non-wildcard characters, "*" as a wildcard.
var searchTerm = regexp.MustCompile(`^(\*?([^*]{2,})\*?)*$`)

// Areas finds the Gemeinden matching every one of exprs (1-10 search
// expressions: five digits are a postal code, anything else the start of
// a name; a leading or trailing "*" is allowed, an inner one is refused),
// ordered by name, from offset, at most limit (1-500, 0 is 100).
func (s *Service) Areas(ctx context.Context, exprs []string, offset, limit int) (AreaResult, error) {
	if err := checkAreaQuery(exprs, offset, limit); err != nil {
		return AreaResult{}, err
	}
	if limit == 0 {
		limit = 100
	}
	var found []catalog.Region
	for i, e := range exprs {
		rs, err := catalog.LookupRegions(ctx, s.db, strings.Trim(e, "*"))
		if fault.Is(err, fault.NotFound) {
			rs, err = nil, nil
		}
		if err != nil {
			return AreaResult{}, err
		}
		if i == 0 {
			found = rs
			continue
		}
		found = slices.DeleteFunc(found, func(r catalog.Region) bool {
			return !slices.ContainsFunc(rs, func(o catalog.Region) bool { return o.ARS == r.ARS })
		})
	}
	out := AreaResult{Areas: []Area{}, Offset: offset, TotalCount: len(found)}
	for _, r := range found[min(offset, len(found)):min(offset+limit, len(found))] {
		out.Areas = append(out.Areas, Area{ID: r.ARS, Name: r.Name, Type: cmp.Or(r.Kind, r.Level.String())})
	}
	out.Count = len(out.Areas)
	return out, nil
}

func checkAreaQuery(exprs []string, offset, limit int) error {
	var fields []fault.FieldError
	bad := func(field, text string) {
		fields = append(fields, fault.FieldError{Field: field, Key: "api.invalid." + strings.ToLower(field), Text: text})
	}
	if len(exprs) < 1 || len(exprs) > 10 {
		bad("areaSearchexpression", "give 1 to 10 search expressions")
	}
	for _, e := range exprs {
		if t := strings.Trim(e, "*"); !searchTerm.MatchString(e) || len([]rune(t)) < 2 || strings.Contains(t, "*") {
			bad("areaSearchexpression", "each search expression needs at least two characters; '*' only at its start or end")
			break
		}
	}
	if offset < 0 {
		bad("offset", "offset must not be negative")
	}
	if limit < 0 || limit > 500 {
		bad("limit", "limit must be between 1 and 500")
	}
	if len(fields) > 0 {
		return fault.Fields("invalid query parameters", fields...)
	}
	return nil
}
