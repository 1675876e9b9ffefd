package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/mail"
	"strings"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// AuthorityFile is the JSON import format for authorities and
// responsibilities (documented in docs/import-formats.md). Services lists
// extra services that are not in the LeiKa catalog (local keys).
type AuthorityFile struct {
	Services         []ServiceEntry        `json:"services"`
	Authorities      []AuthorityEntry      `json:"authorities"`
	Responsibilities []ResponsibilityEntry `json:"responsibilities"`
}

// ServiceEntry is an extra service of an AuthorityFile.
type ServiceEntry struct {
	Key           string         `json:"key"`
	Name          string         `json:"name"`
	Synonyms      []string       `json:"synonyms"`
	Audience      Audience       `json:"audience"`
	LifeSituation string         `json:"lifeSituation"`
	Topic         string         `json:"topic"`
	Texts         Texts          `json:"texts"`
	LegalBasis    []LegalRef     `json:"legalBasis"`
	Assurance     AssuranceLevel `json:"assurance"`
	// Translations are the name, synonyms and texts in other languages
	// (Übersetzungen), keyed by language: {"en": {"name": …}}.
	Translations map[string]Translation `json:"translations,omitempty"`
	Line         int                    `json:"-"`
}

// AuthorityEntry is one authority of an AuthorityFile; Parent is the key of
// another authority of the tenant.
type AuthorityEntry struct {
	Key          string  `json:"key"`
	Name         string  `json:"name"`
	Kind         string  `json:"kind"`
	Address      Address `json:"address"`
	Phone        string  `json:"phone"`
	Email        string  `json:"email"`
	Web          string  `json:"web"`
	OpeningHours string  `json:"openingHours"`
	Parent       string  `json:"parent"`
	Example      bool    `json:"example"`
	Line         int     `json:"-"`
}

// ResponsibilityEntry is one responsibility of an AuthorityFile: Service (a
// service key or an 8-digit LeiKa group) in each of Regions (12-digit ARS)
// → Authority (a key), for Audience ("" = all).
type ResponsibilityEntry struct {
	Service   string   `json:"service"`
	Regions   []string `json:"regions"`
	Authority string   `json:"authority"`
	Audience  Audience `json:"audience"`
	Line      int      `json:"-"`
}

