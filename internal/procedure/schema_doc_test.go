package procedure

import (
	"encoding/json"
	"os"
	"testing"
)

// TestSchemaDocListsFieldTypes keeps docs/procedure.schema.json in step with
// the field types the loader accepts.
func TestSchemaDocListsFieldTypes(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../docs/procedure.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Defs struct {
			Field struct {
				Properties struct {
					Type struct {
						Enum []string `json:"enum"`
					} `json:"type"`
				} `json:"properties"`
			} `json:"field"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	enum := doc.Defs.Field.Properties.Type.Enum
	if len(enum) != len(fieldTypes) {
		t.Fatalf("schema lists %d types, loader knows %d", len(enum), len(fieldTypes))
	}
	for _, e := range enum {
		if !fieldTypes[FieldType(e)] {
			t.Errorf("schema type %q unknown to the loader", e)
		}
	}
}
