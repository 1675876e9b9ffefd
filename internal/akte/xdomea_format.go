package akte

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"strings"
)

// fileFormat is a Dateiformat code, with the format's name for 100
// (Sonstiges).
type fileFormat struct{ Code, Other string }

// formatCodes is the xdomea code list Dateiformat 1.0
// (urn:xoev-de:xdomea:codeliste:dateiformat) by file extension: the codes
// as the xdomea 2.4.0 schema lists them (xdomea-Datentypen.xsd,
// DateiformatCodeType) and the Thüringen state archive's 0503 uses them
// (018 pdf, 035 docx). 044 (PDF/A) is not used: amtsweg does not check
// PDF/A conformance.
var formatCodes = map[string]string{
	"bmp": "001", "csv": "002", "doc": "003", "eml": "006", "htm": "007", "html": "008", "jpe": "009",
	"jpeg": "010", "jpg": "011", "msg": "012", "odp": "013", "ods": "014", "odt": "015", "otp": "016",
	"ots": "017", "pdf": "018", "png": "019", "ppt": "020", "ps": "021", "rtf": "022", "tif": "023",
	"tiff": "024", "wps": "025", "xls": "028", "xml": "030", "xsd": "031", "dot": "032", "pot": "033",
	"xlt": "034", "docx": "035", "xlsx": "036", "pptx": "037", "dotx": "038", "xltx": "039", "potx": "040",
	"dtd": "041", "mpp": "042", "ott": "043", "txt": "045",
}

// mediaExtensions are the usual extensions of the media types amtsweg
// accepts, for files whose name has none the code list knows.
var mediaExtensions = map[string]string{
	"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg", "image/tiff": "tiff", "image/bmp": "bmp",
	"text/plain": "txt", "text/csv": "csv", "text/html": "html", "application/xml": "xml", "text/xml": "xml",
	"application/rtf": "rtf", "application/msword": "doc", "message/rfc822": "eml",
	"application/vnd.oasis.opendocument.text":                                   "odt",
	"application/vnd.oasis.opendocument.spreadsheet":                            "ods",
	"application/vnd.oasis.opendocument.presentation":                           "odp",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document":   "docx",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         "xlsx",
	"application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
	"application/vnd.ms-excel":                                                  "xls", "application/vnd.ms-powerpoint": "ppt",
}

// formatCode is the Dateiformat code of a document: by its media type
// (the upload checked it), then by its file name's extension; 100
// (Sonstiges) with the media type as SonstigerName otherwise.
func formatCode(mediaType, fileName string) fileFormat {
	mt := strings.ToLower(strings.TrimSpace(strings.SplitN(mediaType, ";", 2)[0]))
	ext := strings.ToLower(strings.TrimPrefix(path.Ext(fileName), "."))
	if want, ok := mediaExtensions[mt]; ok && canonicalExt(ext) != want {
		ext = want // the media type wins; the name's spelling stays where it is the type's (jpeg, tif)
	}
	if c, ok := formatCodes[ext]; ok {
		return fileFormat{Code: c}
	}
	if mt == "" {
		mt = "application/octet-stream"
	}
	return fileFormat{Code: "100", Other: mt}
}

// canonicalExt maps the variant spellings of one format to the spelling
// mediaExtensions uses.
func canonicalExt(ext string) string {
	switch ext {
	case "jpeg", "jpe":
		return "jpg"
	case "tif":
		return "tiff"
	case "htm":
		return "html"
	}
	return ext
}

var (
	pdfVersion = regexp.MustCompile(`^%PDF-(\d\.\d)`)
	xmlVersion = regexp.MustCompile(`^<\?xml\s+version\s*=\s*["'](\d\.\d)["']`)
)

// sniffVersion reads the format version a file states in its first bytes.
func sniffVersion(b []byte) string {
	if m := pdfVersion.FindSubmatch(b); m != nil {
		return string(m[1])
	}
	if m := xmlVersion.FindSubmatch(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))); m != nil {
		return string(m[1])
	}
	// JPEG with a JFIF APP0 segment: FF D8 FF E0 len(2) "JFIF\0" major minor
	if len(b) >= 13 && bytes.HasPrefix(b, []byte{0xff, 0xd8, 0xff, 0xe0}) && string(b[6:11]) == "JFIF\x00" {
		return fmt.Sprintf("%d.%02d", b[11], b[12])
	}
	if len(b) >= 6 && (string(b[:6]) == "GIF87a" || string(b[:6]) == "GIF89a") {
		return string(b[3:6])
	}
	return ""
}
