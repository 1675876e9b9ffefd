package apply

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/web/site"
)

// formPage is the data of apply_page.html: one page (one topic) of the
// form.
type formPage struct {
	FullTitle string // <title>: "Fehler: " on errors, page and procedure
	Procedure string
	Heading   string
	Intro     string
	Step      int
	Steps     int
	Action    string // the form's URL
	Multipart bool
	Back      string // where "back" goes when the page is left without saving
	Fields    []formField
	Errors    []summaryError
	Resume    *resumeLink
	// Unsaved: the database is gone and these are the values just posted,
	// not saved (crisis mode, apply_crisis.go); the page says so.
	Unsaved bool
}

// Title is the page's <title>.
func (p formPage) Title() string { return p.FullTitle }

type summaryError = site.SummaryError

// resumeLink is the guest's way back to the draft, shown once it is saved.
type resumeLink struct {
	URL     string
	Expires string
	Renew   string // form action: new link
	Revoke  string // form action: revoke
}

// pageView builds the view of page pageID of ap's draft with the given
// field errors (fresh pages have none).
func (s *Handler) pageView(r *http.Request, ap applicant, def procedure.Definition, pageID string, errs []fault.FieldError) (formPage, error) {
	pg, step, steps, err := s.pageOf(r.Context(), ap.App, def, pageID)
	if err != nil {
		return formPage{}, err
	}
	lang := string(s.lang(r))
	b := s.newBuilder(r, def, errs, ap.App.Attachments)
	if b.hidden, err = s.d.Apply.HiddenFields(r.Context(), ap.App); err != nil {
		return formPage{}, err
	}
	b.page = pg.Fields
	p := formPage{Procedure: def.Title.In(lang), Heading: pg.Title.In(lang), Intro: pg.Intro.In(lang),
		Step: step, Steps: steps, Action: r.URL.Path, Fields: b.fields(pg.Fields, ap.App.Answers, "")}
	if q := r.URL.Query().Get("zurueck"); q == "pruefen" {
		p.Action += "?zurueck=pruefen"
	}
	p.Multipart = hasFiles(pg.Fields)
	p.Errors = s.summary(r, errs, b.shown, b.labels)
	p.FullTitle = s.msgs.T(s.lang(r), "apply.page.title", "page", p.Heading, "procedure", p.Procedure)
	if len(p.Errors) > 0 {
		p.FullTitle = s.msgs.T(s.lang(r), "apply.error.prefix") + p.FullTitle
	}
	p.Resume = s.resumeLink(r, ap)
	return p, nil
}

// pageOf returns the page, its number among the visible pages and their
// count; a page the answers hide is not found.
func (s *Handler) pageOf(ctx context.Context, a apply.Application, def procedure.Definition, id string) (procedure.Page, int, int, error) {
	visible, err := s.d.Apply.VisiblePages(ctx, a)
	if err != nil {
		return procedure.Page{}, 0, 0, err
	}
	for i, v := range visible {
		if v != id {
			continue
		}
		for _, pg := range def.Pages {
			if pg.ID == id {
				return pg, i + 1, len(visible), nil
			}
		}
	}
	return procedure.Page{}, 0, 0, fault.New(fault.NotFound, "no visible page %q", id)
}

// newBuilder prepares the field builder for a request.
func (s *Handler) newBuilder(r *http.Request, def procedure.Definition, errs []fault.FieldError, atts []apply.Attachment) *formBuilder {
	lang := s.lang(r)
	t := func(key string, args ...any) string { return s.msgs.T(lang, key, args...) }
	b := &formBuilder{def: def, lang: string(lang), errs: map[string]string{}, files: map[string][]apply.Attachment{},
		shown: map[string]string{}, labels: map[string]string{}, msgs: t, texts: s.formTexts(lang)}
	for _, e := range errs {
		if _, dup := b.errs[e.Field]; !dup {
			b.errs[e.Field] = s.fieldMessage(lang, e)
		}
	}
	for _, a := range atts {
		b.files[a.FieldPath] = append(b.files[a.FieldPath], a)
	}
	ctx := r.Context()
	b.places = s.placeLabel(ctx)
	b.choices = func(text string) []formOption {
		places, _ := s.d.Directory.FindPlaces(ctx, text, placeChoiceLimit)
		var out []formOption
		for _, p := range places {
			out = append(out, formOption{Value: p.ARS, Label: p.Label})
		}
		return out
	}
	return b
}

