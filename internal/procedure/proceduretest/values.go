package proceduretest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/procedure"
)

// raw turns canonical values into answers as procedure.Validate reads
// them (numbers as strings, files as metadata).
func raw(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = raw(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = raw(e)
		}
		return out
	case []string:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out
	case []File:
		out := make([]any, len(x))
		for i, f := range x {
			out[i] = map[string]any{"name": f.Name, "media_type": f.MediaType, "size": int64(len(f.Data))}
		}
		return out
	}
	return v
}

// rawMap is raw for the top level.
func rawMap(m map[string]any) map[string]any { return raw(m).(map[string]any) }

// bmpOnly replaces characters outside the Basic Multilingual Plane.
func bmpOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r > 0xFFFF {
			return 'ü'
		}
		return r
	}, s)
}

// canonical turns a value procedure computed into its canonical form.
func canonical(v any) any {
	switch x := v.(type) {
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case json.Number:
		return x.String()
	}
	return v
}

// locate finds the field at path among fields and the map holding its
// value; it stops at the first field that is not a group (an address's
// part or a file's index name the field itself).
func locate(fields []procedure.Field, values map[string]any, path string) (procedure.Field, map[string]any, string, bool) {
	segs := procedure.ParsePath(path)
	prefix := ""
	for i, seg := range segs {
		f, ok := findField(fields, seg.ID)
		if !ok {
			return procedure.Field{}, nil, "", false
		}
		here := prefix + seg.ID
		last := i == len(segs)-1 || f.Type != procedure.Group
		if f.Type == procedure.Group && f.Repeat != nil && seg.Index >= 0 && !last {
			list, _ := values[seg.ID].([]any)
			if seg.Index >= len(list) {
				return f, values, here, true
			}
			sub, _ := list[seg.Index].(map[string]any)
			values, fields, prefix = sub, f.Fields, fmt.Sprintf("%s[%d].", here, seg.Index)
			continue
		}
		if last {
			return f, values, here, true
		}
		sub, _ := values[seg.ID].(map[string]any)
		if sub == nil {
			sub = map[string]any{}
			values[seg.ID] = sub
		}
		values, fields, prefix = sub, f.Fields, here+"."
	}
	return procedure.Field{}, nil, "", false
}

func findField(fields []procedure.Field, id string) (procedure.Field, bool) {
	for _, f := range fields {
		if f.ID == id {
			return f, true
		}
	}
	return procedure.Field{}, false
}

// allFields are the top-level fields of every page.
func allFields(def *procedure.Definition) []procedure.Field {
	var out []procedure.Field
	for _, pg := range def.Pages {
		out = append(out, pg.Fields...)
	}
	return out
}

// pageOf is the page holding the top-level field id.
func pageOf(def *procedure.Definition, id string) (procedure.Page, bool) {
	for _, pg := range def.Pages {
		if _, ok := findField(pg.Fields, id); ok {
			return pg, true
		}
	}
	return procedure.Page{}, false
}
