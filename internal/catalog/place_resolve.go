package catalog

// ResolvePlace picks the place an input means from the places Find
// returned for it: the only match at the best tier, where PlaceExact and
// PlaceStripped count as one tier — "Halle" asks between Halle (Saale),
// Halle (Westf.) and Halle near Holzminden instead of taking the one whose
// official name is just "Halle". nil means the person has to choose.
func ResolvePlace(found []Place) *Place {
	if len(found) == 0 {
		return nil
	}
	tier := func(m PlaceMatch) PlaceMatch { return max(m, PlaceStripped) }
	best := tier(found[0].Match)
	if len(found) > 1 && tier(found[1].Match) == best {
		return nil
	}
	return &found[0]
}
