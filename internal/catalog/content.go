package catalog

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// contentPack is the embedded content pack (Inhaltspaket): German summaries
// and English names, search words and summaries for the services citizens
// use most and every demo service. Sources, selection and licence:
// content/README.md.
//
//go:embed content/services.jsonl
var contentPack []byte

// ContentEntry is one line of a content pack: texts for one service. The
// LeiKa catalog carries names only, so without a pack most service pages
// and English searches have nothing to work with.
type ContentEntry struct {
	// Key is the service key as stored (LeiKa key or local key).
	Key string `json:"key"`
	// Rank is the entry's place in the pack's list (1 = most used); see
	// content/README.md for how the list was built.
	Rank int `json:"rank"`
	// Source names the public list that put the service on the pack's list.
	Source string `json:"source"`
	// DE holds the German texts (only the summary is used).
	DE ContentText `json:"de"`
	// EN holds the English name, search words and summary; a further
	// language gets a field of its own (docs/languages.md).
	EN *ContentText `json:"en,omitempty"`
	// Line is the line of the entry in its file.
	Line int `json:"-"`
}

// ContentText is one language block of a content entry.
type ContentText struct {
	Name     string   `json:"name,omitempty"`
	Synonyms []string `json:"synonyms,omitempty"`
	Summary  string   `json:"summary,omitempty"`
}

// translations are the entry's texts in languages other than German.
func (e ContentEntry) translations() map[string]Translation {
	if e.EN == nil {
		return nil
	}
	t := Translation{Name: e.EN.Name, Synonyms: e.EN.Synonyms, Texts: Texts{Summary: e.EN.Summary}}
	return map[string]Translation{"en": t}
}

// EmbeddedContent returns the entries of the embedded content pack.
func EmbeddedContent() ([]ContentEntry, error) {
	entries, findings, err := ReadContent(bytes.NewReader(contentPack), "content/services.jsonl")
	if err == nil && len(findings) > 0 {
		err = rejectedError("content/services.jsonl", findings)
	}
	return entries, err
}

// ReadContent parses a content pack: one JSON object per line (blank lines
// and lines starting with # are skipped). Findings name malformed lines,
// lines without key or without any text, and duplicate keys.
func ReadContent(r io.Reader, file string) ([]ContentEntry, []Reject, error) {
	var out []ContentEntry
	var findings []Reject
	seen := map[string]int{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		e, reason := parseContentLine(text)
		if reason == "" && seen[e.Key] > 0 {
			reason = fmt.Sprintf("key %s already on line %d", e.Key, seen[e.Key])
		}
		if reason != "" {
			findings = append(findings, Reject{File: file, Line: line, Reason: reason})
			continue
		}
		e.Line, seen[e.Key] = line, line
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fault.Wrap(err, fault.Invalid, "%s: read", file)
	}
	return out, findings, nil
}

// parseContentLine decodes one line; reason says what is wrong with it.
func parseContentLine(text string) (ContentEntry, string) {
	var e ContentEntry
	dec := json.NewDecoder(strings.NewReader(text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		return e, "not a content entry: " + err.Error()
	}
	switch {
	case !validServiceKey(e.Key):
		return e, fmt.Sprintf("key %q is neither a LeiKa key nor a local key", e.Key)
	case e.DE.Summary == "" && e.EN == nil:
		return e, "entry has neither a German summary nor an English block"
	case e.EN != nil && e.EN.Name == "":
		return e, "English block without a name"
	}
	return e, ""
}
