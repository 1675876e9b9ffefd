package search

import "strings"

// fillerWords are words of everyday queries that name no service and are
// not on bleve's German stop list ("in Rente gehen", "Auto neu anmelden",
// "Perso machen lassen"): matched, they found "Gehweg" and "Neubau".
var fillerWords = map[string]bool{
	"gehen": true, "geht": true, "machen": true, "lassen": true, "bekommen": true,
	"kriegen": true, "brauche": true, "brauchen": true, "möchte": true, "will": true,
	"wollen": true, "neu": true, "neue": true, "neuen": true, "neuer": true, "per": true,
	"bitte": true,
}

// withoutFillers drops filler words from a query of several words, unless
// it has nothing else.
func withoutFillers(words []word) []word {
	out := words[:0:0]
	for _, w := range words {
		if !fillerWords[strings.ToLower(w.surface)] {
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		return words
	}
	return out
}

// requestWords say what the visitor wants done, not with what: next to
// another word they always count as common (commonWords), whatever their
// frequency, so that "Rente beantragen" ranks the pension services, not
// every name ending in "beantragen" (the word "Rente" is in more texts),
// and "Perso verlängern" the identity card, not a parking permit's
// "Verlängerung". They still rank the variants of the service named.
var requestWords = map[string]bool{
	"beantragen": true, "antrag": true, "stellen": true, "einreichen": true,
	"abgeben": true, "erhalten": true, "holen": true, "online": true,
	"verlängern": true, "erneuern": true, "ändern": true, "aendern": true,
}

// stopWordMeanings replace a German stop word that carries the meaning of
// a colloquial query before analysis drops it: "Führerschein weg" means
// lost.
var stopWordMeanings = map[string]string{"weg": "verloren"}

// withMeanings rewrites the stop words of stopWordMeanings in text.
func withMeanings(text string) string {
	f := strings.Fields(text)
	changed := false
	for i, w := range f {
		if m, ok := stopWordMeanings[strings.ToLower(w)]; ok && len(f) > 1 {
			f[i], changed = m, true
		}
	}
	if !changed {
		return text
	}
	return strings.Join(f, " ")
}
