package refdata

import "embed"

// Xdomea holds the xdomea 3.0.0 XML schemas (xdomea/xsd-3.0.0 with the
// XÖV code types in xdomea/xoev) and a reference message 0503
// (xdomea/examples); sources and licences are listed in README.md. Package
// akte exports case files as 0503 messages, and its tests validate them
// against these schemas.
//
//go:embed xdomea
var Xdomea embed.FS
