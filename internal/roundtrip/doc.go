// Package roundtrip holds the round-trip property test of issue 11 (in
// roundtrip_test.go; the package has no code of its own): every procedure
// of the repository is filled with random valid answers by package
// proceduretest, driven through the real app's HTTP form flow, and the
// review page, receipt page, receipt PDF, case view, API submission JSON
// and xdomea export are compared with the answers entered, field by
// field, on SQLite and PostgreSQL.
//
// Environment:
//
//	AMTSWEG_ROUNDTRIP_N          applications per procedure (default 6: every size with and without
//	                             characters outside the BMP; scripts/roundtrip-soak.sh: 300)
//	AMTSWEG_ROUNDTRIP_SEED       replay the run with this base seed (printed on failure); under CI
//	                             (CI set) the base seed is fixed (ciSeed) unless this is given
//	AMTSWEG_ROUNDTRIP_PROCEDURE  only this procedure id
//	AMTSWEG_ROUNDTRIP_REPORT     write every disagreement to this file
package roundtrip
