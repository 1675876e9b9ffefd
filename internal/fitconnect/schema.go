package fitconnect

import (
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/procedure"
)

// SchemaURI is the submissionSchema.schemaUri of a procedure's data, the
// same for what amtsweg sends and what it accepts as a subscriber: for a
// procedure imported from FIM the URI under which FIT-Connect publishes
// the JSON Schema of its Stammdatenschema
// (https://schema.fitko.de/fim/s<id>_<version>.schema.json, data keyed by
// FIM element ids), for any other procedure
// urn:amtsweg:procedure:<id>:v<version> (data keyed by field ids).
func SchemaURI(def procedure.Definition) string {
	if def.FIM != nil && def.FIM.ID != "" {
		return "https://schema.fitko.de/fim/" + strings.ToLower(def.FIM.ID) + "_" + def.FIM.Version + ".schema.json"
	}
	return ServiceURN("", def.ID) + ":v" + strconv.Itoa(def.Version)
}
