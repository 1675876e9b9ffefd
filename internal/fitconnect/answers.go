package fitconnect

import (
	"fmt"

	"github.com/amtsweg/amtsweg/internal/procedure"
)

// Read is FIT-Connect data (Fachdaten) of a procedure read back by field:
// the inverse of DataOf, for the sealed submissions amtsweg sends and the
// ones it receives as a subscriber alike (ReadData).
type Read struct {
	// Answers are by field id at every depth (groups objects, repeated
	// groups lists of objects); file fields are left out (Files).
	Answers map[string]any
	// Files are the attachments the file fields name, in data order.
	Files []FieldFile
	// Issues name every member no field of the level takes, every value
	// of the wrong shape and every attachment id the metadata do not
	// list, each with its path: nothing is dropped silently.
	Issues []Issue
}

// FieldFile is one attachment a file field names.
type FieldFile struct {
	// FieldPath is the answers path of the file field: field ids joined
	// by ".", an entry of a repeated group as "kinder[0]".
	FieldPath  string
	Attachment AttachmentInfo
}

// Issue is one thing in the data no field takes.
type Issue struct {
	Path   string // answers path, "" for the top level
	Detail string
}

func (i Issue) Error() string { return i.Detail }

// ReadData reads data of def back by field id: the keys are those DataOf
// writes (levelKeys: FIM element ids for a FIM procedure, field ids
// else), a file field holds the attachmentId(s) of attachments. The
// top-level "$schema" member is no answer and is skipped.
func ReadData(def procedure.Definition, data map[string]any, attachments []AttachmentInfo) Read {
	return read(def, data, attachments, false)
}

// read is ReadData; withMeta also puts the upload metadata of every file
// field into the answers.
func read(def procedure.Definition, data map[string]any, attachments []AttachmentInfo, withMeta bool) Read {
	r := &reader{def: def, withMeta: withMeta, atts: make(map[string]AttachmentInfo, len(attachments)), read: Read{Answers: map[string]any{}}}
	for _, a := range attachments {
		r.atts[a.AttachmentID] = a
	}
	var fields []procedure.Field
	for _, pg := range def.Pages {
		fields = append(fields, pg.Fields...)
	}
	top := make(map[string]any, len(data))
	for k, v := range data {
		if k != "$schema" {
			top[k] = v
		}
	}
	r.level(fields, top, r.read.Answers, "")
	return r.read
}

// AnswersOf is ReadData with every file field's attachments put back into
// the answers as upload metadata (name, media_type from the metadata's
// attachment, attachment_id), as a reader comparing answers wants them.
func AnswersOf(def procedure.Definition, data map[string]any, attachments []AttachmentInfo) (map[string]any, []Issue) {
	r := read(def, data, attachments, true)
	return r.Answers, r.Issues
}

type reader struct {
	def      procedure.Definition
	withMeta bool
	atts     map[string]AttachmentInfo
	read     Read
}

// level reads the members of data for fields into answers; path is the
// answers path of the enclosing group ("" at the top).
func (r *reader) level(fields []procedure.Field, data, answers map[string]any, path string) {
	keys := levelKeys(fields, r.def.FIM != nil)
	claimed := make(map[string]bool, len(fields))
	for _, f := range fields {
		key := keys[f.ID]
		claimed[key] = true
		if v, ok := data[key]; ok {
			r.value(f, v, answers, join(path, f.ID))
		}
	}
	for k := range data {
		if !claimed[k] {
			r.issue(path, "member %q at %s is no field of procedure %s", k, orTop(path), r.def.ID)
		}
	}
}

// value reads the value v of field f at path into answers.
func (r *reader) value(f procedure.Field, v any, answers map[string]any, path string) {
	switch {
	case f.Type == procedure.FileUpload:
		if metas := r.files(path, v); r.withMeta {
			answers[f.ID] = metas
		}
	case f.Type == procedure.Group && f.Repeat != nil:
		list, ok := v.([]any)
		if !ok {
			r.issue(path, "%s must be a list of entries", path)
			return
		}
		entries := make([]any, 0, len(list))
		for i, e := range list {
			p := fmt.Sprintf("%s[%d]", path, i)
			em, ok := e.(map[string]any)
			if !ok {
				r.issue(p, "%s must be an object", p)
				continue
			}
			entry := map[string]any{}
			r.level(f.Fields, em, entry, p)
			entries = append(entries, entry)
		}
		answers[f.ID] = entries
	case f.Type == procedure.Group:
		gm, ok := v.(map[string]any)
		if !ok {
			r.issue(path, "%s must be an object", path)
			return
		}
		sub := map[string]any{}
		r.level(f.Fields, gm, sub, path)
		answers[f.ID] = sub
	default:
		answers[f.ID] = v
	}
}

// files takes the attachment id or ids a file field names and returns
// their upload metadata.
func (r *reader) files(path string, v any) []any {
	var ids []any
	switch x := v.(type) {
	case string:
		ids = []any{x}
	case []any:
		ids = x
	default:
		r.issue(path, "file field %s must name attachmentIds", path)
		return nil
	}
	metas := make([]any, 0, len(ids))
	for _, e := range ids {
		id, _ := e.(string)
		a, ok := r.atts[id]
		if !ok {
			r.issue(path, "file field %s names attachment %v, which the submission does not have", path, e)
			continue
		}
		r.read.Files = append(r.read.Files, FieldFile{FieldPath: path, Attachment: a})
		metas = append(metas, map[string]any{"name": a.Filename, "media_type": a.MimeType, "attachment_id": id})
	}
	return metas
}

func (r *reader) issue(path, format string, args ...any) {
	r.read.Issues = append(r.read.Issues, Issue{Path: path, Detail: fmt.Sprintf(format, args...)})
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
