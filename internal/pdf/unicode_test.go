package pdf_test

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/amtsweg/amtsweg/internal/pdf"
)

// unicodeCases is text from all planes as applicants enter it, with what
// text extraction must give back (NFC-composed; "�" for control
// characters and invalid UTF-8).
var unicodeCases = []struct{ name, in, want string }{
	{"emoji", "Blumenstraße 😀 🥨 5", "Blumenstraße 😀 🥨 5"},
	{"emoji sequence", "Familie 👨‍👩‍👧 und 👍🏽 ok", "Familie 👨‍👩‍👧 und 👍🏽 ok"},
	{"flag", "Herkunft 🇺🇦", "Herkunft 🇺🇦"},
	{"CJK", "東京都千代田区 1-1", "東京都千代田区 1-1"},
	{"CJK extension B", "𠀋𠂉 Name", "𠀋𠂉 Name"},
	{"Cyrillic", "Ёлкина Наталья Дмитриевна, ул. Щорса", "Ёлкина Наталья Дмитриевна, ул. Щорса"},
	{"Ukrainian", "Їжакевич Ґанна Євгенівна", "Їжакевич Ґанна Євгенівна"},
	{"Greek", "Παπαδόπουλος Γιώργος, Ωραιόκαστρο", "Παπαδόπουλος Γιώργος, Ωραιόκαστρο"},
	{"Latin extended", "Łukasz Żółć, Şişli, Ærøskøbing, Nguyễn Thị Hồng, Đorđević", "Łukasz Żółć, Şişli, Ærøskøbing, Nguyễn Thị Hồng, Đorđević"},
	{"combining marks", "Zoe\u0308 Ame\u0301lie", "Zoë Amélie"},
	{"combining without precomposed form", "q\u0307 x\u0323\u0302", "q\u0307 x\u0323\u0302"},
	{"Hebrew", "שלום", "שלום"},
	{"Arabic", "مرحبا", "مرحبا"},
	{"control characters", "a\x00b\x07c\x1bd", "a�b�c�d"},
	{"invalid UTF-8", "x\xff\xfey", "x��y"},
	{"Devanagari", "नमस्ते", "नमस्ते"},
	{"math", "𝐀𝐁 ∑ ∞", "𝐀𝐁 ∑ ∞"},
	{"canonical equivalents", "1 \u2126 2 \u212b", "1 \u03a9 2 \u00c5"}, // Ohm → Omega, Angstrom → Å (NFC)
}

// TestAllPlanesRoundTrip: text from every plane renders in every kind of
// block — without panic or error — and pdftotext gives it back.
func TestAllPlanesRoundTrip(t *testing.T) {
	t.Parallel()
	for _, c := range unicodeCases {
		t.Run(c.name, func(t *testing.T) {
			d := pdf.New(pdf.Meta{Title: c.in, Author: c.in, Subject: c.in, Created: created}).
				Letterhead(pdf.Letterhead{Authority: "Amt " + c.in, Unit: c.in, Address: []string{c.in},
					Contact: []string{c.in}, Recipient: []string{c.in}}).
				Title(c.in).Heading(c.in).Paragraph(c.in).
				Fields(pdf.Field{Label: c.in, Value: c.in}).
				Attachments(pdf.Attachment{Name: c.in + ".pdf", Size: 1, SHA256: c.in})
			path := write(t, render(t, d))
			text := tool(t, "pdftotext", "-raw", "-enc", "UTF-8", path, "-")
			if n := strings.Count(oneLine(text), oneLine(c.want)); n < 8 {
				t.Errorf("%q found %d times, want 8 or more, in %q", c.want, n, text)
			}
			info := tool(t, "pdfinfo", path)
			if strings.Contains(info, "Error") { // poppler reports a broken file, xref or font here
				t.Errorf("pdfinfo: %s", info)
			}
			if !strings.Contains(oneLine(info), oneLine(strings.ToValidUTF8(c.in, "��"))) && c.name != "control characters" {
				t.Errorf("title %q not in\n%s", c.in, info)
			}
		})
	}
}

