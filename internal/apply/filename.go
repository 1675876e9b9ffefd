package apply

import (
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxNameBytes caps a stored file name (most file systems allow 255).
const maxNameBytes = 200

// CleanFilename turns a client-supplied file name into one that is safe to
// store and show: no directories (either slash), no control or
// bidirectional-format characters, no leading dots, NFC (so umlauts from
// macOS look like all others), at most 200 bytes with the extension kept.
// Umlauts and other letters stay. An empty result becomes "datei".
func CleanFilename(name string) string {
	name = strings.ToValidUTF8(name, "")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return ' '
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, norm.NFC.String(name))
	name = strings.TrimLeft(strings.TrimSpace(name), ". ")
	name = strings.Join(strings.Fields(name), " ")
	if len(name) > maxNameBytes {
		ext := path.Ext(name)
		if len(ext) > 16 {
			ext = ""
		}
		name = cutBytes(strings.TrimSuffix(name, ext), maxNameBytes-len(ext)) + ext
	}
	if name == "" {
		return "datei"
	}
	return name
}

// cutBytes shortens s to at most n bytes on a character boundary.
func cutBytes(s string, n int) string {
	for len(s) > n {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return strings.TrimSpace(s)
}
