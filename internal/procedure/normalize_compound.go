package procedure

import (
	"strconv"
	"strings"
)

// normalizeAddress accepts a map with street, number, postal_code and
// place; each part is checked when the field is validated.
func normalizeAddress(raw any) (any, *badValue) {
	m, ok := raw.(map[string]any)
	if !ok {
		return nil, &badValue{key: "procedure.invalid_type"}
	}
	out := map[string]any{}
	for _, k := range addressParts {
		v, present := m[k]
		if !present || v == nil {
			continue
		}
		s, ok := v.(string)
		if !ok {
			return nil, &badValue{key: "procedure.invalid_type"}
		}
		if s = strings.TrimSpace(s); s != "" {
			out[k] = s
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// normalizeFiles accepts one file's metadata or a list of them: name,
// media_type, size (bytes) and an optional ref (the blob key the upload
// handling assigned).
func normalizeFiles(raw any) (any, *badValue) {
	var list []any
	switch v := raw.(type) {
	case []any:
		list = v
	case map[string]any:
		list = []any{v}
	default:
		return nil, &badValue{key: "procedure.invalid_type"}
	}
	out := make([]any, 0, len(list))
	for _, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			return nil, &badValue{key: "procedure.file"}
		}
		f, bad := normalizeFile(m)
		if bad != nil {
			return nil, bad
		}
		out = append(out, f)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

func normalizeFile(m map[string]any) (map[string]any, *badValue) {
	name, _ := m["name"].(string)
	media, _ := m["media_type"].(string)
	ref, _ := m["ref"].(string)
	digits, _ := number(m["size"])
	size, err := strconv.ParseInt(strings.TrimSuffix(digits, ".0"), 10, 64)
	if err != nil || strings.TrimSpace(name) == "" || strings.TrimSpace(media) == "" || size < 0 {
		return nil, &badValue{key: "procedure.file"}
	}
	out := map[string]any{"name": strings.TrimSpace(name), "media_type": strings.ToLower(strings.TrimSpace(media)), "size": size}
	if ref != "" {
		out["ref"] = ref
	}
	return out, nil
}

// mediaTypeAllowed matches media against allowed types, which may end in
// "/*" (e.g. image/*). An empty list allows everything.
func mediaTypeAllowed(media string, allowed []string) bool {
	if len(allowed) == 0 {
		return true
	}
	for _, a := range allowed {
		a = strings.ToLower(a)
		if a == media || (strings.HasSuffix(a, "/*") && strings.HasPrefix(media, strings.TrimSuffix(a, "*"))) {
			return true
		}
	}
	return false
}
