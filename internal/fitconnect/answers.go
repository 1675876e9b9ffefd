package fitconnect

import (
	"github.com/amtsweg/amtsweg/internal/procedure"
)

// AnswersOf is the inverse of DataOf: it keys FIT-Connect data of def by
// field ids again (FIM element ids back to the fields that carry them,
// nested groups and repeated entries alike) and turns every attachmentId
// of a file field into upload metadata as the answers hold it (name,
// media_type from the metadata's attachment, and attachment_id). Members
// no field claims are kept under their own key. A reader of sealed or
// received submissions uses it to compare or file the data by field.
func AnswersOf(def procedure.Definition, data map[string]any, attachments []AttachmentInfo) map[string]any {
	var fields []procedure.Field
	for _, pg := range def.Pages {
		fields = append(fields, pg.Fields...)
	}
	byID := make(map[string]AttachmentInfo, len(attachments))
	for _, a := range attachments {
		byID[a.AttachmentID] = a
	}
	return unshapeLevel(fields, data, def.FIM != nil, byID)
}

func unshapeLevel(fields []procedure.Field, data map[string]any, fim bool, atts map[string]AttachmentInfo) map[string]any {
	out := make(map[string]any, len(data))
	keys := levelKeys(fields, fim)
	claimed := make(map[string]bool, len(keys))
	for _, f := range fields {
		key := keys[f.ID]
		claimed[key] = true
		if v, ok := data[key]; ok {
			out[f.ID] = unshapeValue(f, v, fim, atts)
		}
	}
	for k, v := range data {
		if _, taken := out[k]; !claimed[k] && !taken {
			out[k] = v
		}
	}
	return out
}

func unshapeValue(f procedure.Field, v any, fim bool, atts map[string]AttachmentInfo) any {
	switch {
	case f.Type == procedure.FileUpload:
		list, ok := v.([]any)
		if !ok {
			return v
		}
		out := make([]any, len(list))
		for i, e := range list {
			out[i] = e
			if id, ok := e.(string); ok {
				a := atts[id]
				out[i] = map[string]any{"name": a.Filename, "media_type": a.MimeType, "attachment_id": id}
			}
		}
		return out
	case f.Type == procedure.Group && f.Repeat == nil:
		if sub, ok := v.(map[string]any); ok {
			return unshapeLevel(f.Fields, sub, fim, atts)
		}
	case f.Type == procedure.Group:
		if list, ok := v.([]any); ok {
			out := make([]any, len(list))
			for i, e := range list {
				out[i] = e
				if sub, ok := e.(map[string]any); ok {
					out[i] = unshapeLevel(f.Fields, sub, fim, atts)
				}
			}
			return out
		}
	}
	return v
}
