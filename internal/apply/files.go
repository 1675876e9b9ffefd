package apply

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
)

const attachmentColumns = `id, application_id, field_path, file_name, media_type, size, sha256, blob_key, created_at`

// listAttachments returns the attachments of application id in upload order.
func listAttachments(ctx context.Context, q store.Querier, id int64) ([]Attachment, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+attachmentColumns+` FROM application_attachment
		WHERE application_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("apply: list attachments: %w", err)
	}
	return store.Collect(rows, nil, scanAttachment)
}

// scanAttachment reads one row of attachmentColumns.
func scanAttachment(row store.Row) (Attachment, error) {
	var t Attachment
	if err := row.Scan(&t.ID, &t.ApplicationID, &t.FieldPath, &t.Name, &t.MediaType, &t.Size,
		&t.SHA256, &t.BlobKey, &t.CreatedAt); err != nil {
		return t, fmt.Errorf("apply: scan attachment: %w", err)
	}
	t.CreatedAt = t.CreatedAt.UTC()
	return t, nil
}

// withFiles returns a copy of answers in which every file field holds the
// metadata of its attachments (name, media_type, size, ref = attachment
// id) and nothing a client typed in.
func withFiles(def procedure.Definition, answers map[string]any, atts []Attachment) map[string]any {
	out := deepCopy(answers)
	for _, pg := range def.Pages {
		stripFiles(pg.Fields, out)
	}
	for _, t := range atts {
		if t.FieldPath == SenderForm {
			continue // answers no field (External.Form)
		}
		meta := map[string]any{"name": t.Name, "media_type": t.MediaType, "size": t.Size, "ref": strconv.FormatInt(t.ID, 10)}
		setFile(out, t.FieldPath, meta)
	}
	return out
}

func deepCopy(m map[string]any) map[string]any {
	b, err := json.Marshal(m)
	out := map[string]any{}
	if err == nil {
		decodeAnswers(b, &out)
	}
	return out
}

// stripFiles removes the values of file fields under fields from m.
func stripFiles(fields []procedure.Field, m map[string]any) {
	for _, f := range fields {
		switch {
		case f.Type == procedure.FileUpload:
			delete(m, f.ID)
		case f.Type == procedure.Group && f.Repeat == nil:
			if sub, ok := m[f.ID].(map[string]any); ok {
				stripFiles(f.Fields, sub)
			}
		case f.Type == procedure.Group:
			list, _ := m[f.ID].([]any)
			for _, e := range list {
				if sub, ok := e.(map[string]any); ok {
					stripFiles(f.Fields, sub)
				}
			}
		}
	}
}

// setFile appends file to the list at path; a path into a group entry that
// does not exist is skipped (the file is dropped on submission).
func setFile(root map[string]any, path string, file map[string]any) {
	segs := procedure.ParsePath(path)
	cur := root
	for _, s := range segs[:len(segs)-1] {
		name, idx := s.ID, s.Index
		if idx < 0 {
			m, ok := cur[name].(map[string]any)
			if !ok {
				m = map[string]any{}
				cur[name] = m
			}
			cur = m
			continue
		}
		list, _ := cur[name].([]any)
		if idx >= len(list) {
			return
		}
		m, ok := list[idx].(map[string]any)
		if !ok {
			return
		}
		cur = m
	}
	last := segs[len(segs)-1].ID
	list, _ := cur[last].([]any)
	cur[last] = append(list, file)
}

// fileField returns the file field at path ("proof",
// "children[1].certificate"), or a fault.Invalid error naming the path.
func fileField(def procedure.Definition, path string) (procedure.Field, error) {
	bad := fault.Fields("no such file field", fault.FieldError{Field: path, Key: "apply.no_file_field",
		Text: fmt.Sprintf("%q is not a file field of procedure %s", path, def.ID)})
	var fields []procedure.Field
	for _, pg := range def.Pages {
		fields = append(fields, pg.Fields...)
	}
	segs := procedure.ParsePath(path)
	for i, s := range segs {
		name, idx := s.ID, s.Index
		f, ok := findField(fields, name)
		last := i == len(segs)-1
		switch {
		case !ok, last && (idx >= 0 || f.Type != procedure.FileUpload):
			return procedure.Field{}, bad
		case last:
			return f, nil
		case f.Type != procedure.Group, (f.Repeat != nil) != (idx >= 0):
			return procedure.Field{}, bad
		case f.Repeat != nil && idx >= f.Repeat.Max:
			return procedure.Field{}, bad
		}
		fields = f.Fields
	}
	return procedure.Field{}, bad
}

func findField(fields []procedure.Field, id string) (procedure.Field, bool) {
	for _, f := range fields {
		if f.ID == id {
			return f, true
		}
	}
	return procedure.Field{}, false
}
