package apply

import (
	"bytes"
	"encoding/binary"
	"strings"
)

// SniffLen is how many leading bytes Sniff looks at.
const SniffLen = 64 << 10

// Media types Sniff recognises.
const (
	TypePDF     = "application/pdf"
	TypePNG     = "image/png"
	TypeJPEG    = "image/jpeg"
	TypeGIF     = "image/gif"
	TypeTIFF    = "image/tiff"
	TypeODT     = "application/vnd.oasis.opendocument.text"
	TypeDOCX    = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	TypeXLSX    = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	TypeZIP     = "application/zip"
	TypeUnknown = "application/octet-stream"
)

// Sniff returns the media type of a file from its first bytes (up to
// SniffLen), never from its name or a client's header: the magic numbers of
// PDF, PNG, JPEG, GIF and TIFF; for ZIP containers the OpenDocument
// "mimetype" entry (which the standard puts first and uncompressed) and the
// OOXML parts ("[Content_Types].xml" plus "word/" or "xl/"). Anything else
// is application/octet-stream.
func Sniff(head []byte) string {
	magic := []struct {
		prefix string
		typ    string
	}{
		{"%PDF-", TypePDF}, {"\x89PNG\r\n\x1a\n", TypePNG}, {"\xff\xd8\xff", TypeJPEG},
		{"GIF87a", TypeGIF}, {"GIF89a", TypeGIF}, {"II*\x00", TypeTIFF}, {"MM\x00*", TypeTIFF},
	}
	for _, m := range magic {
		if bytes.HasPrefix(head, []byte(m.prefix)) {
			return m.typ
		}
	}
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return sniffZip(head)
	}
	return TypeUnknown
}

// sniffZip looks at the local file headers found in head.
func sniffZip(head []byte) string {
	if t := openDocument(head); t != "" {
		return t
	}
	var types, word, xl bool
	for _, name := range zipNames(head) {
		types = types || name == "[Content_Types].xml"
		word = word || strings.HasPrefix(name, "word/")
		xl = xl || strings.HasPrefix(name, "xl/")
	}
	switch {
	case types && word:
		return TypeDOCX
	case types && xl:
		return TypeXLSX
	}
	return TypeZIP
}

// openDocument reads the first entry: "mimetype", stored, holding the
// type. The content is read up to the first byte that cannot be part of a
// media type, since writers that stream (data descriptor) leave the size
// in the local header at zero.
func openDocument(head []byte) string {
	if len(head) < 30 {
		return ""
	}
	method := binary.LittleEndian.Uint16(head[8:])
	nameLen := int(binary.LittleEndian.Uint16(head[26:]))
	extraLen := int(binary.LittleEndian.Uint16(head[28:]))
	start := 30 + nameLen + extraLen
	if method != 0 || nameLen != 8 || len(head) < start || string(head[30:38]) != "mimetype" {
		return ""
	}
	end := start
	for end < len(head) && end-start < 100 && isTypeByte(head[end]) {
		end++
	}
	t := string(head[start:end])
	if strings.HasPrefix(t, "application/vnd.oasis.opendocument.") {
		return t
	}
	return ""
}

func isTypeByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '/' || c == '+'
}

// zipNames returns the names of the local file headers in head; it scans
// for the signature, so entries with data descriptors are found too.
func zipNames(head []byte) []string {
	var names []string
	sig := []byte("PK\x03\x04")
	for off := 0; ; {
		i := bytes.Index(head[off:], sig)
		if i < 0 {
			return names
		}
		p := off + i
		if p+30 <= len(head) {
			n := int(binary.LittleEndian.Uint16(head[p+26:]))
			if p+30+n <= len(head) {
				names = append(names, string(head[p+30:p+30+n]))
			}
		}
		off = p + 4
	}
}

// typeAllowed matches a sniffed type against a field's allowed list, which
// may hold "image/*"; an empty list allows every type.
func typeAllowed(media string, allowed []string) bool {
	if len(allowed) == 0 {
		return true
	}
	for _, a := range allowed {
		a = strings.ToLower(strings.TrimSpace(a))
		if a == media || (strings.HasSuffix(a, "/*") && strings.HasPrefix(media, strings.TrimSuffix(a, "*"))) {
			return true
		}
	}
	return false
}
