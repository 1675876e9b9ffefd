package refdata

import "embed"

// FIM holds the FIM XDatenfelder schemas 2.0 and 3.0.0 (fim/xsd-2.0,
// fim/xsd-3.0.0) and the real Stammdatenschema example "Bewohnerparkausweis"
// with its genericode code lists (fim/examples/bewohnerparken); sources and
// licences are listed in README.md. The procedure package imports the
// example as a demo procedure and its tests validate against the schemas.
//
//go:embed fim
var FIM embed.FS
