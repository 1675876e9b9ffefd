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
// the share of its clauses that matched. Equal scores go by popularity.
//
// Common words (Allerweltswörter: "anmelden", "beantragen" with their
// synonyms match a fifth of all services) do not widen a query of several
// words: when a word may match more than 5 % of the documents (an upper
// estimate from the term dictionary), only documents matching one of the
// query's other words are scored, with unchanged scores, provided they
// fill a page; Total then counts those. A query of common words only is
// filtered by its rarest word if that may match at most 10 %.
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
// summary and legal basis as Text, audience "both" as both audiences. The
// package does not import catalog, so catalog may import it.
package search
