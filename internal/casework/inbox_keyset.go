package casework

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// sortKey is one column of an inbox order before the id.
type sortKey struct {
	col      string
	time     bool // a timestamp (else text)
	nullable bool // NULL sorts last in both directions
}

// sortKeys are the columns of order s before the id tie-breaker.
func sortKeys(s Sort) []sortKey {
	switch s {
	case SortDeadline:
		return []sortKey{{col: "c.deadline_at", time: true, nullable: true}}
	case SortReference:
		return []sortKey{{col: "c.reference"}}
	case SortStatus:
		return []sortKey{{col: "c.status"}, {col: "c.received_at", time: true}}
	case SortApplicant:
		return []sortKey{{col: "c.applicant_folded"}}
	}
	return []sortKey{{col: "c.received_at", time: true}}
}

// keyValues are row r's values of order s's keys, as the cursor holds
// them: timestamps in RFC 3339, nil for NULL.
func keyValues(s Sort, r inboxRow) []any {
	ts := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return t.UTC().Format(time.RFC3339Nano)
	}
	switch s {
	case SortDeadline:
		return []any{ts(r.Deadline)}
	case SortReference:
		return []any{r.Reference}
	case SortStatus:
		return []any{string(r.Status), ts(r.ReceivedAt)}
	case SortApplicant:
		return []any{r.folded}
	}
	return []any{ts(r.ReceivedAt)}
}

// cursor is the position of a row in an order (Seitenmarke): the order,
// its direction, the row's sort key and id. Its text form is opaque to
// callers.
type cursor struct {
	Sort Sort  `json:"s"`
	Desc bool  `json:"d"`
	Keys []any `json:"k"`
	ID   int64 `json:"i"`
}

func encodeCursor(f Filter, r inboxRow) string {
	b, _ := json.Marshal(cursor{Sort: f.sort(), Desc: f.Desc, Keys: keyValues(f.sort(), r), ID: r.ID})
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor reads a cursor of f's order; one of another order, or
// garbage, is fault.Invalid.
func decodeCursor(raw string, f Filter) (cursor, error) {
	bad := fault.New(fault.Invalid, "the page link does not fit this order of the inbox; start again from the first page")
	b, err := base64.RawURLEncoding.DecodeString(raw)
	if err != nil {
		return cursor{}, bad
	}
	var c cursor
	keys := sortKeys(f.sort())
	if json.Unmarshal(b, &c) != nil || c.Sort != f.sort() || c.Desc != f.Desc || len(c.Keys) != len(keys) {
		return cursor{}, bad
	}
	for i, k := range keys {
		v, ok := keyArg(k, c.Keys[i])
		if !ok {
			return cursor{}, bad
		}
		c.Keys[i] = v
	}
	return c, nil
}

// keyArg turns a cursor value into a query argument of key k.
func keyArg(k sortKey, v any) (any, bool) {
	if v == nil {
		return nil, k.nullable
	}
	s, ok := v.(string)
	if !ok || !k.time {
		return s, ok
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t.UTC(), err == nil
}

func (f Filter) sort() Sort {
	if f.Sort == "" {
		return SortReceived
	}
	return f.Sort
}

// keysetAfter is the condition "after the cursor" in the order's
// direction (back: before it, for the previous page), as a row-value
// comparison on the order's index. The nullable key (deadline) sorts NULL
// last: after a NULL come only NULLs with a greater id.
func keysetAfter(w *where, f Filter, c cursor, back bool) string {
	op := ">"
	if f.Desc != back {
		op = "<"
	}
	keys := sortKeys(f.sort())
	cols := make([]string, 0, len(keys)+1)
	vals := make([]string, 0, len(keys)+1)
	for i, k := range keys {
		cols = append(cols, k.col)
		vals = append(vals, w.arg(c.Keys[i]))
	}
	id := w.arg(c.ID)
	cmp := "(" + strings.Join(append(cols, "c.id"), ", ") + ") " + op + " (" + strings.Join(append(vals, id), ", ") + ")"
	if !keys[0].nullable {
		return cmp
	}
	k := keys[0].col
	switch {
	case c.Keys[0] != nil && !back:
		return cmp + " OR " + k + " IS NULL"
	case c.Keys[0] != nil:
		return k + " IS NOT NULL AND " + cmp
	case !back:
		return k + " IS NULL AND c.id " + op + " " + id
	}
	return k + " IS NOT NULL OR c.id " + op + " " + id
}

// orderBy is the ORDER BY of f's order, reversed when reading back.
func orderBy(f Filter, back bool) string {
	dir, nulls := " ASC", " NULLS LAST"
	if f.Desc != back {
		dir = " DESC"
	}
	if back {
		nulls = " NULLS FIRST"
	}
	var out []string
	for _, k := range sortKeys(f.sort()) {
		o := k.col + dir
		if k.nullable {
			o += nulls
		}
		out = append(out, o)
	}
	return strings.Join(append(out, "c.id"+dir), ", ")
}
