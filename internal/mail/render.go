package mail

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"strings"
	texttemplate "text/template"
	"time"
)

//go:embed templates/*.tmpl
var templateFiles embed.FS

// templates holds the parsed templates of every language.
type templates struct {
	text   map[Lang]*texttemplate.Template
	layout *template.Template
}

// rendered is a notification ready to be put into MIME.
type rendered struct {
	Subject string
	Text    string
	HTML    string
}

// buttons are the HTML part's words that the text part does not have.
var buttons = map[Lang][2]string{
	German:  {"Link öffnen", "Falls die Schaltfläche nicht funktioniert, kopieren Sie diese Adresse in Ihren Browser:"},
	English: {"Open link", "If the button does not work, copy this address into your browser:"},
}

func parseTemplates() (*templates, error) {
	funcs := texttemplate.FuncMap{"hours": func(d time.Duration) int { return int(d.Round(time.Hour) / time.Hour) }}
	t := &templates{text: map[Lang]*texttemplate.Template{}}
	for _, l := range Langs {
		tt, err := texttemplate.New("").Funcs(funcs).Option("missingkey=error").
			ParseFS(templateFiles, "templates/"+string(l)+".txt.tmpl")
		if err != nil {
			return nil, fmt.Errorf("mail: templates %s: %w", l, err)
		}
		t.text[l] = tt
	}
	layout, err := template.ParseFS(templateFiles, "templates/layout.html.tmpl")
	if err != nil {
		return nil, fmt.Errorf("mail: html layout: %w", err)
	}
	t.layout = layout
	return t, nil
}

// render fills the templates of kind in lang with d. The HTML part is built
// from the text part, so both always say the same.
func (t *templates) render(kind Kind, lang Lang, d Data) (rendered, error) {
	lang = lang.Normal()
	tt := t.text[lang]
	var subj, text bytes.Buffer
	if err := tt.ExecuteTemplate(&subj, string(kind)+".subject", d); err != nil {
		return rendered{}, fmt.Errorf("mail: render %s.%s subject: %w", kind, lang, err)
	}
	if err := tt.ExecuteTemplate(&text, string(kind)+".text", d); err != nil {
		return rendered{}, fmt.Errorf("mail: render %s.%s text: %w", kind, lang, err)
	}
	r := rendered{Subject: oneLine(subj.String()), Text: tidy(text.String())}
	var html bytes.Buffer
	err := t.layout.Execute(&html, map[string]any{
		"Lang": lang, "Subject": r.Subject, "Blocks": blocks(r.Text, d.Link),
		"Button": buttons[lang][0], "Fallback": buttons[lang][1],
	})
	if err != nil {
		return rendered{}, fmt.Errorf("mail: render %s.%s html: %w", kind, lang, err)
	}
	r.HTML = html.String()
	return r, nil
}

// oneLine collapses white space, so a subject can never break the header.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// tidy trims trailing spaces and runs of blank lines left by the template
// actions.
func tidy(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		l = strings.TrimRight(l, " \t\r")
		if l == "" && len(out) > 0 && out[len(out)-1] == "" {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n") + "\n"
}

// block is one paragraph of the HTML part: text lines, the link (shown as
// a button), or the rule before the footer.
type block struct {
	Lines []string
	Link  string
	Rule  bool
	Small bool
}

// blocks splits the text part into paragraphs; the paragraph that is only
// the link becomes a button and "--" becomes a rule.
func blocks(text, link string) []block {
	var out []block
	small := false
	for _, p := range strings.Split(strings.TrimSpace(text), "\n\n") {
		p = strings.TrimSpace(p)
		switch {
		case p == link:
			out = append(out, block{Link: link})
		case strings.HasPrefix(p, "--\n") || p == "--":
			small = true
			out = append(out, block{Rule: true})
			if rest := strings.TrimSpace(strings.TrimPrefix(p, "--")); rest != "" {
				out = append(out, block{Lines: strings.Split(rest, "\n"), Small: true})
			}
		default:
			out = append(out, block{Lines: strings.Split(p, "\n"), Small: small})
		}
	}
	return out
}