// formTexts translates the shared texts of the field partial.
func (s *Handler) formTexts(lang i18n.Lang) *formTexts {
	t := func(key string) string { return s.msgs.T(lang, "apply.field."+key) }
	return &formTexts{Add: t("add"), Remove: t("remove"), RemoveFile: t("remove_file"), Optional: t("optional"),
		Day: t("day"), Month: t("month"), Year: t("year"), Street: t("street"), Number: t("number"),
		PostalCode: t("postal_code"), Place: t("place"), Uploaded: t("uploaded"), NoFiles: t("no_files"),
		ChooseOne: t("choose_one"), Choose: t("choose")}
}

// summary lists the errors in form order, each naming and linking to the
// field that shows it.
func (s *Handler) summary(r *http.Request, errs []fault.FieldError, shown, labels map[string]string) []summaryError {
	lang := s.lang(r)
	var out []summaryError
	seen := map[string]bool{}
	for _, e := range errs {
		if seen[e.Field] {
			continue
		}
		seen[e.Field] = true
		id, ok := shown[e.Field]
		if !ok {
			id = fieldID(e.Field)
		}
		text := s.fieldMessage(lang, e)
		if label := labelOf(labels, e.Field); label != "" {
			text = s.summaryItem(lang, label, text)
		}
		out = append(out, summaryError{Href: "#" + id, Text: text})
	}
	return out
}

// labelOf is the label of the field at path, or of the file field a
// single file's path ("proof[1]") belongs to.
func labelOf(labels map[string]string, path string) string {
	if l, ok := labels[path]; ok {
		return l
	}
	if name, idx := splitEntry(path); idx >= 0 {
		return labels[name]
	}
	return ""
}

// fieldMessage is the text of a field error in lang: procedure's texts
// for its keys, the catalog's "apply.err.*" for apply's, else its Text.
func (s *Handler) fieldMessage(lang i18n.Lang, e fault.FieldError) string {
	if msg := s.msgs.T(lang, e.Key, messageArgs(lang, e)...); !strings.HasPrefix(msg, i18n.MissingMarker) {
		return msg // the catalog's text, with plural forms and localized dates and sizes
	}
	if strings.HasPrefix(e.Key, "procedure.") {
		if m, ok := procedure.Messages()[e.Key]; ok {
			text := m[string(lang)]
			args := messageArgs(lang, e)
			for i := 0; i+1 < len(args); i += 2 {
				text = strings.ReplaceAll(text, "{"+asString(args[i])+"}", asString(args[i+1]))
			}
			return text
		}
	}
	if msg := s.msgs.T(lang, "apply.err."+strings.TrimPrefix(e.Key, "apply.")); !strings.HasPrefix(msg, i18n.MissingMarker) {
		return msg
	}
	return e.Text
}

// resumeLink is the guest's resume link, shown once the draft was saved.
func (s *Handler) resumeLink(r *http.Request, ap applicant) *resumeLink {
	if !ap.App.Guest() || ap.Owner.Secret == "" || !ap.App.UpdatedAt.After(ap.App.CreatedAt) {
		return nil
	}
	base := draftPath(ap.App.ID)
	return &resumeLink{URL: s.hostURL(r) + "/antrag/fortsetzen/" + ap.Owner.Secret,
		Expires: s.formatTime(r, ap.App.ResumeExpiresAt), Renew: base + "/link/neu", Revoke: base + "/link/widerrufen"}
}

// formatTime shows t in Berlin time in the request's language.
func (s *Handler) formatTime(r *http.Request, t time.Time) string {
	return site.FormatTime(s.lang(r), t)
}

// hasFiles reports whether fields hold a file field (at any depth).
func hasFiles(fields []procedure.Field) bool {
	for _, f := range fields {
		if f.Type == procedure.FileUpload || hasFiles(f.Fields) {
			return true
		}
	}
	return false
}
