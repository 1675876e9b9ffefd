package account

import (
	"fmt"
	"strings"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// Level is an assurance level (Vertrauensniveau) in the sense of eIDAS:
// how strongly a login proves who the person is. Levels are ordered; the
// zero value is no level at all.
type Level int

// The eIDAS levels. A local password login (with or without TOTP) is Low;
// logins through an eID (e.g. the online ID card via BundID) reach
// Substantial or High.
const (
	LevelNone        Level = iota
	LevelLow               // niedrig
	LevelSubstantial       // substanziell
	LevelHigh              // hoch
)

var levelNames = [...]string{"none", "low", "substantial", "high"}

// String returns the level's lowercase English name as stored.
func (l Level) String() string {
	if l < LevelNone || l > LevelHigh {
		return fmt.Sprintf("level(%d)", int(l))
	}
	return levelNames[l]
}

// ParseLevel reads a level name ("low", "substantial", "high"; also the
// German "niedrig", "substanziell", "hoch"), case-insensitive.
func ParseLevel(s string) (Level, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "low", "niedrig":
		return LevelLow, nil
	case "substantial", "substanziell":
		return LevelSubstantial, nil
	case "high", "hoch":
		return LevelHigh, nil
	}
	return LevelNone, fault.New(fault.Invalid, "unknown assurance level %q", s)
}

// Satisfies reports whether a login at level l may do what requires
// level required. Nothing satisfies a requirement above High, and
// LevelNone satisfies only LevelNone.
func (l Level) Satisfies(required Level) bool { return l >= required }
