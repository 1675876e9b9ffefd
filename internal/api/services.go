package api

import (
	"net/http"
	"strconv"

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/catalog/live"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/i18n"
)

// ServiceItem is a service in a list.
type ServiceItem struct {
	LeiKaKey      string `json:"leikaKey,omitempty"`
	Key           string `json:"key"`
	Name          string `json:"name"`
	Topic         string `json:"topic,omitempty"`
	LifeSituation string `json:"lifeSituation,omitempty"`
	Audience      string `json:"audience"`
	// DisplayName is the name in the requested language (the lang
	// parameter, else Accept-Language, else German); DisplayLang is the
	// language it is in: "de" where the service has no translation.
	DisplayName string `json:"displayName"`
	DisplayLang string `json:"displayLang"`
}

// ServiceList is one page of services.
type ServiceList struct {
	Items      []ServiceItem `json:"items"`
	Total      int           `json:"total"`
	Page       int           `json:"page"`
	PerPage    int           `json:"perPage"`
	DidYouMean string        `json:"didYouMean,omitempty"`
}

// Service is one service with its descriptions.
type Service struct {
	ServiceItem
	Synonyms   []string           `json:"synonyms,omitempty"`
	Texts      catalog.Texts      `json:"texts"`
	LegalBasis []catalog.LegalRef `json:"legalBasis,omitempty"`
	// OnlineProcedure is the id of the online procedure serving it.
	OnlineProcedure string `json:"onlineProcedure,omitempty"`
	// Translations are name, synonyms and texts in other languages, keyed
	// by language ("en").
	Translations map[string]catalog.Translation `json:"translations,omitempty"`
}

func itemOf(e *live.Entry, lang i18n.Lang) ServiceItem {
	it := ServiceItem{LeiKaKey: e.LeiKaKey, Key: e.Key, Name: e.Name, Topic: e.Topic,
		LifeSituation: e.LifeSituation, Audience: string(e.Audience),
		DisplayName: e.NameIn(string(lang)), DisplayLang: string(lang)}
	if lang != i18n.German && it.DisplayName == e.Name {
		it.DisplayLang = string(i18n.German)
	}
	return it
}

// displayLang is the language of a catalog response's display fields: the
// lang query parameter, else the Accept-Language header, else German.
func displayLang(w http.ResponseWriter, r *http.Request) i18n.Lang {
	w.Header().Add("Vary", "Accept-Language")
	return i18n.Negotiate(r.URL.Query().Get("lang"), r.Header.Get("Accept-Language"))
}

// listServices serves GET /api/v1/services?q=&topic=&situation=&audience=&page=&perPage=&lang=.
func (a *API) listServices(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	page, err1 := intParam(v.Get("page"), "page")
	per, err2 := intParam(v.Get("perPage"), "perPage")
	if err := joinFields(err1, err2); err != nil {
		a.fail(w, r, err)
		return
	}
	res, err := a.d.Catalog.Search(r.Context(), live.Query{Text: v.Get("q"), Topic: v.Get("topic"),
		Situation: v.Get("situation"), Audience: v.Get("audience"), Page: page, PerPage: per})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := ServiceList{Items: []ServiceItem{}, Total: res.Total, Page: res.Page, PerPage: res.PerPage, DidYouMean: res.DidYouMean}
	lang := displayLang(w, r)
	for _, e := range res.Items {
		out.Items = append(out.Items, itemOf(e, lang))
	}
	writeJSON(w, http.StatusOK, out)
}

// getService serves GET /api/v1/services/{key}?lang= (a LeiKa or local key).
func (a *API) getService(w http.ResponseWriter, r *http.Request) {
	e, err := a.d.Catalog.Service(r.PathValue("key"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, Service{ServiceItem: itemOf(e, displayLang(w, r)), Synonyms: e.Synonyms, Texts: e.Texts,
		LegalBasis: e.LegalBasis, OnlineProcedure: e.ProcedureID, Translations: e.Translations})
}

// suggestions serves GET /api/v1/suggestions?q=: up to 8 service names
// completing what the user typed (the search box's suggestions).
func (a *API) suggestions(w http.ResponseWriter, r *http.Request) {
	items := a.d.Catalog.Suggest(r.URL.Query().Get("q"), 8)
	if items == nil {
		items = []string{}
	}
	writeJSON(w, http.StatusOK, Suggestions{Items: items})
}

// Suggestions are completions of a search text.
type Suggestions struct {
	Items []string `json:"items"`
}

// intParam parses an optional integer query parameter; "" is 0.
func intParam(s, field string) (int, *fault.FieldError) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, &fault.FieldError{Field: field, Key: "api.invalid.integer", Text: field + " must be an integer"}
	}
	return n, nil
}

// joinFields returns an Invalid error with the given field errors, or
// nil when there are none.
func joinFields(errs ...*fault.FieldError) error {
	var fields []fault.FieldError
	for _, e := range errs {
		if e != nil {
			fields = append(fields, *e)
		}
	}
	if len(fields) == 0 {
		return nil
	}
	return fault.Fields("invalid query parameters", fields...)
}
