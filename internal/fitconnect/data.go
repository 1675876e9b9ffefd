package fitconnect

import (
	"strings"

	"github.com/amtsweg/amtsweg/internal/procedure"
)

// DataOf shapes the frozen answers of def as the FIT-Connect data
// (Fachdaten) of a submission:
//
//   - keys: for a procedure imported from FIM (def.FIM set) the FIM
//     element id of every field and group that has one (Field.Source
//     "FIM F60000227" → "F60000227", "FIM G60000086" → "G60000086"), as
//     the JSON Schemas FITKO generates from a Stammdatenschema
//     (schema.fitko.de/fim/s…_….schema.json) name their properties; a
//     field without a FIM id (added by the tenant) and every field of a
//     hand-written procedure keep their field id;
//   - a group is an object of its fields, a repeatable group an array of
//     such objects (one per entry), as in those schemas;
//   - a file field holds the attachmentIds (FIT-Connect UUIDs from
//     attachmentIDs, keyed by amtsweg's attachment id, the "ref" of the
//     upload metadata) of its uploads, so the data references the
//     attachments of the metadata;
//   - answers the definition does not name are kept under their own key:
//     nothing is dropped.
//
// A second field of the same level with the same FIM id keeps its field
// id, so no answer overwrites another (levelKeys).
func DataOf(def procedure.Definition, answers map[string]any, attachmentIDs map[string]string) map[string]any {
	var fields []procedure.Field
	for _, pg := range def.Pages {
		fields = append(fields, pg.Fields...)
	}
	return shapeLevel(fields, answers, def.FIM != nil, attachmentIDs)
}

// shapeLevel shapes the answers m of one level (the form, a group or a
// group entry) whose fields are fields.
func shapeLevel(fields []procedure.Field, m map[string]any, fim bool, ids map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	keys := levelKeys(fields, fim)
	for _, f := range fields {
		if v, ok := m[f.ID]; ok {
			out[keys[f.ID]] = shapeValue(f, v, fim, ids)
		}
	}
	for k, v := range m {
		if _, known := keys[k]; !known {
			if _, taken := out[k]; !taken {
				out[k] = v
			}
		}
	}
	return out
}

// levelKeys is the data key of every field of one level, by field id: its
// FIM id (in a FIM procedure) unless an earlier field of the level has
// the same one, else its field id. It depends on the definition only, so
// DataOf and AnswersOf agree whatever was answered.
func levelKeys(fields []procedure.Field, fim bool) map[string]string {
	keys := make(map[string]string, len(fields))
	used := map[string]bool{}
	for _, f := range fields {
		key := f.ID
		if id := fimID(f); fim && id != "" && !used[id] {
			key = id
		}
		used[key], keys[f.ID] = true, key
	}
	return keys
}

// shapeValue shapes the answer v of field f.
func shapeValue(f procedure.Field, v any, fim bool, ids map[string]string) any {
	switch {
	case f.Type == procedure.FileUpload:
		return attachmentRefs(v, ids)
	case f.Type == procedure.Group && f.Repeat == nil:
		if sub, ok := v.(map[string]any); ok {
			return shapeLevel(f.Fields, sub, fim, ids)
		}
	case f.Type == procedure.Group:
		if list, ok := v.([]any); ok {
			out := make([]any, len(list))
			for i, e := range list {
				out[i] = e
				if sub, ok := e.(map[string]any); ok {
					out[i] = shapeLevel(f.Fields, sub, fim, ids)
				}
			}
			return out
		}
	}
	return v
}

// attachmentRefs turns the upload metadata of a file field into the
// attachmentIds of the uploads; an upload without a sealed attachment
// (none in ids) keeps its metadata.
func attachmentRefs(v any, ids map[string]string) any {
	list, ok := v.([]any)
	if !ok {
		return v
	}
	out := make([]any, 0, len(list))
	for _, e := range list {
		meta, _ := e.(map[string]any)
		ref, _ := meta["ref"].(string)
		if id, ok := ids[ref]; ok {
			out = append(out, id)
			continue
		}
		out = append(out, e)
	}
	return out
}

// fimID is the FIM element id of a field or group ("F60000227",
// "G60000086"), from its Source; "" if it has none.
func fimID(f procedure.Field) string {
	id, ok := strings.CutPrefix(f.Source, "FIM ")
	if !ok || len(id) < 2 || (id[0] != 'F' && id[0] != 'G') || strings.ContainsAny(id, " /") {
		return ""
	}
	return id
}
