package catalog

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/amtsweg/amtsweg/internal/store"
)

// Place is a municipality (Gemeinde, Ort) as people look for it: by its
// name or a postal code, shown with where it lies.
type Place struct {
	ARS string
	// Name is the official name (GV-ISys), e.g. "Neustadt in Sachsen, Stadt".
	Name string
	// Label says which place it is in words people know: the name without
	// its designations, its district (Kreis) unless the place is one, and
	// its state (Land) unless the place is one — "Neustadt in Sachsen,
	// Landkreis Sächsische Schweiz-Osterzgebirge, Sachsen".
	Label      string
	Postcodes  []string // sorted
	Population int64
	// Match says how the place matched the input (the ranking's tier).
	Match PlaceMatch
}

// placeEntry is one place of the index with its keys.
type placeEntry struct {
	Place
	keys  []placeKeys // the official name first, then postal place names
	label string      // placeKey(Label) framed by spaces, for the input's filters
}

// placeKeys are the forms of one name, also as runes for the edit
// distance; official is false for the postal place names, which match
// at best as PlaceStripped.
type placeKeys struct {
	placeForms
	fullR, coreR       []rune
	fullMask, coreMask uint64 // letterMask of full and core
	official           bool
}

func newPlaceKeys(name string, official bool) placeKeys {
	k := placeKeys{placeForms: newPlaceForms(name), official: official}
	k.fullR, k.coreR = []rune(k.full), []rune(k.core)
	k.fullMask, k.coreMask = letterMask(k.fullR), letterMask(k.coreR)
	return k
}

// placeIndex is one immutable snapshot of the municipalities for matching.
type placeIndex struct {
	version    int64
	places     []placeEntry
	byARS      map[string]int
	byPostcode map[string][]int
	// designations are the keys of the comma parts of official names
	// ("stadt", "st", "kurort", "gkst"), which input may carry too.
	designations map[string]bool
}

// loadPlaceIndex reads every region and postal code.
func loadPlaceIndex(ctx context.Context, q store.Querier) (*placeIndex, error) {
	version, err := catalogVersion(ctx, q)
	if err != nil {
		return nil, err
	}
	regions, err := queryRegions(ctx, q, "SELECT "+regionColumns+" FROM region")
	if err != nil {
		return nil, err
	}
	idx := &placeIndex{version: version, byARS: map[string]int{}, byPostcode: map[string][]int{}, designations: map[string]bool{}}
	idx.addPlaces(regions)
	if err := idx.loadPostcodes(ctx, q); err != nil {
		return nil, err
	}
	for i := range idx.places {
		sort.Strings(idx.places[i].Postcodes)
	}
	return idx, nil
}

// addPlaces adds the municipalities of regions with their labels.
func (idx *placeIndex) addPlaces(regions []Region) {
	for _, r := range regions {
		for _, d := range strings.Split(r.Name, ",")[1:] {
			idx.designations[placeKey(d)] = true
		}
	}
	labels := placeLabels(regions)
	for _, r := range regions {
		if r.Level != LevelMunicipality {
			continue
		}
		p := Place{ARS: r.ARS, Name: r.Name, Label: labels[r.ARS], Population: r.Population}
		if r.Postcode != "" {
			p.Postcodes = []string{r.Postcode}
			idx.byPostcode[r.Postcode] = append(idx.byPostcode[r.Postcode], len(idx.places))
		}
		idx.byARS[r.ARS] = len(idx.places)
		idx.places = append(idx.places, placeEntry{Place: p, keys: []placeKeys{newPlaceKeys(r.Name, true)}, label: " " + placeKey(p.Label) + " "})
	}
}

// loadPostcodes adds every postal code and its place name to the places.
func (idx *placeIndex) loadPostcodes(ctx context.Context, q store.Querier) error {
	rows, err := q.QueryContext(ctx, "SELECT postcode, ars, place FROM region_postcode ORDER BY postcode, ars")
	return store.ForEach(rows, err, func(row store.Row) error {
		var code, ars, place string
		if err := row.Scan(&code, &ars, &place); err != nil {
			return fmt.Errorf("load postcodes: %w", err)
		}
		i, ok := idx.byARS[ars]
		if !ok {
			return nil
		}
		e := &idx.places[i]
		if !slices.Contains(e.Postcodes, code) {
			e.Postcodes = append(e.Postcodes, code)
		}
		if !slices.Contains(idx.byPostcode[code], i) {
			idx.byPostcode[code] = append(idx.byPostcode[code], i)
		}
		if k := newPlaceKeys(place, false); !hasKeys(e.keys, k) {
			e.keys = append(e.keys, k)
		}
		return nil
	})
}

func hasKeys(list []placeKeys, k placeKeys) bool {
	for _, x := range list {
		if x.placeForms == k.placeForms {
			return true
		}
	}
	return false
}
