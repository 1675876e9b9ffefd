package catalog

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// leikaHeader is the header of the LeiKa/OZG catalog CSV
// (refdata/leika-ozg-2019.csv).
var leikaHeader = []string{"leika_key", "name", "service_type", "ozg_id", "ozg_name", "lebenslage", "themenfeld", "legal_basis", "law_shortcuts"}

// ReadLeiKa parses the LeiKa/OZG catalog CSV (header leika_key, name,
// service_type, ozg_id, ozg_name, lebenslage, themenfeld, legal_basis,
// law_shortcuts) without touching a database. file names the input in
// findings.
//
// Rows without a valid LeiKa key are kept under a stable local key
// ("nl-" + hash of name and OZG id) and reported as warnings (Kept);
// placeholder texts are dropped and flagged; an exact repetition of an
// earlier row is skipped with a warning. Rows that cannot be imported (wrong
// number of fields, no name, a LeiKa key used twice for different services)
// are returned as rejects. A wrong header is an error.
func ReadLeiKa(r io.Reader, file string) ([]Service, []Reject, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err != nil {
		return nil, nil, fault.Wrap(err, fault.Invalid, "%s:1: cannot read header", file)
	}
	if err := checkHeader(file, header, leikaHeader); err != nil {
		return nil, nil, err
	}
	p := leikaParser{file: file, seen: map[string]seenRow{}}
	err = eachRecord(cr, file, p.row, func(r Reject) { p.findings = append(p.findings, r) })
	if err != nil {
		return nil, nil, err
	}
	return p.services, p.findings, nil
}

// seenRow remembers where a key was first used and what the row said.
type seenRow struct {
	line int
	row  string
}

// leikaParser holds the state of one ReadLeiKa run.
type leikaParser struct {
	file     string
	services []Service
	findings []Reject
	seen     map[string]seenRow
}

func (p *leikaParser) reject(line int, field, reason string) {
	p.findings = append(p.findings, Reject{File: p.file, Line: line, Field: field, Reason: reason})
}

func (p *leikaParser) warn(line int, field, reason string) {
	p.findings = append(p.findings, Reject{File: p.file, Line: line, Field: field, Reason: reason, Kept: true})
}

// row turns one CSV record into a Service, or a reject.
func (p *leikaParser) row(line int, rec []string) {
	if len(rec) != len(leikaHeader) {
		p.reject(line, "", fmt.Sprintf("has %d fields, want %d", len(rec), len(leikaHeader)))
		return
	}
	f := make([]string, len(rec))
	for i, v := range rec {
		f[i] = cleanSpace(v)
	}
	s := Service{
		Name: f[1], Type: f[2], OZGID: f[3], OZGName: f[4],
		LifeSituation: f[5], Topic: f[6], Source: "leika",
	}
	if s.Name == "" {
		p.reject(line, "name", "is empty")
		return
	}
	p.key(line, f[0], &s)
	p.quality(line, f, &s)
	s.Audience = audienceOf(s.LifeSituation)
	slices.Sort(s.Flags)
	s.Flags = slices.Compact(s.Flags)
	rowID := strings.Join(f, "\x1f")
	if prev, ok := p.seen[s.Key]; ok {
		if prev.row == rowID {
			p.findings = append(p.findings, Reject{File: p.file, Line: line, Reason: fmt.Sprintf("repeats line %d; skipped", prev.line), Skipped: true})
			return
		}
		p.reject(line, "leika_key", fmt.Sprintf("key %s already used on line %d for a different service", s.Key, prev.line))
		return
	}
	p.seen[s.Key] = seenRow{line, rowID}
	p.services = append(p.services, s)
}

// key sets Key and LeiKaKey; rows without a valid LeiKa key get a stable
// local key derived from name and OZG id.
func (p *leikaParser) key(line int, raw string, s *Service) {
	if ValidLeiKaKey(raw) {
		s.Key, s.LeiKaKey = raw, raw
		return
	}
	s.Key = localKeyFor(s.Name, s.OZGID)
	if raw == "" || strings.EqualFold(raw, "nicht im LeiKa") {
		s.Flags = append(s.Flags, "no-leika-key")
		p.warn(line, "leika_key", fmt.Sprintf("no LeiKa key; kept as %s", s.Key))
		return
	}
	s.Flags = append(s.Flags, "invalid-leika-key")
	p.warn(line, "leika_key", fmt.Sprintf("invalid LeiKa key %q (want 14 digits); kept as %s", raw, s.Key))
}

// localKeyFor is the stable key of a service without a LeiKa key.
func localKeyFor(name, ozgID string) string {
	h := sha256.Sum256([]byte(strings.ToLower(name) + "|" + ozgID))
	return "nl-" + hex.EncodeToString(h[:5])
}

// quality fills the legal basis and flags placeholder or missing values.
func (p *leikaParser) quality(line int, f []string, s *Service) {
	if isPlaceholder(s.Name) || testNameRE.MatchString(s.Name) {
		s.Placeholder = true
		s.Flags = append(s.Flags, "placeholder-name")
		p.warn(line, "name", fmt.Sprintf("%q looks like a test or placeholder entry; kept, hidden from citizens", s.Name))
	}
	switch lb := f[7]; {
	case lb == "":
	case isPlaceholder(lb) || !plausibleLegalBasis(lb):
		s.Flags = append(s.Flags, "placeholder-legal-basis")
		p.warn(line, "legal_basis", fmt.Sprintf("%q is not a legal reference; dropped", lb))
	default:
		s.LegalBasis = parseLegalBasis(lb)
	}
	if s.Type == "" {
		s.Flags = append(s.Flags, "no-service-type")
	}
	if s.LifeSituation == "" || s.Topic == "" {
		s.Flags = append(s.Flags, "no-life-situation")
	}
}

// checkHeader compares a CSV header with the expected column names.
func checkHeader(file string, got, want []string) error {
	if len(got) > 0 {
		got[0] = strings.TrimPrefix(got[0], "\ufeff")
	}
	norm := make([]string, len(got))
	for i, g := range got {
		norm[i] = strings.ToLower(strings.TrimSpace(g))
	}
	if !slices.Equal(norm, want) {
		return fault.Fields(fmt.Sprintf("%s:1: wrong header %q, want %q", file, strings.Join(got, ","), strings.Join(want, ",")),
			fault.FieldError{Field: file + ":1", Key: "import.header", Text: "want " + strings.Join(want, ",")})
	}
	return nil
}

// parseLegalBasis splits "§ 1 Gesetz (G) [url], § 2 … [url]" into references.
// Texts may contain commas, so only "]" ends an entry.
func parseLegalBasis(s string) []LegalRef {
	var refs []LegalRef
	for s = strings.TrimSpace(s); s != ""; {
		open := strings.Index(s, "[")
		if open < 0 {
			refs = append(refs, LegalRef{Text: strings.Trim(s, " ,;")})
			break
		}
		end := strings.Index(s[open:], "]")
		if end < 0 {
			refs = append(refs, LegalRef{Text: strings.Trim(s, " ,;")})
			break
		}
		text := strings.Trim(s[:open], " ,;")
		url := strings.TrimSpace(s[open+1 : open+end])
		if text == "" {
			text = url
		}
		refs = append(refs, LegalRef{Text: text, URL: url})
		s = strings.TrimLeft(s[open+end+1:], " ,;")
	}
	return refs
}