// TestEmptyAndLong: empty texts everywhere, and a word far longer than a
// line, which breaks inside the word and loses nothing.
func TestEmptyAndLong(t *testing.T) {
	t.Parallel()
	empty := pdf.New(pdf.Meta{Created: created}).Letterhead(pdf.Letterhead{Recipient: []string{""}, Contact: []string{""}}).
		Title("").Heading("").Paragraph("").Fields(pdf.Field{}).Attachments(pdf.Attachment{})
	if text := tool(t, "pdftotext", "-enc", "UTF-8", write(t, render(t, empty)), "-"); !strings.Contains(text, "Seite 1 von 1") {
		t.Errorf("empty document: %q", text)
	}
	word := strings.Repeat("Donaudampfschifffahrtsgesellschaftskapitän", 30)
	long := pdf.New(pdf.Meta{Created: created}).Paragraph(word).Fields(pdf.Field{Label: word, Value: word}).
		Attachments(pdf.Attachment{Name: word, SHA256: word})
	text := tool(t, "pdftotext", "-raw", "-enc", "UTF-8", write(t, render(t, long)), "-")
	if n := strings.Count(strings.Join(strings.Fields(text), ""), word); n < 3 {
		t.Errorf("the long word is whole %d times, want it in the paragraph, value and file name", n)
	}
	if strings.Contains(text, word[:200]) {
		t.Error("the long word was not broken")
	}
	name := "Maximiliane Alexandra Theodora Freifrau von und zu Hohenzollern-Sigmaringen-Donaueschingen"
	letter := pdf.New(pdf.Meta{Created: created}).Letterhead(pdf.Letterhead{Authority: "Amt", Recipient: []string{name}})
	if text := oneLine(tool(t, "pdftotext", "-enc", "UTF-8", write(t, render(t, letter)), "-")); !strings.Contains(strings.ReplaceAll(text, "-", ""), strings.ReplaceAll(name, "-", "")) { // pdftotext joins a hyphen at a line end
		t.Errorf("a long recipient name is cut: %q", text)
	}
}

// TestRandomUnicodeNeverFails renders random text from all planes,
// including unassigned code points, in every block.
func TestRandomUnicodeNeverFails(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		s := randomText(rng)
		d := pdf.New(pdf.Meta{Title: s, Created: created}).Letterhead(pdf.Letterhead{Authority: s, Recipient: []string{s}}).
			Title(s).Paragraph(s).Fields(pdf.Field{Label: s, Value: s}).Attachments(pdf.Attachment{Name: s, SHA256: s})
		if _, err := d.Bytes(); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
	}
}

func randomText(rng *rand.Rand) string {
	var b strings.Builder
	for range rng.IntN(300) {
		switch rng.IntN(4) {
		case 0:
			b.WriteRune(rune(rng.IntN(0x80)))
		case 1:
			b.WriteRune(rune(rng.IntN(0x10000)))
		case 2:
			b.WriteRune(rune(rng.IntN(0x110000)))
		default:
			b.WriteByte(byte(rng.IntN(256)))
		}
	}
	return b.String()
}

// TestConcurrentRenders: the fonts are shared by all renders; documents
// rendered at the same time are each as when rendered alone.
func TestConcurrentRenders(t *testing.T) {
	t.Parallel()
	want := [2][]byte{render(t, receipt(3)), render(t, pdf.New(pdf.Meta{Created: created}).Paragraph("Ωμέγα 🥨 Жук"))}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			d := receipt(3)
			if i%2 == 1 {
				d = pdf.New(pdf.Meta{Created: created}).Paragraph("Ωμέγα 🥨 Жук")
			}
			if b, err := d.Bytes(); err != nil || !bytes.Equal(b, want[i%2]) {
				t.Errorf("render %d differs (%v)", i, err)
			}
		})
	}
	wg.Wait()
}
