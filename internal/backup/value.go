package backup

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// encodeValue turns a value scanned from either engine into its JSON
// form: null, true/false, a number (integers), a string, or an object
// for the types JSON lacks: {"t": RFC 3339 time}, {"b": base64 bytes},
// {"f": float}.
func encodeValue(v any) (any, error) {
	switch x := v.(type) {
	case nil, bool, int64, string:
		return x, nil
	case int:
		return int64(x), nil
	case int32:
		return int64(x), nil
	case float64:
		return map[string]string{"f": strconv.FormatFloat(x, 'g', -1, 64)}, nil
	case float32:
		return map[string]string{"f": strconv.FormatFloat(float64(x), 'g', -1, 32)}, nil
	case []byte:
		return map[string]string{"b": base64.StdEncoding.EncodeToString(x)}, nil
	case time.Time:
		return map[string]string{"t": x.Format(time.RFC3339Nano)}, nil
	case map[string]any, []any: // a JSON column decoded by the driver
		raw, err := json.Marshal(x)
		return string(raw), err
	}
	return nil, fmt.Errorf("value of type %T is not supported", v)
}

// decodeRow reads one row written by encodeValue.
func decodeRow(line []byte, n int) ([]any, error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	var raw []any
	if err := dec.Decode(&raw); err != nil {
		return nil, err
	}
	if len(raw) != n {
		return nil, fmt.Errorf("%d values for %d columns", len(raw), n)
	}
	for i, v := range raw {
		d, err := decodeValue(v)
		if err != nil {
			return nil, fmt.Errorf("value %d: %w", i+1, err)
		}
		raw[i] = d
	}
	return raw, nil
}

func decodeValue(v any) (any, error) {
	switch x := v.(type) {
	case nil, bool, string:
		return x, nil
	case json.Number:
		return x.Int64()
	case map[string]any:
		return decodeTyped(x)
	}
	return nil, fmt.Errorf("unexpected %T", v)
}

func decodeTyped(m map[string]any) (any, error) {
	if len(m) != 1 {
		return nil, fmt.Errorf("typed value with %d fields", len(m))
	}
	for k, v := range m {
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("typed value %q is not a string", k)
		}
		switch k {
		case "t":
			return time.Parse(time.RFC3339Nano, s)
		case "b":
			return base64.StdEncoding.DecodeString(s)
		case "f":
			return strconv.ParseFloat(s, 64)
		}
		return nil, fmt.Errorf("unknown typed value %q", k)
	}
	return nil, nil
}
