package refdata

import "embed"

// FitConnect holds the FIT-Connect submission metadata schema 1.0.0
// (fitconnect/metadata.schema.v1.0.0.json) and the Routing API 2.0.0
// description (fitconnect/routing-api.yaml); sources and licences are
// listed in README.md. Package fitconnect builds metadata that validates
// against the schema and shapes its routing answer after the API; its
// tests validate against the schema.
//
//go:embed fitconnect
var FitConnect embed.FS
