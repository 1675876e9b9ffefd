package portal

import (
	"net/http"
	"net/url"

	"github.com/amtsweg/amtsweg/internal/catalog/live"
)

// servicePage is the data of a service page with its finder section.
type servicePage struct {
	*live.Entry
	finder
	// ApplyURL starts the online application; "" hides the button.
	ApplyURL string
}

// Title is the page's name: the service's name.
func (p servicePage) Title() string { return p.Name }

// service shows GET /leistungen/{key}: every text section of the service,
// its audience and topic, the finder "Wer ist für mich zuständig?" (with
// ?ort= a postal code or place name, and ?gebiet= the chosen municipality
// when several share it) and the button to apply online.
func (s *Handler) service(w http.ResponseWriter, r *http.Request) {
	e, err := s.d.Catalog.Service(r.PathValue("key"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := servicePage{Entry: e, ApplyURL: s.applyURL(e)}
	if p.finder, err = s.find(r, e.Key); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "service", p)
}

// applyURL returns where the online application for the service starts
// (the intro page GET /antrag/{procedure}, told which service it is for),
// or "" when it cannot be started here.
func (s *Handler) applyURL(e *live.Entry) string {
	if e.ProcedureID == "" || s.d.Apply == nil {
		return ""
	}
	return "/antrag/" + url.PathEscape(e.ProcedureID) + "?leistung=" + url.QueryEscape(e.LeiKaKey)
}
