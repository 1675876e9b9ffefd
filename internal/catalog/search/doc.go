// Package search is the German-aware service search of the catalog: an
// in-memory bleve v2 (scorch) index that every server process builds for
// itself from the documents the catalog feeds it at start (New) and after
// each change (Replace swaps a new index in atomically; Upsert and Delete
// change one document in place). It needs no database and works the same
// on SQLite and PostgreSQL.
//
// # Analysis
//
// Text is split by the Unicode tokenizer, lower-cased, stripped of German
// stop words and folded by bleve's German normaliser (ä = ae = a, ö = oe =
// o, ü = ue = u, ß = ss), then stemmed by the Snowball German stemmer plus
// a small tail rule that lets "Verlängerung" and "verlängern" meet.
//
// Compound words are split deliberately, by a decompounding token filter
// whose dictionary is the catalog's own vocabulary (every folded word of
// every name, synonym and text, the words of the synonym list and a short
// list of common parts in words.txt). A token is split into the fewest
// known parts of at least three letters, allowing the German linking
// letters (Fugen-s, -e-, -n-, -en-, -es-, -er-) between them; the whole
// token is kept, the parts are added at the same position. Name, synonyms
// and text are indexed with their parts, so "Hund Steuer" finds
// "Hundesteuer"; a second field holds name and synonyms without parts, so
// a whole-word match ranks above a match inside a compound. At query time
// a compound word matches by its stem or by all of its parts ("Hundesteuer"
// finds "Steuer für Hunde"), each part also by its synonyms ("Müllgebühr"
// finds "Abfallgebühr"). There is no n-gram fallback: fuzzy matching
// covers misspellings, and n-grams would flood the short names with noise.
//
// # Ranking
//
// Each query word becomes one flat disjunction of alternatives: its stem,
// its parts, each entry of its synonym groups (synonyms.txt, applied at
// query time), and for stems of 7+ letters the near spellings (edit
// distance 1, from 10 letters 2, with transpositions, first letter fixed)
// in names and synonyms, looked up in the snapshot's own copy of those
// fields' term dictionaries rather than by bleve's fuzzy query, which
// built a Levenshtein automaton per word and query. The words
// are joined by a disjunction, so services matching more words rank
// higher (bleve's coordination factor), and a whole query equal to a name
// or synonym gets a strong extra clause. Field boosts rank name (3) over
// synonyms (2) over text (1); the fields are cumulative (synonyms repeat
// the name, text repeats both), so a name match counts in every field.
// Leaf boosts are scaled by the number of alternatives, because bleve
// ignores boosts on composite queries and multiplies every disjunction by
// the share of its clauses that matched. Equal scores go by popularity,
// then by id.
//
// Common words (Allerweltswörter: "anmelden", "beantragen" with their
// synonyms match a fifth of all services) do not widen a query of several
// words: when a word may match more than 5 % of the documents (an upper
// estimate from the term dictionary), only documents matching one of the
// query's other words are scored, with unchanged scores, provided they
// fill a page; Total then counts those. A query of common words only is
// filtered by its rarest word if that may match at most 10 %.
//
// Request words ("beantragen", "Antrag", "verlängern", "ändern": what the
// visitor wants done, not with what) always count as common next to
// another word, and common words weigh 0.3 of a rarer word: "Rente
// beantragen" ranks the pensions, not every name ending in "beantragen",
// and "Perso verlängern" the identity card, not a parking permit's
// "Verlängerung". Filler words that name nothing ("gehen", "machen",
// "neu") are dropped from a query that has other words; the stop word
// "weg" means lost ("Führerschein weg").
//
// # Colloquial words
//
// People search in their own words: "Perso", "Ummeldung", "Kita-Platz",
// "Lappen", "Knöllchen", "Stütze", "Hundemarke". synonyms.txt maps them to
// the names the catalog uses, in narrow groups: a group is applied to every
// query word in it, so a broad group ("Antrag" with every verb of
// applying) gives every service a synonym match and drowns the exact hits.
// A colloquial word gets its own line pointing at the one service name it
// means, rather than joining the wide group of that name's relatives.
//
// A misspelt word that no service name contains ("Einbürgerng") also
// matches the name words spelt nearly like it, compared as whole folded
// words (typo.go): the stem of a misspelt word is often far from the stem
// of the right one, so near stems alone miss it.
//
// # Online first
//
// A service with an online procedure (Doc.Popularity OnlinePopularity) is
// what a visitor wants when it matches the query: they can apply at once.
// Its score is multiplied by 1.3, but only if it already reaches 60 % of
// the best hit's score, so it overtakes services that match about as well
// and never lifts an online service that shares one common word with the
// query ("Hund anmelden" does not list the online Kfz-Zulassung first).
// The bonus is applied to the best 50 hits (or the pages up to the one
// asked for, if more), from which the page is cut.
//
// # English
//
// Doc.English (name, synonyms, text) is indexed in fields of its own with
// bleve's English analysis (possessives, lower case, English stop words,
// Porter stemming) and ranked with the same scheme: name > synonyms >
// text, whole-query bonus, near spellings for longer words. The Porter
// stemmer keeps apart what English visitors mix ("register",
// "registration"; "licence", "license"), so synonyms.en.txt groups them,
// with query words translations seldom contain ("ID card").
//
// A search with Query.Lang "en" is the disjunction of the English query
// (boosted 2×, so English matches rank first) and the German one, whose
// words are the English query's passed through glossary.en.txt (English
// service words to German catalog words, "dog tax" → "Hund Steuer", English
// stop words dropped, other words kept): English visitors type German
// words too ("Elterngeld", "Anmeldung", "Kfz"), and most services have no
// English text yet, so an English word must also find a German name. The
// German side keeps its common-word filter without the fallback: the
// English side widens a short page.
//
// A further language is another side (english.go's language): its fields
// in mapping.go, an analyzer from bleve's lang packages, its synonym list
// and glossary, a Doc field for its texts and a Query.Lang value that
// joins its query to the German one as englishQuery does.
//
// Filters (topic, life situation, audience) are exact terms; a query with
// filters and no text browses by popularity. A query without hits gets a
// DidYouMean built from the nearest words of the service names. Suggest
// completes names from a sorted table of folded name words.
//
// # Feeding it
//
// The catalog maps a catalog.Service to a Doc: the key as ID, the name,
// synonyms plus the OZG service name as Synonyms, life situation, topic,
// summary and legal basis as Text, audience "both" as both audiences, the
// English translation as English. The package does not import catalog, so
// catalog may import it.
//
// # Measured
//
// evaluation/queries.tsv holds realistic queries (colloquial German,
// verbs, official names, typos, English) with the services they mean; its
// test runs them through the demo catalog on each database and fails below
// a floor. docs/benchmarks.md ("Search quality") has the figures and the
// command.
package search