// ReadAuthorities parses an AuthorityFile without a database and checks
// each entry on its own (keys, names, e-mail, ARS and audience syntax,
// duplicates within the file); references to stored data are checked by
// ImportAuthorities. Findings carry the line where the entry starts.
func ReadAuthorities(r io.Reader, file string) (AuthorityFile, []Reject, error) {
	var f AuthorityFile
	data, err := io.ReadAll(r)
	if err != nil {
		return f, nil, fault.Wrap(err, fault.Invalid, "%s: cannot read", file)
	}
	rd := jsonReader{file: file, data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	if err := rd.object(&f); err != nil {
		return f, nil, err
	}
	return f, append(rd.findings, checkAuthorityFile(file, f)...), nil
}

// jsonReader walks the top-level object token by token so that every array
// element is decoded on its own and findings can name its line.
type jsonReader struct {
	file     string
	data     []byte
	dec      *json.Decoder
	findings []Reject
}

func (rd *jsonReader) fail(format string, args ...any) error {
	line := lineAt(rd.data, rd.dec.InputOffset())
	return fault.New(fault.Invalid, "%s:%d: %s", rd.file, line, fmt.Sprintf(format, args...))
}

func (rd *jsonReader) object(f *AuthorityFile) error {
	if t, err := rd.dec.Token(); err != nil || t != json.Delim('{') {
		return rd.fail("want a JSON object with services, authorities, responsibilities")
	}
	for rd.dec.More() {
		t, err := rd.dec.Token()
		if err != nil {
			return rd.fail("%v", err)
		}
		switch t {
		case "services":
			err = readArray(rd, &f.Services, func(e *ServiceEntry, l int) { e.Line = l })
		case "authorities":
			err = readArray(rd, &f.Authorities, func(e *AuthorityEntry, l int) { e.Line = l })
		case "responsibilities":
			err = readArray(rd, &f.Responsibilities, func(e *ResponsibilityEntry, l int) { e.Line = l })
		default:
			return rd.fail("unknown section %q (want services, authorities, responsibilities)", t)
		}
		if err != nil {
			return err
		}
	}
	if _, err := rd.dec.Token(); err != nil {
		return rd.fail("%v", err)
	}
	return nil
}

// readArray decodes the array that follows, one element at a time; an
// element that does not fit T (unknown field, wrong type) is a finding.
func readArray[T any](rd *jsonReader, out *[]T, setLine func(*T, int)) error {
	if t, err := rd.dec.Token(); err != nil || t != json.Delim('[') {
		return rd.fail("want an array")
	}
	for rd.dec.More() {
		line := lineAt(rd.data, rd.dec.InputOffset())
		var raw json.RawMessage
		if err := rd.dec.Decode(&raw); err != nil {
			return rd.fail("%v", err)
		}
		var e T
		strict := json.NewDecoder(bytes.NewReader(raw))
		strict.DisallowUnknownFields()
		if err := strict.Decode(&e); err != nil {
			rd.findings = append(rd.findings, Reject{File: rd.file, Line: line, Reason: err.Error()})
			continue
		}
		setLine(&e, line)
		*out = append(*out, e)
	}
	_, err := rd.dec.Token()
	return err
}

// lineAt returns the line of the first token at or after offset (skipping
// white space and the comma between array elements).
func lineAt(data []byte, offset int64) int {
	i := int(offset)
	for i < len(data) && strings.ContainsRune(" \t\r\n,:", rune(data[i])) {
		i++
	}
	return bytes.Count(data[:min(i, len(data))], []byte("\n")) + 1
}

// checkAuthorityFile validates each entry on its own.
func checkAuthorityFile(file string, f AuthorityFile) []Reject {
	var out []Reject
	bad := func(line int, field, format string, args ...any) {
		out = append(out, Reject{File: file, Line: line, Field: field, Reason: fmt.Sprintf(format, args...)})
	}
	seen := map[string]int{}
	for _, s := range f.Services {
		switch {
		case !localKeyRE.MatchString(s.Key):
			bad(s.Line, "key", "%q is not a local service key (lower-case letters, digits, dashes)", s.Key)
		case strings.TrimSpace(s.Name) == "":
			bad(s.Line, "name", "is empty")
		}
		if _, err := ParseAudience(string(s.Audience)); err != nil {
			bad(s.Line, "audience", "%v", err)
		}
	}
	for _, a := range f.Authorities {
		if prev, dup := seen[a.Key]; dup {
			bad(a.Line, "key", "authority %q already defined on line %d", a.Key, prev)
		}
		seen[a.Key] = a.Line
		switch {
		case !validAuthorityKey(a.Key):
			bad(a.Line, "key", "%q is not a key (1–128 letters, digits, - _ . :)", a.Key)
		case strings.TrimSpace(a.Name) == "":
			bad(a.Line, "name", "is empty")
		case a.Email != "" && !validEmail(a.Email):
			bad(a.Line, "email", "%q is not an e-mail address", a.Email)
		case a.Parent == a.Key:
			bad(a.Line, "parent", "an authority cannot be its own parent")
		}
	}
	for _, r := range f.Responsibilities {
		out = append(out, checkResponsibility(file, r)...)
	}
	return out
}

// checkResponsibility checks the syntax of one responsibility entry.
func checkResponsibility(file string, r ResponsibilityEntry) []Reject {
	var out []Reject
	bad := func(field, format string, args ...any) {
		out = append(out, Reject{File: file, Line: r.Line, Field: field, Reason: fmt.Sprintf(format, args...)})
	}
	if !validServiceKey(r.Service) && !groupKeyRE.MatchString(r.Service) {
		bad("service", "%q is neither a service key nor an 8-digit LeiKa group", r.Service)
	}
	if len(r.Regions) == 0 {
		bad("regions", "is empty")
	}
	for _, ars := range r.Regions {
		if !ValidARS(ars) {
			bad("regions", "%q is not a 12-digit ARS", ars)
		}
	}
	if r.Authority == "" {
		bad("authority", "is empty")
	}
	if _, err := ParseAudience(string(r.Audience)); err != nil {
		bad("audience", "%v", err)
	}
	return out
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}

// validAuthorityKey accepts short local keys and the ids XZuFi uses for
// organisational units.
func validAuthorityKey(s string) bool {
	if len(s) < 1 || len(s) > 128 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-_.:", c)) {
			return false
		}
	}
	return true
}
