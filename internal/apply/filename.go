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

// extensions are the file name extensions of the media types Sniff
// recognises, the usual one first.
var extensions = map[string][]string{
	TypePDF: {".pdf"}, TypePNG: {".png"}, TypeJPEG: {".jpg", ".jpeg", ".jpe"}, TypeGIF: {".gif"},
	TypeTIFF: {".tif", ".tiff"}, TypeODT: {".odt"}, TypeDOCX: {".docx"}, TypeXLSX: {".xlsx"}, TypeZIP: {".zip"},
	TypeUnknown: {".bin"},
}

// NameFor ties a cleaned file name to the file's sniffed media type: an
// extension that does not belong to the type is replaced by the type's
// own ("antrag.html" holding a GIF becomes "antrag.gif"), a missing one
// added, so no browser or desktop opens the file as something else. The
// name is stored like that and served like that.
func NameFor(name, mediaType string) string {
	exts, ok := extensions[mediaType]
	if !ok {
		exts = extensions[TypeUnknown]
	}
	ext := path.Ext(name)
	for _, e := range exts {
		if strings.EqualFold(ext, e) {
			return name
		}
	}
	base := strings.TrimSuffix(name, ext)
	if strings.TrimSpace(base) == "" {
		base = "datei"
	}
	return cutBytes(base, maxNameBytes-len(exts[0])) + exts[0]
}
