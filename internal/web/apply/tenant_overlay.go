package apply

import (
	"net/http"

	"github.com/amtsweg/amtsweg/internal/procedure"
)

// effectiveProcedure returns the latest definition of procedure id as the
// request's tenant offers it: the shared version plus the tenant's
// overlay (procedure.Effective). Problems of the overlay are logged; the
// citizen gets the shared version without the parts that do not fit.
func (s *Handler) effectiveProcedure(r *http.Request, id string) (procedure.Definition, error) {
	t, err := s.tenantOf(r)
	if err != nil {
		return procedure.Definition{}, err
	}
	def, problems, err := s.d.Overlays.Effective(r.Context(), t.ID, id)
	for _, p := range problems {
		s.log.Warn("procedure overlay part left out", "tenant", t.Slug, "procedure", id, "problem", p.String())
	}
	return def, err
}
