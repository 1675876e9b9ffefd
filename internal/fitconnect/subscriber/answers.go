package subscriber

import (
	"fmt"
	"slices"
	"strings"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/fitconnect"
	"github.com/amtsweg/amtsweg/internal/procedure"
)

// keyOf is the member name of field f in submission data: its FIM element
// id (Field.Source "FIM F60000227") for a procedure imported from FIM,
// else its field id — the keys fitconnect.SchemaURI promises.
func keyOf(def procedure.Definition, f procedure.Field) string {
	if def.FIM != nil {
		if id, ok := strings.CutPrefix(f.Source, "FIM "); ok && id != "" {
			return id
		}
	}
	return f.ID
}

// mapper turns submission data into the procedure's answers and files.
type mapper struct {
	def      procedure.Definition
	meta     map[string]fitconnect.AttachmentInfo
	order    []fitconnect.AttachmentInfo // as the metadata list them
	files    map[string][]byte
	used     map[string]bool
	out      []apply.ExternalFile
	problems []Problem
	notKept  []string // form renderings no field takes: "<id> <filename> sha512:<hash>"
}

// answersOf maps data (keyed as keyOf says) to answers by field id. A
// file field's value is an attachment id or a list of them; attachments
// no field names go to the first file field that takes their media type.
// Members the procedure does not know and attachments no field takes are
// schema violations, so nothing is dropped silently — except the
// sender's rendering of the form (purpose "form") when no field takes
// it: the data it shows are filed, and notKept names it for the audit.
func answersOf(def procedure.Definition, o opened) (answers map[string]any, files []apply.ExternalFile, notKept []string, problems []Problem) {
	m := &mapper{def: def, meta: map[string]fitconnect.AttachmentInfo{}, files: o.Files, used: map[string]bool{}}
	m.order = o.Metadata.ContentStructure.Attachments
	for _, a := range m.order {
		m.meta[a.AttachmentID] = a
	}
	data := maps(o.Data)
	delete(data, "$schema")
	answers = map[string]any{}
	var all []procedure.Field
	for _, pg := range def.Pages {
		all = append(all, pg.Fields...)
	}
	m.group(all, data, answers, "")
	m.placeLeftovers(all)
	return answers, m.out, m.notKept, m.problems
}

func maps(v map[string]any) map[string]any {
	out := make(map[string]any, len(v))
	for k, x := range v {
		out[k] = x
	}
	return out
}

// group maps the members of data for fields into answers; path is the
// answers path of the enclosing group ("" at the top).
func (m *mapper) group(fields []procedure.Field, data, answers map[string]any, path string) {
	for _, f := range fields {
		key := keyOf(m.def, f)
		v, ok := data[key]
		if !ok {
			continue
		}
		delete(data, key)
		p := join(path, f.ID)
		switch {
		case f.Type == procedure.FileUpload:
			m.file(f, p, v)
		case f.Type == procedure.Group && f.Repeat != nil:
			list, ok := v.([]any)
			if !ok {
				m.fail(p, "a list of entries")
				continue
			}
			var entries []any
			for i, e := range list {
				em, ok := e.(map[string]any)
				if !ok {
					m.fail(fmt.Sprintf("%s[%d]", p, i), "an object")
					continue
				}
				entry := map[string]any{}
				m.group(f.Fields, maps(em), entry, fmt.Sprintf("%s[%d]", p, i))
				entries = append(entries, entry)
			}
			answers[f.ID] = entries
		case f.Type == procedure.Group:
			gm, ok := v.(map[string]any)
			if !ok {
				m.fail(p, "an object")
				continue
			}
			sub := map[string]any{}
			m.group(f.Fields, maps(gm), sub, p)
			answers[f.ID] = sub
		default:
			answers[f.ID] = v
		}
	}
	for k := range data {
		m.problems = append(m.problems, problem(SchemaViolation, "data", "member %q at %s is no field of procedure %s", k, orTop(path), m.def.ID))
	}
}

// file takes the attachment ids a file field names.
func (m *mapper) file(f procedure.Field, path string, v any) {
	var ids []string
	switch x := v.(type) {
	case string:
		ids = []string{x}
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok {
				ids = append(ids, s)
			}
		}
	}
	for _, id := range ids {
		a, ok := m.meta[id]
		if !ok {
			m.problems = append(m.problems, problem(SchemaViolation, "data", "file field %s names attachment %s, which the submission does not have", path, id))
			continue
		}
		m.add(path, a)
	}
}

func (m *mapper) add(path string, a fitconnect.AttachmentInfo) {
	m.used[a.AttachmentID] = true
	name := a.Filename
	if name == "" {
		name = a.AttachmentID
	}
	m.out = append(m.out, apply.ExternalFile{FieldPath: path, Name: name, MediaType: a.MimeType, Content: m.files[a.AttachmentID]})
}

// placeLeftovers files attachments no field named in the first top-level
// file field that takes their media type and has room; one that fits
// nowhere is a problem. The sender's form rendering (purpose "form") is
// no proof and goes into no field: it is only noted (notKept).
func (m *mapper) placeLeftovers(fields []procedure.Field) {
	for _, a := range m.order {
		if m.used[a.AttachmentID] {
			continue
		}
		placed := false
		for _, f := range fields {
			if a.Purpose == "form" {
				break
			}
			if f.Type != procedure.FileUpload || !takes(f, a.MimeType) || m.count(f.ID) >= max(f.MaxFiles, 1) {
				continue
			}
			m.add(f.ID, a)
			placed = true
			break
		}
		switch {
		case placed:
		case a.Purpose == "form":
			m.notKept = append(m.notKept, a.AttachmentID+" "+a.Filename+" sha512:"+a.Hash.Content)
		default:
			m.problems = append(m.problems, problem(SchemaViolation, "attachment:"+a.AttachmentID,
				"no file field of procedure %s takes attachment %q (%s)", m.def.ID, a.Filename, a.MimeType))
		}
	}
}

func (m *mapper) count(path string) int {
	n := 0
	for _, f := range m.out {
		if f.FieldPath == path {
			n++
		}
	}
	return n
}

func takes(f procedure.Field, mime string) bool {
	return len(f.MediaTypes) == 0 || slices.Contains(f.MediaTypes, mime)
}

func (m *mapper) fail(path, want string) {
	m.problems = append(m.problems, problem(SchemaViolation, "data", "%s must be %s", path, want))
}

func join(path, id string) string {
	if path == "" {
		return id
	}
	return path + "." + id
}

func orTop(path string) string {
	if path == "" {
		return "the top level"
	}
	return path
}
