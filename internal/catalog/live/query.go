package live

import (
	"context"
	"unicode/utf8"

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/catalog/search"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// Query is one search of the portal or the API. Topic and Situation are a
// facet's slug or its name; Audience is "citizens" or "businesses".
type Query struct {
	Text      string
	Topic     string
	Situation string
	Audience  string
	Lang      string // the visitor's language; search.LangEnglish searches the English texts first
	Page      int    // 1-based; 0 means 1
	PerPage   int    // 0 means search.DefaultPerPage
}

// MaxQueryLength bounds the search text, in characters.
const MaxQueryLength = 200

// Results is one page of a search.
type Results struct {
	Items      []*Entry
	Total      int
	Page       int
	PerPage    int
	Pages      int    // number of pages, at least 1
	DidYouMean string // a corrected query when Text found nothing
	Topic      *Facet // the topic filter, resolved; nil without one
	Situation  *Facet // the life situation filter, resolved
	// Version names the model the results come from (see Facets.Version).
	Version string
}

// Search validates q and runs it. Invalid input is a fault.Invalid error
// with one field error per field ("q", "topic", "situation", "audience",
// "page"); the keys are message keys "search.invalid.<field>".
func (c *Catalog) Search(ctx context.Context, q Query) (Results, error) {
	m := c.model.Load()
	res, sq, err := m.resolve(q)
	if err != nil {
		return res, err
	}
	r, ok := m.cache.get(sq)
	if !ok {
		if r, err = c.index.Search(ctx, sq); err != nil {
			return res, err
		}
		m.cache.put(sq, r)
	}
	res.Total, res.DidYouMean, res.Version = r.Total, r.DidYouMean, m.fingerprint
	res.Pages = max(1, (r.Total+res.PerPage-1)/res.PerPage)
	for _, h := range r.Hits {
		if e, ok := m.byKey[h.ID]; ok {
			res.Items = append(res.Items, e)
		}
	}
	return res, nil
}

// resolve checks q and turns it into the index's query.
func (m *model) resolve(q Query) (Results, search.Query, error) {
	var errs []fault.FieldError
	bad := func(field string) {
		errs = append(errs, fault.FieldError{Field: field, Key: "search.invalid." + field})
	}
	res := Results{Page: max(q.Page, 1), PerPage: q.PerPage}
	if res.PerPage <= 0 {
		res.PerPage = search.DefaultPerPage
	}
	res.PerPage = min(res.PerPage, search.MaxPerPage)
	if utf8.RuneCountInString(q.Text) > MaxQueryLength {
		bad("q")
	}
	if q.Topic != "" {
		if res.Topic = find(m.topics, q.Topic); res.Topic == nil {
			bad("topic")
		}
	}
	if q.Situation != "" {
		if res.Situation = find(m.situations, q.Situation); res.Situation == nil {
			bad("situation")
		}
	}
	if q.Audience != "" && q.Audience != string(catalog.AudienceCitizens) && q.Audience != string(catalog.AudienceBusiness) {
		bad("audience")
	}
	if q.Page < 0 || q.Page > 10000 {
		bad("page")
	}
	if len(errs) > 0 {
		return res, search.Query{}, fault.Fields("invalid search", errs...)
	}
	sq := search.Query{Text: q.Text, Lang: q.Lang, Audience: q.Audience, Page: res.Page, PerPage: res.PerPage}
	if res.Topic != nil {
		sq.Topic = res.Topic.Name
	}
	if res.Situation != nil {
		sq.Situation = res.Situation.Name
	}
	return res, sq, nil
}

// find returns the facet with slug or name s, or nil.
func find(fs []Facet, s string) *Facet {
	for i := range fs {
		if fs[i].Slug == s || fs[i].Name == s {
			f := fs[i]
			return &f
		}
	}
	return nil
}

// Suggest returns up to n service names completing prefix.
func (c *Catalog) Suggest(prefix string, n int) []string {
	if utf8.RuneCountInString(prefix) > MaxQueryLength {
		return nil
	}
	return c.index.Suggest(prefix, n)
}

// Service returns the service with key (a LeiKa or local key); unknown
// keys and placeholders are fault.NotFound.
func (c *Catalog) Service(key string) (*Entry, error) {
	if e, ok := c.model.Load().byKey[key]; ok {
		return e, nil
	}
	return nil, fault.New(fault.NotFound, "no service with key %s", key)
}

// Services returns the services with the given keys that exist, in the
// order of keys.
func (c *Catalog) Services(keys []string) []*Entry {
	m := c.model.Load()
	var out []*Entry
	for _, k := range keys {
		if e, ok := m.byKey[k]; ok {
			out = append(out, e)
		}
	}
	return out
}

// InGroup returns the services of a LeiKa group (catalog.GroupOf), by
// name.
func (c *Catalog) InGroup(group string) []*Entry {
	m := c.model.Load()
	var out []*Entry
	for _, d := range m.docs {
		if catalog.GroupOf(d.ID) == group {
			out = append(out, m.byKey[d.ID])
		}
	}
	return out
}

// Topics returns the topics (Themenfelder), by name.
func (c *Catalog) Topics() []Facet { return c.model.Load().topics }

// Situations returns the life situations (Lebenslagen), by name.
func (c *Catalog) Situations() []Facet { return c.model.Load().situations }

// Facets are the topics and life situations of one version of the model.
type Facets struct {
	// Version names the model they belong to; it changes with every
	// rebuild, so anything derived from the facets can be cached under it.
	Version    string
	Topics     []Facet
	Situations []Facet
}

// Facets returns the topics and life situations, both from the same
// model, with its version.
func (c *Catalog) Facets() Facets {
	m := c.model.Load()
	return Facets{Version: m.fingerprint, Topics: m.topics, Situations: m.situations}
}

// Topic returns the topic with slug, or fault.NotFound.
func (c *Catalog) Topic(slug string) (Facet, error) {
	if f := find(c.model.Load().topics, slug); f != nil && f.Slug == slug {
		return *f, nil
	}
	return Facet{}, fault.New(fault.NotFound, "no topic %s", slug)
}

// Situation returns the life situation with slug, or fault.NotFound.
func (c *Catalog) Situation(slug string) (Facet, error) {
	if f := find(c.model.Load().situations, slug); f != nil && f.Slug == slug {
		return *f, nil
	}
	return Facet{}, fault.New(fault.NotFound, "no life situation %s", slug)
}

// Popular returns up to n of the services this installation offers, those
// with an online procedure first.
func (c *Catalog) Popular(n int) []*Entry {
	p := c.model.Load().popular
	return p[:min(n, len(p))]
}
