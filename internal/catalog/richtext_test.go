package catalog

import (
	"strings"
	"testing"
)

// TestRichText: HTML text modules keep their structure and lose every
// active content; plain texts stay plain.
func TestRichText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
		rich           bool
	}{
		{"plain", "Sie brauchen einen Ausweis & ein Foto.", "Sie brauchen einen Ausweis & ein Foto.", false},
		{"list", "<p>Bitte mitbringen:</p><ul><li><strong>Ausweis</strong></li><li>Foto</li></ul>",
			"<p>Bitte mitbringen:</p><ul><li><strong>Ausweis</strong></li><li>Foto</li></ul>", true},
		{"script", `<p>Text</p><script>alert(1)</script>`, "<p>Text</p>", true},
		{"onerror", `<p>Bild <img src=x onerror="alert(1)"> weg</p>`, "<p>Bild  weg</p>", true},
		{"javascript url", `<p><a href="javascript:alert(1)">klick</a></p>`, "<p>klick</p>", true},
		{"style", `<p style="background:url(javascript:alert(1))">Stil</p><style>p{}</style>`, "<p>Stil</p>", true},
		{"link", `<p><a href="https://example.org/a?b=1&amp;c=2" onclick="x()">Mehr</a></p>`,
			`<p><a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener noreferrer">Mehr</a></p>`, true},
		{"mailto", `<a href="mailto:amt@example.org">Mail</a>`, `<a href="mailto:amt@example.org" rel="nofollow noopener noreferrer">Mail</a>`, true},
		{"heading", "<h2>Ablauf</h2><p>x</p>", "<h3>Ablauf</h3><p>x</p>", true},
		{"only markup", "<script>alert(1)</script>", "", false},
		{"markup gone", "<span>nur Text</span>", "nur Text", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, rich, _ := richOrPlain(tt.in)
			if got != tt.want || rich != tt.rich {
				t.Errorf("richOrPlain(%q) = %q, %v; want %q, %v", tt.in, got, rich, tt.want, tt.rich)
			}
			if l := strings.ToLower(got); strings.Contains(l, "script") || strings.Contains(l, "onerror") || strings.Contains(l, "javascript:") || strings.Contains(l, "style") {
				t.Errorf("active content left: %q", got)
			}
		})
	}
	if got := PlainText("<p>Ein &amp; zwei</p><ul><li>drei</li></ul>"); got != "Ein & zwei drei" {
		t.Errorf("PlainText = %q", got)
	}
}

// TestJSONRichTextSanitized: a JSON authorities file that marks a section
// as rich cannot store active content.
func TestJSONRichTextSanitized(t *testing.T) {
	t.Parallel()
	e := ServiceEntry{Key: "x-rich", Name: "Rich", Texts: Texts{Summary: `<p onclick="x()">a</p><script>b</script>`, Rich: "summary"},
		Translations: map[string]Translation{"en": {Texts: Texts{Hints: `<a href="javascript:x()">c</a>`, Rich: "hints"}}}}
	s := e.service()
	if s.Texts.Summary != "<p>a</p>" || s.Translations["en"].Texts.Hints != "c" {
		t.Errorf("texts = %q / %q", s.Texts.Summary, s.Translations["en"].Texts.Hints)
	}
}
