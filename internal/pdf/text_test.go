package pdf

import (
	"strings"
	"testing"
)

// TestMissingGlyphsAreVisible: a character the font lacks is drawn as
// the replacement mark (a real, visible glyph), one per grapheme, and
// keeps the original text for extraction.
func TestMissingGlyphsAreVisible(t *testing.T) {
	t.Parallel()
	fs, err := faces()
	if err != nil {
		t.Fatal(err)
	}
	mark, ok := fs[0].glyph(replacement)
	if !ok || fs[0].advance[mark] == 0 {
		t.Fatal("the font has no visible replacement mark")
	}
	cases := []struct {
		in     string
		actual []string // per unit; "" for a real glyph
	}{
		{"a東🥨😀", []string{"", "東", "🥨", ""}}, // DejaVu has the emoticons block
		{"👨‍👩‍👧!", []string{"👨‍👩‍👧", ""}},
		{"👍🏽🇺🇦", []string{"👍🏽", "🇺", "🇦"}},
		{"x\x07", []string{"", "�"}},
		{"Zoe\u0308", []string{"", "", ""}},
		{"Ж\u200b", []string{"", ""}}, // zero-width space: DejaVu has it
	}
	for _, c := range cases {
		us := shape(fs[0], c.in)
		var got []string
		for _, u := range us {
			got = append(got, u.actual)
			if u.actual != "" && (u.glyph != mark || u.text != "\uFFFD") {
				t.Errorf("%q: substitute %+v is not the replacement mark", c.in, u)
			}
		}
		if strings.Join(got, "|") != strings.Join(c.actual, "|") {
			t.Errorf("%q: units %q, want %q", c.in, got, c.actual)
		}
	}
}

// TestWrapFitsAndKeepsEverything: lines fit the width (a single glyph
// wider than it excepted), and joined they give the text without the
// spaces broken at.
func TestWrapFitsAndKeepsEverything(t *testing.T) {
	t.Parallel()
	fs, _ := faces()
	f := fs[0]
	text := "Fahrzeugschein_Zulassungsbescheinigung_Teil_I.pdf und " + strings.Repeat("Щ", 80) + " Ende"
	for _, w := range []float64{5, 40, 100, 400} {
		lines := wrap(f, text, 10, w)
		var all []string
		for _, l := range lines {
			if advance(f, l, 10) > w && len(l) > 1 {
				t.Errorf("width %v: line %d units wide %v", w, len(l), advance(f, l, 10))
			}
			var s strings.Builder
			for _, u := range l {
				s.WriteString(u.text)
			}
			all = append(all, s.String())
		}
		if got := strings.Join(all, ""); strings.ReplaceAll(got, " ", "") != strings.ReplaceAll(text, " ", "") {
			t.Errorf("width %v: %q", w, got)
		}
	}
	if l := wrap(f, "Fahrzeugschein_Zulassungsbescheinigung.pdf", 10, 200); len(l) != 2 || len(l[0]) != len("Fahrzeugschein_") {
		t.Errorf("a file name breaks after _: %d lines", len(l))
	}
}

// TestRightToLeftInVisualOrder: a Hebrew word in a German line is drawn
// right to left, the German around it left to right.
func TestRightToLeftInVisualOrder(t *testing.T) {
	t.Parallel()
	fs, _ := faces()
	var s strings.Builder
	for _, u := range wrap(fs[0], "Name: שלום (Tel Aviv)", 10, 500)[0] {
		s.WriteString(u.text)
	}
	if got := s.String(); got != "Name: םולש (Tel Aviv)" {
		t.Errorf("visual order %q", got)
	}
}

// TestVisualOrderFollowsUAX9: lines are put in visual order as the
// Unicode Bidirectional Algorithm does for a left-to-right paragraph;
// the cases failed with the old reordering, which took every substituted
// character (CJK, Kana, rare scripts) and every number for a neutral and
// the neutrals after a right-to-left word for part of it.
func TestVisualOrderFollowsUAX9(t *testing.T) {
	t.Parallel()
	fs, _ := faces()
	cases := []struct{ in, want string }{
		{"Name: שלום (Tel Aviv)", "Name: םולש (Tel Aviv)"},
		{"ماか東م", "امか東م"},               // Kana and CJK are left-to-right letters
		{"Ωر𐍈ç", "Ωر𐍈ç"},                 // so is Gothic, drawn as "�"
		{"ح \"e", "ح \"e"},               // neutrals between R and L: the paragraph's direction
		{"שלום 12 עולם", "םלוע 12 םולש"}, // numbers keep their order
		{"רחוב הרצל 12, תל אביב", "ביבא לת ,12 לצרה בוחר"},
		{"x שלום, עולם!", "x םלוע ,םולש!"},
		{"a 𑊈 ב 😀 ג b", "a 𑊈 ג 😀 ב b"}, // Multani is left to right; the emoji between two Hebrew letters is not
	}
	for _, c := range cases {
		var s strings.Builder
		for _, u := range wrap(fs[0], c.in, 10, 1000)[0] {
			if u.actual != "" {
				s.WriteString(u.actual)
			} else {
				s.WriteString(u.text)
			}
		}
		if got := s.String(); got != c.want {
			t.Errorf("%q: visual order %q, want %q", c.in, got, c.want)
		}
	}
}

// TestCompoundStaysWhole: a line breaks at a space rather than after the
// hyphen of a compound that fits on the next line ("E-Mail-Adresse"), and
// after the hyphen where the compound is longer than a line.
func TestCompoundStaysWhole(t *testing.T) {
	t.Parallel()
	fs, _ := faces()
	text := func(l []unit) string {
		var s strings.Builder
		for _, u := range l {
			s.WriteString(u.text)
		}
		return s.String()
	}
	lines := wrap(fs[1], "Angaben zur Fahrzeughalterin, zum Fahrzeughalter 1 › E-Mail-Adresse", 10, (55-2)*72/25.4)
	if last := text(lines[len(lines)-1]); last != "E-Mail-Adresse" {
		t.Errorf("last line %q, want the compound whole", last)
	}
	long := wrap(fs[0], "Name "+strings.Repeat("Donau-", 30)+"Ende", 10, 100)
	if first := text(long[0]); !strings.HasPrefix(first, "Name Donau-") {
		t.Errorf("a compound longer than a line: first line %q, want it broken after a hyphen", first)
	}
}
