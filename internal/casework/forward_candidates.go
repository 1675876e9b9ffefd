package casework

import (
	"context"
	"slices"
	"strings"

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
)

// ForwardCandidate is an authority a case may be handed over to
// (Abgabeziel): one of the tenant's authorities responsible for a service
// the case's procedure serves.
type ForwardCandidate struct {
	catalog.Authority
	// Steps is how near the candidate is to the case's current authority:
	// the fewest edges in the region tree (Gemeinde → … → Land →
	// Deutschland) between a region the current authority is responsible
	// for and one the candidate is responsible for, for the case's
	// services. Two offices of neighbouring Gemeinden of one Kreis are 2
	// apart, of two Kreise of one Land 4. -1 when the current authority has
	// no such region (the clearing office): then nearness is unknown.
	Steps int
}

// ForwardCandidates lists where staff may forward case id, nearest first
// (then by name). The rule is forwardCandidates'; Forward refuses any
// other target.
func (s *Service) ForwardCandidates(ctx context.Context, staff Staff, id int64) ([]ForwardCandidate, error) {
	c, err := s.Get(ctx, staff, id)
	if err != nil {
		return nil, err
	}
	return forwardCandidates(ctx, s.db, c)
}

// forwardCandidates: the authorities responsible (by the catalog's
// responsibility data) for one of the services (LeiKa keys and local
// service keys) of the case's procedure, other than the case's own. A
// procedure that names no service has no responsibility data to narrow
// the choice: then every other authority of the tenant is a candidate.
func forwardCandidates(ctx context.Context, q store.Querier, c Case) ([]ForwardCandidate, error) {
	def, err := procedure.Get(ctx, q, c.ProcedureID, c.Version)
	if err != nil {
		return nil, err
	}
	all, err := catalog.ListAuthorities(ctx, q, c.TenantID)
	if err != nil {
		return nil, err
	}
	keys := append(slices.Clone(def.Definition.LeiKa), def.Definition.Services...)
	if len(keys) == 0 {
		var out []ForwardCandidate
		for _, a := range all {
			if a.ID != c.AuthorityID {
				out = append(out, ForwardCandidate{Authority: a, Steps: -1})
			}
		}
		return out, nil
	}
	regions, err := responsibleRegions(ctx, q, c, keys)
	if err != nil {
		return nil, err
	}
	paths, err := catalog.RegionPaths(ctx, q, allRegions(regions))
	if err != nil {
		return nil, err
	}
	var out []ForwardCandidate
	for _, a := range all {
		if a.ID != c.AuthorityID && len(regions[a.ID]) > 0 {
			out = append(out, ForwardCandidate{Authority: a, Steps: nearest(paths, regions[c.AuthorityID], regions[a.ID])})
		}
	}
	slices.SortStableFunc(out, byNearness)
	return out, nil
}

// responsibleRegions maps each responsible authority to its regions.
func responsibleRegions(ctx context.Context, q store.Querier, c Case, keys []string) (map[int64][]string, error) {
	rs, err := catalog.ServiceResponsibilities(ctx, q, c.TenantID, keys)
	if err != nil {
		return nil, err
	}
	out := map[int64][]string{}
	for _, r := range rs {
		if !slices.Contains(out[r.AuthorityID], r.RegionARS) {
			out[r.AuthorityID] = append(out[r.AuthorityID], r.RegionARS)
		}
	}
	return out, nil
}

func allRegions(m map[int64][]string) []string {
	var out []string
	for _, rs := range m {
		out = append(out, rs...)
	}
	return out
}

// nearest is the fewest tree edges between a region of from and one of
// to; -1 when from has none.
func nearest(paths map[string][]string, from, to []string) int {
	best := -1
	for _, a := range from {
		for _, b := range to {
			if d := treeSteps(paths[a], paths[b]); d >= 0 && (best < 0 || d < best) {
				best = d
			}
		}
	}
	return best
}

// treeSteps counts the edges from a up to the lowest common ancestor and
// down to b (paths self first); -1 without a common ancestor.
func treeSteps(a, b []string) int {
	for i, r := range a {
		if j := slices.Index(b, r); j >= 0 {
			return i + j
		}
	}
	return -1
}

// byNearness orders known distances first, nearest first, then by name.
func byNearness(x, y ForwardCandidate) int {
	switch {
	case x.Steps != y.Steps && (x.Steps < 0 || y.Steps < 0):
		return y.Steps - x.Steps // the unknown (-1) last
	case x.Steps != y.Steps:
		return x.Steps - y.Steps
	}
	return strings.Compare(x.Name, y.Name)
}

// FilterCandidates keeps the candidates whose name, kind or place
// contains every word of query (case-insensitive); an empty query keeps
// all. It is the search of the forward list.
func FilterCandidates(cs []ForwardCandidate, query string) []ForwardCandidate {
	words := strings.Fields(strings.ToLower(query))
	if len(words) == 0 {
		return cs
	}
	var out []ForwardCandidate
	for _, c := range cs {
		hay := strings.ToLower(c.Name + " " + c.Kind + " " + c.Address.Postcode + " " + c.Address.City)
		if !slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(hay, w) }) {
			out = append(out, c)
		}
	}
	return out
}

// forwardTarget returns the candidate toAuthorityID of case c, or the
// error that names why it may not receive the case.
func forwardTarget(ctx context.Context, q store.Querier, c Case, toAuthorityID int64) (catalog.Authority, error) {
	cs, err := forwardCandidates(ctx, q, c)
	if err != nil {
		return catalog.Authority{}, err
	}
	for _, x := range cs {
		if x.ID == toAuthorityID {
			return x.Authority, nil
		}
	}
	return catalog.Authority{}, fault.Fields("the authority is not responsible for the case's service",
		fault.FieldError{Field: "authority", Key: "forward.not_responsible",
			Text: "choose an authority responsible for this service from the list"})
}
