package live

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/catalog/search"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
)

// Popularity ranks of a service; without usage figures the portal ranks
// what this installation actually offers first.
const (
	popularOnline  = 2 // an online procedure serves it
	popularOffered = 1 // an authority of a tenant is responsible for it
)

// Facet is one topic (Themenfeld) or life situation (Lebenslage) with the
// number of services in it.
type Facet struct {
	Name  string
	Slug  string // for URLs, e.g. "familie-kind"
	Count int
	// Audience is who the life situation is for (catalog.AudienceCitizens
	// or AudienceBusiness); "" for topics.
	Audience catalog.Audience
}

// Entry is a service of the model with what the portal derives for it.
type Entry struct {
	catalog.Service
	// ProcedureID is the online procedure that serves the service, "" if
	// none does; Procedure is its latest nationwide definition (without
	// a tenant's overlay), nil if none.
	ProcedureID string
	Procedure   *procedure.Definition
	// TopicSlug and SituationSlug link the service to its facet pages.
	TopicSlug, SituationSlug string
	popularity               int
}

// model is one immutable snapshot of the catalog.
type model struct {
	fingerprint string
	byKey       map[string]*Entry
	docs        []search.Doc
	topics      []Facet
	situations  []Facet
	popular     []*Entry // offered services, most popular first
	cache       resultCache
}

// load reads the catalog and derives the model.
func load(ctx context.Context, db *store.DB, fingerprint string) (*model, error) {
	services, err := catalog.ListServices(ctx, db)
	if err != nil {
		return nil, err
	}
	served, err := procedure.Served(ctx, db)
	if err != nil {
		return nil, err
	}
	offered, err := catalog.OfferedKeys(ctx, db)
	if err != nil {
		return nil, err
	}
	defs, err := procedure.LatestShared(ctx, db)
	if err != nil {
		return nil, err
	}
	m := &model{fingerprint: fingerprint, byKey: make(map[string]*Entry, len(services))}
	topicSlugs, situationSlugs := slugger{}, slugger{}
	for _, s := range services {
		if s.Placeholder {
			continue
		}
		e := &Entry{Service: s, ProcedureID: served[s.LeiKaKey]}
		e.Procedure = defs[e.ProcedureID]
		e.TopicSlug, e.SituationSlug = topicSlugs.of(s.Topic), situationSlugs.of(s.LifeSituation)
		switch {
		case e.ProcedureID != "":
			e.popularity = popularOnline
		case offered[s.Key] || offered[catalog.GroupOf(s.Key)]:
			e.popularity = popularOffered
		}
		m.byKey[s.Key] = e
		m.docs = append(m.docs, docOf(e))
		if e.popularity > 0 {
			m.popular = append(m.popular, e)
		}
	}
	slices.SortStableFunc(m.popular, func(a, b *Entry) int { return cmp.Compare(b.popularity, a.popularity) })
	m.topics, m.situations = facets(m.byKey)
	return m, nil
}

// docOf maps a service to a search document: the OZG service name and the
// Leistungsname (XZuFi 03) are synonyms; life situation, topic, teaser,
// summary (as plain text) and legal basis are text; a service for both
// audiences is found under either.
func docOf(e *Entry) search.Doc {
	s := e.Service
	syn := append([]string(nil), s.Synonyms...)
	if s.OZGName != "" && s.OZGName != s.Name {
		syn = append(syn, s.OZGName)
	}
	if s.Texts.Title != "" && s.Texts.Title != s.Name {
		syn = append(syn, s.Texts.Title)
	}
	text := []string{s.LifeSituation, s.Topic, s.Texts.Plain(catalog.SectionTeaser), s.Texts.Plain(catalog.SectionSummary)}
	for _, l := range s.LegalBasis {
		text = append(text, l.Text)
	}
	return search.Doc{
		ID: s.Key, Name: s.Name, Synonyms: syn, Text: strings.Join(text, " "),
		Topic: s.Topic, Situation: s.LifeSituation, Audience: audiences(s.Audience),
		Popularity: e.popularity, English: englishDoc(s.Translations["en"]),
	}
}

// englishDoc is the English part of a search document.
func englishDoc(t catalog.Translation) search.DocText {
	syn := t.Synonyms
	if t.Texts.Title != "" && t.Texts.Title != t.Name {
		syn = append(slices.Clip(syn), t.Texts.Title)
	}
	return search.DocText{Name: t.Name, Synonyms: syn,
		Text: strings.TrimSpace(t.Texts.Plain(catalog.SectionTeaser) + " " + t.Texts.Plain(catalog.SectionSummary))}
}

// audiences lists the target groups a service is found under.
func audiences(a catalog.Audience) []string {
	if a == catalog.AudienceBoth || a == catalog.AudienceAny {
		return []string{string(catalog.AudienceCitizens), string(catalog.AudienceBusiness)}
	}
	return []string{string(a)}
}

// facets counts the services per topic and per life situation, each list
// ordered by name.
func facets(byKey map[string]*Entry) (topics, situations []Facet) {
	t, s := map[string]*Facet{}, map[string]*Facet{}
	for _, e := range byKey {
		if e.Topic != "" {
			count(t, e.Topic, e.TopicSlug, "")
		}
		if e.LifeSituation != "" {
			count(s, e.LifeSituation, e.SituationSlug, e.Audience)
		}
	}
	return sorted(t), sorted(s)
}

func count(m map[string]*Facet, name, slug string, audience catalog.Audience) {
	f, ok := m[name]
	if !ok {
		f = &Facet{Name: name, Slug: slug, Audience: audience}
		m[name] = f
	}
	f.Count++
}

func sorted(m map[string]*Facet) []Facet {
	out := make([]Facet, 0, len(m))
	for _, f := range m {
		out = append(out, *f)
	}
	slices.SortFunc(out, func(a, b Facet) int { return strings.Compare(a.Name, b.Name) })
	return out
}
