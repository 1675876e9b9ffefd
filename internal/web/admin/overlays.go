package admin

import (
	"errors"
	"net/http"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
)

// overlayRow is a stored overlay with the problems it has against the
// latest shared version.
type overlayRow struct {
	procedure.StoredOverlay
	Problems []procedure.OverlayProblem
}

// adminOverlays shows GET /verwaltung/mandant/anpassungen: the tenant's
// overlays with the parts that no longer fit.
func (s *Handler) adminOverlays(w http.ResponseWriter, r *http.Request) {
	staff := staffFrom(r)
	list, err := s.d.Overlays.List(r.Context(), staff.TenantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows := make([]overlayRow, len(list))
	for i, so := range list {
		rows[i].StoredOverlay = so
		if rows[i].Problems, err = s.d.Overlays.Check(r.Context(), so); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.renderAdmin(w, r, http.StatusOK, "admin_overlays", "overlays", rows)
}

// overlayForm is the data of admin_overlay.html: one overlay, its
// problems, and the JSON in the textarea (as stored, or as just posted).
type overlayForm struct {
	overlayRow
	JSON   string
	Errors []string // why the posted JSON was refused
	Saved  bool
}

// adminOverlay shows GET /verwaltung/mandant/anpassungen/{procedure}: one
// overlay with its problems and the edit form.
func (s *Handler) adminOverlay(w http.ResponseWriter, r *http.Request) {
	staff := staffFrom(r)
	so, err := s.d.Overlays.Get(r.Context(), staff.TenantID, r.PathValue("procedure"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := overlayForm{overlayRow: overlayRow{StoredOverlay: so}, JSON: so.Raw, Saved: r.URL.Query().Get("hinweis") == "gespeichert"}
	if f.Problems, err = s.d.Overlays.Check(r.Context(), so); err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderAdmin(w, r, http.StatusOK, "admin_overlay", "overlays", f)
}

// adminOverlaySave handles POST /verwaltung/mandant/anpassungen/{procedure}:
// procedure.SaveOverlay validates and stores; on refusal the form shows
// the problems with the posted JSON and nothing is stored.
func (s *Handler) adminOverlaySave(w http.ResponseWriter, r *http.Request) {
	staff := staffFrom(r)
	ctx, id := r.Context(), r.PathValue("procedure")
	so, err := s.d.Overlays.Get(ctx, staff.TenantID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	raw := r.PostFormValue("overlay")
	err = s.d.Overlays.Save(ctx, actorOf(staff.AccountID), staff.TenantID, id, []byte(raw))
	if err == nil {
		http.Redirect(w, r, "/verwaltung/mandant/anpassungen/"+id+"?hinweis=gespeichert", http.StatusSeeOther)
		return
	}
	var fe *fault.Error
	if !errors.As(err, &fe) || fe.Code != fault.Invalid {
		s.fail(w, r, err)
		return
	}
	f := overlayForm{overlayRow: overlayRow{StoredOverlay: so}, JSON: raw}
	for _, x := range fe.Fields {
		f.Errors = append(f.Errors, x.Text)
	}
	if len(f.Errors) == 0 {
		f.Errors = []string{fe.Message}
	}
	s.renderAdmin(w, r, http.StatusUnprocessableEntity, "admin_overlay", "overlays", f)
}
