package portal

import (
	"encoding/json"
	"net/http"
	"unicode/utf8"

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/i18n"
)

// placeSuggestionLimit is how many places one suggestion answer lists.
const placeSuggestionLimit = 8

// placePostcodeLimit bounds the postal codes shown per place (Berlin has
// almost 200), so an answer stays small.
const placePostcodeLimit = 5

// placeSuggestions is the answer of GET /orte/vorschlaege: the places
// matching q, best first, and the sentence the combobox's live region
// reads ("3 Orte gefunden"), in the language lang names.
type placeSuggestions struct {
	Items  []placeSuggestion `json:"items"`
	Status string            `json:"status"`
}

// placeSuggestion is one place (Ort): its ARS, what people read, and
// some of its postal codes. No personal data is involved.
type placeSuggestion struct {
	ARS       string   `json:"ars"`
	Label     string   `json:"label"`
	Postcodes []string `json:"postcodes"`
}

// placeSuggest serves GET /orte/vorschlaege?q=dresd&lang=de for the place
// combobox (static/places.js). The answer depends on the URL alone (the
// language is a parameter, not the cookie), so browsers and proxies may
// cache it; like every public page it is limited by --max-inflight. Input
// over catalog.MaxPlaceInput characters is refused with 400.
func (s *Handler) placeSuggest(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	lang, ok := i18n.Parse(q.Get("lang"))
	if !ok {
		lang = i18n.German
	}
	found, err := s.d.Directory.FindPlaces(r.Context(), q.Get("q"), placeSuggestionLimit)
	status := http.StatusOK
	switch {
	case fault.Is(err, fault.Invalid) && utf8.RuneCountInString(q.Get("q")) > catalog.MaxPlaceInput:
		status = http.StatusBadRequest
	case err != nil && !fault.Is(err, fault.Invalid) && !fault.Is(err, fault.NotFound):
		s.fail(w, r, err)
		return
	}
	out := placeSuggestions{Items: []placeSuggestion{}, Status: s.msgs.T(lang, "places.status.none")}
	if len(found) > 0 {
		out.Status = s.msgs.T(lang, "places.status", "count", len(found))
	}
	for _, p := range found {
		out.Items = append(out.Items, placeSuggestion{ARS: p.ARS, Label: p.Label, Postcodes: p.Postcodes[:min(len(p.Postcodes), placePostcodeLimit)]})
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=3600")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(out)
}
