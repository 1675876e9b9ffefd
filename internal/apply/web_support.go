package apply

import (
	"context"

	"github.com/amtsweg/amtsweg/internal/procedure"
)

// Read helpers the portal's form pages need.

// Definition returns the definition of the procedure version a was
// started with (from the cache of compiled versions).
func (s *Service) Definition(ctx context.Context, a Application) (procedure.Definition, error) {
	v, _, err := s.version(ctx, a.TenantID, a.ProcedureID, a.Version)
	return v.Definition, err
}

// VisiblePages returns the ids of the pages of a's procedure version that
// a's answers make visible, in form order.
func (s *Service) VisiblePages(ctx context.Context, a Application) ([]string, error) {
	_, p, err := s.version(ctx, a.TenantID, a.ProcedureID, a.Version)
	if err != nil {
		return nil, err
	}
	return p.VisiblePages(ctx, a.Answers), nil
}

// PageToComplete returns the first page after page from that a's answers
// make visible and that still has field errors — e.g. the page a changed
// answer has just revealed — or "" when there is none. The portal sends
// an applicant who changes a page from the review there before back to
// the review, so a revealed page is never skipped.
func (s *Service) PageToComplete(ctx context.Context, a Application, from string) (string, error) {
	v, p, err := s.version(ctx, a.TenantID, a.ProcedureID, a.Version)
	if err != nil {
		return "", err
	}
	r, err := p.Validate(ctx, withFiles(v.Definition, a.Answers, a.Attachments), procedure.Options{Places: s.places})
	if err != nil {
		return "", err
	}
	wrong := map[string]bool{}
	for _, e := range r.Errors {
		wrong[procedure.ParsePath(e.Field)[0].ID] = true
	}
	after := false
	for _, id := range p.VisiblePages(ctx, a.Answers) {
		if after && pageHas(v.Definition, id, wrong) {
			return id, nil
		}
		after = after || id == from
	}
	return "", nil
}

// pageHas reports whether page id of def has a top-level field in ids.
func pageHas(def procedure.Definition, id string, ids map[string]bool) bool {
	for _, pg := range def.Pages {
		if pg.ID != id {
			continue
		}
		for _, f := range pg.Fields {
			if ids[f.ID] {
				return true
			}
		}
	}
	return false
}
