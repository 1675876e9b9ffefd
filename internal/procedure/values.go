package procedure

import (
	"math"
	"strconv"

	"github.com/google/cel-go/common/types/ref"
)

// bind adds the CEL variables of fields under prefix ("answers" or "item")
// to out, with zero values for unanswered fields.
func bind(prefix string, nodes []*node, values map[string]any, out map[string]any) {
	for _, n := range nodes {
		name := prefix + "." + n.f.ID
		if n.f.Type == Group && n.f.Repeat == nil {
			sub, _ := values[n.f.ID].(map[string]any)
			bind(name, n.children, sub, out)
			continue
		}
		if n.f.Type != Label {
			out[name] = celValue(n, values[n.f.ID])
		}
	}
}

// celValue converts a normalized value to what CEL sees (see cel.go).
func celValue(n *node, v any) any {
	switch n.f.Type {
	case Integer, Decimal, Money:
		if v == nil {
			return zeroValue(n.f.Type)
		}
		return celNumber(n.f.Type, v)
	case Address:
		m, _ := v.(map[string]any)
		out := make(map[string]string, len(addressParts))
		for _, k := range addressParts {
			out[k], _ = m[k].(string)
		}
		return out
	case Group:
		if n.f.Repeat == nil {
			m, _ := v.(map[string]any)
			return entryValue(n.children, m)
		}
		list, _ := v.([]any)
		out := make([]any, 0, len(list))
		for _, e := range list {
			m, _ := e.(map[string]any)
			out = append(out, entryValue(n.children, m))
		}
		return out
	}
	if v != nil {
		return v
	}
	return zeroValue(n.f.Type)
}

// entryValue is one group entry as a CEL map, every field present.
func entryValue(nodes []*node, m map[string]any) map[string]any {
	out := make(map[string]any, len(nodes))
	for _, c := range nodes {
		if c.f.Type != Label {
			out[c.f.ID] = celValue(c, m[c.f.ID])
		}
	}
	return out
}

func zeroValue(t FieldType) any {
	switch t {
	case Integer:
		return int64(0)
	case Decimal:
		return 0.0
	case YesNo, Declaration:
		return false
	case MultipleChoice:
		return []string{}
	case FileUpload:
		return []any{}
	}
	return ""
}

// fromCEL turns a computed CEL value back into a raw answer for
// normalization; money is rounded to cents.
func fromCEL(n *node, v ref.Val) any {
	x := v.Value()
	if f, ok := x.(float64); ok && n.f.Type == Money {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil
		}
		return strconv.FormatFloat(math.Round(f*100)/100, 'f', 2, 64)
	}
	if list, ok := x.([]ref.Val); ok {
		out := make([]any, 0, len(list))
		for _, e := range list {
			out = append(out, e.Value())
		}
		return out
	}
	return x
}
