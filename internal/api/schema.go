package api

import (
	"reflect"
	"strings"
	"time"
)

// schemas turns Go types into JSON Schema (OpenAPI 3.1 dialect) the way
// encoding/json encodes them, so the document describes exactly what the
// handlers write: named structs become components, fields without
// omitempty are required, and values encoding/json may write as null
// (pointers, maps, slices) allow null.
type schemas struct {
	defs  map[string]map[string]any
	names map[reflect.Type]string
}

func newSchemas() *schemas {
	return &schemas{defs: map[string]map[string]any{}, names: map[reflect.Type]string{}}
}

var timeType = reflect.TypeFor[time.Time]()

// of returns the schema of t, a $ref for named structs.
func (s *schemas) of(t reflect.Type) map[string]any {
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t.Kind() == reflect.Pointer:
		return nullable(s.of(t.Elem()))
	case t.Kind() == reflect.Struct:
		return map[string]any{"$ref": "#/components/schemas/" + s.component(t)}
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		return map[string]any{"type": "string", "contentEncoding": "base64"}
	case t.Kind() == reflect.Slice || t.Kind() == reflect.Array:
		return map[string]any{"type": "array", "items": s.of(t.Elem())}
	case t.Kind() == reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": s.of(t.Elem())}
	case t.Kind() == reflect.Interface:
		return map[string]any{}
	case t.Kind() == reflect.String:
		return map[string]any{"type": "string"}
	case t.Kind() == reflect.Bool:
		return map[string]any{"type": "boolean"}
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return map[string]any{"type": "integer"}
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		return map[string]any{"type": "number"}
	}
	panic("api: no schema for " + t.String())
}

// nullable lets a schema also be null; a $ref is wrapped in oneOf.
func nullable(in map[string]any) map[string]any {
	if typ, ok := in["type"].(string); ok {
		out := map[string]any{}
		for k, v := range in {
			out[k] = v
		}
		out["type"] = []string{typ, "null"}
		return out
	}
	return map[string]any{"oneOf": []any{in, map[string]any{"type": "null"}}}
}

// component registers struct t under its name and returns the name.
func (s *schemas) component(t reflect.Type) string {
	if n, ok := s.names[t]; ok {
		return n
	}
	name := t.Name()
	if name == "" {
		panic("api: anonymous struct in a response; give it a name")
	}
	if _, taken := s.defs[name]; taken {
		name = strings.ReplaceAll(t.PkgPath()[strings.LastIndex(t.PkgPath(), "/")+1:], ".", "") + name
	}
	s.names[t] = name
	props, required := map[string]any{}, []string{}
	s.fields(t, props, &required)
	def := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		def["required"] = required
	}
	s.defs[name] = def
	return name
}

// fields adds the JSON members of struct t, flattening embedded structs.
func (s *schemas) fields(t reflect.Type, props map[string]any, required *[]string) {
	for f := range t.Fields() {
		if !f.IsExported() && !f.Anonymous {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			s.fields(f.Type, props, required)
			continue
		}
		if name == "" {
			name = f.Name
		}
		sch := s.of(f.Type)
		omit := strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero")
		if !omit && (f.Type.Kind() == reflect.Map || f.Type.Kind() == reflect.Slice) && f.Type.Elem().Kind() != reflect.Uint8 {
			sch = nullable(sch)
		}
		props[name] = sch
		if !omit {
			*required = append(*required, name)
		}
	}
}
