package search

// A service with an online procedure (Onlinedienst) is what a visitor
// usually wants when it matches the query: they can apply at once. It
// gets a bounded bonus, and only when it already matches about as well as
// the best hit, so that online services are not pulled up for every query
// (with a flat bonus "Hund anmelden" would list the online Kfz-Zulassung,
// which matches only "anmelden", above the Hundesteuer).
const (
	// OnlinePopularity is the Doc.Popularity of a service with an online
	// procedure (the live catalog's rank for it).
	OnlinePopularity = 2
	// onlineBonus multiplies the score of a matching online service.
	onlineBonus = 1.3
	// onlineFloor is the share of the best hit's score an online service
	// must reach to get the bonus: it must match the query's core words,
	// not one common word of it.
	onlineFloor = 0.6
	// onlineWindow is how many of the best hits are considered: the bonus
	// reorders within them, so the first pages are consistent with one
	// another.
	onlineWindow = 50
)

// preferOnline raises the scores of the online services among hits (ordered
// by bleve, best first) that match nearly as well as the best hit.
func preferOnline(hits []Hit, v *view) {
	if len(hits) == 0 {
		return
	}
	best := hits[0].Score
	for i := range hits {
		if v.docs[hits[i].ID].pop >= OnlinePopularity && hits[i].Score >= onlineFloor*best {
			hits[i].Score *= onlineBonus
		}
	}
}
