package apply_test

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/amtsweg/amtsweg/internal/apply"
)

func docx() []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, n := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml"} {
		w, _ := z.Create(n)
		w.Write([]byte("<x/>"))
	}
	z.Close()
	return b.Bytes()
}

func plainZip() []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, _ := z.Create("word/document.xml") // no [Content_Types].xml: not OOXML
	w.Write([]byte("<x/>"))
	z.Close()
	return b.Bytes()
}

func TestSniff(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		head []byte
		want string
	}{
		{"pdf", []byte("%PDF-1.4\n..."), apply.TypePDF},
		{"png", []byte("\x89PNG\r\n\x1a\nIHDR"), apply.TypePNG},
		{"jpeg", []byte("\xff\xd8\xff\xe0JFIF"), apply.TypeJPEG},
		{"gif", []byte("GIF87a"), apply.TypeGIF},
		{"tiff little endian", []byte("II*\x00\x08"), apply.TypeTIFF},
		{"tiff big endian", []byte("MM\x00*\x00"), apply.TypeTIFF},
		{"odt", odt(), apply.TypeODT},
		{"docx", docx(), apply.TypeDOCX},
		{"zip with word/ but no content types", plainZip(), apply.TypeZIP},
		{"html claiming pdf later", []byte("<html>%PDF-1.4"), apply.TypeUnknown},
		{"pdf magic not at start", []byte(" %PDF-1.4"), apply.TypeUnknown},
		{"exe", []byte("MZ\x90\x00"), apply.TypeUnknown},
		{"empty", nil, apply.TypeUnknown},
		{"truncated zip header", []byte("PK\x03\x04\x14"), apply.TypeZIP},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := apply.Sniff(tt.head); got != tt.want {
				t.Fatalf("Sniff = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestCleanFilename(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("ä", 150) + ".pdf"
	tests := []struct{ in, want string }{
		{"Bescheinigung.pdf", "Bescheinigung.pdf"},
		{"../../etc/passwd", "passwd"},
		{`C:\Users\Jörg\Meldebestätigung.pdf`, "Meldebestätigung.pdf"},
		{"a\x00b\nc\u202Egpj.exe", "ab cgpj.exe"},
		{"  ..hidden  ", "hidden"},
		{"Antrag  Seite\t 1.pdf", "Antrag Seite 1.pdf"}, // whitespace runs become one space
		{"Gro\u0308ße.pdf", "Größe.pdf"},                // NFD from macOS becomes NFC
		{"", "datei"},
		{"/", "datei"},
		{"\xff\xfe.pdf", ".pdf"[1:]},
	}
	for _, tt := range tests {
		if got := apply.CleanFilename(tt.in); got != tt.want {
			t.Errorf("CleanFilename(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	got := apply.CleanFilename(long)
	if len(got) > 200 || !strings.HasSuffix(got, ".pdf") || !utf8.ValidString(got) {
		t.Errorf("long name: %q (%d bytes)", got, len(got))
	}
}

// FuzzSniff: Sniff never panics, always answers a known type, and only
// says PDF/PNG/JPEG when the magic bytes are really there.
func FuzzSniff(f *testing.F) {
	for _, s := range [][]byte{[]byte("%PDF-1.7"), []byte("\x89PNG\r\n\x1a\n"), []byte("\xff\xd8\xff"), odt(), docx(),
		[]byte("PK\x03\x04"), []byte("PK\x03\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff\xff\xff\x00\x00\x00\x00\x08\x00\x00\x00mimetype")} {
		f.Add(s)
	}
	known := map[string]bool{apply.TypePDF: true, apply.TypePNG: true, apply.TypeJPEG: true, apply.TypeGIF: true,
		apply.TypeTIFF: true, apply.TypeDOCX: true, apply.TypeXLSX: true, apply.TypeZIP: true, apply.TypeUnknown: true}
	f.Fuzz(func(t *testing.T, head []byte) {
		got := apply.Sniff(head)
		if !known[got] && !strings.HasPrefix(got, "application/vnd.oasis.opendocument.") {
			t.Fatalf("unknown type %q", got)
		}
		magic := map[string]string{apply.TypePDF: "%PDF-", apply.TypePNG: "\x89PNG\r\n\x1a\n", apply.TypeJPEG: "\xff\xd8\xff"}
		if m, ok := magic[got]; ok && !bytes.HasPrefix(head, []byte(m)) {
			t.Fatalf("%s without its magic", got)
		}
		if got == apply.TypeDOCX || strings.HasPrefix(got, "application/vnd.oasis") {
			if !bytes.HasPrefix(head, []byte("PK\x03\x04")) {
				t.Fatalf("%s that is no zip", got)
			}
		}
	})
}

// TestNameFor: a stored file's extension always belongs to its sniffed
// type; one that does not is replaced, a missing one added, a fitting one
// (in any case, any usual spelling) kept.
func TestNameFor(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ name, typ, want string }{
		{"antrag.html", apply.TypeGIF, "antrag.gif"},
		{"antrag.HTML", apply.TypePDF, "antrag.pdf"},
		{"Foto.JPEG", apply.TypeJPEG, "Foto.JPEG"},
		{"foto.jpe", apply.TypeJPEG, "foto.jpe"},
		{"scan.tiff", apply.TypeTIFF, "scan.tiff"},
		{"bericht", apply.TypeDOCX, "bericht.docx"},
		{"tabelle.xlsx.exe", apply.TypeXLSX, "tabelle.xlsx.xlsx"},
		{"daten.svg", apply.TypeUnknown, "daten.bin"},
		{".pdf", apply.TypePNG, "datei.png"},
		{"x.pdf", "text/html", "x.bin"},
		{strings.Repeat("ä", 100) + ".html", apply.TypePDF, strings.Repeat("ä", 98) + ".pdf"},
	} {
		if got := apply.NameFor(tt.name, tt.typ); got != tt.want {
			t.Errorf("NameFor(%q, %s) = %q, want %q", tt.name, tt.typ, got, tt.want)
		}
	}
}
