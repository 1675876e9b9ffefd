package backoffice

import (
	"strconv"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/procedure"
)

// Human labels for the raw values of the case page (Klartext): periods,
// media types, document titles, authors, hashes and days left, in the
// user's language.

type translate = func(string, ...any) string

// periodText names an ISO 8601 period in words: P5Y is "5 Jahre" /
// "5 years", P1Y6M "1 Jahr und 6 Monate"; a value that is no period is
// shown as it is.
func periodText(t translate, period string) string {
	p, err := akte.ParsePeriod(period)
	if err != nil {
		return period
	}
	var parts []string
	for _, x := range []struct {
		n   int
		key string
	}{{p.Years, "years"}, {p.Months, "months"}, {p.Weeks, "weeks"}, {p.Days, "days"}} {
		if x.n > 0 {
			parts = append(parts, t("backoffice_casepage.period."+x.key, "count", x.n))
		}
	}
	switch len(parts) {
	case 0:
		return t("backoffice_casepage.period.days", "count", 0)
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " " + t("backoffice_casepage.period.and") + " " + parts[len(parts)-1]
}

// mediaTypes are the names people know for the types the portal takes.
var mediaTypes = map[string]string{
	"application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG", "image/tiff": "TIFF",
	"image/gif": "GIF", "image/webp": "WebP", "application/zip": "ZIP", "text/plain": "Text",
	"application/vnd.oasis.opendocument.text":                                 "ODT",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
	"application/xml": "XML", "text/xml": "XML",
}

// mediaTypeLabel is "PDF" for application/pdf; an unknown type its
// subtype in capitals (without "x-" and "+…").
func mediaTypeLabel(mediaType string) string {
	mediaType, _, _ = strings.Cut(mediaType, ";") // "text/plain; charset=utf-8"
	mediaType = strings.ToLower(strings.TrimSpace(mediaType))
	if l, ok := mediaTypes[mediaType]; ok {
		return l
	}
	_, sub, ok := strings.Cut(mediaType, "/")
	if !ok || sub == "" {
		return mediaType
	}
	sub, _, _ = strings.Cut(strings.TrimPrefix(sub, "x-"), "+")
	return strings.ToUpper(sub)
}

// docTitle is a document's title in the user's language. The titles
// casework and mailbox file are German sentences with a known beginning
// (the receipt, an attachment by its field, a file sent with a message
// or an answer); those are said again in the user's language, the field
// by its label. Titles people wrote (subjects, notices) stay as written.
func docTitle(t translate, def procedure.Definition, lang, reference string, d akte.Document) string {
	switch {
	case d.Kind == akte.Receipt:
		return t("backoffice_casepage.doc.receipt", "reference", reference)
	case d.Kind == akte.Attachment && strings.HasPrefix(d.Title, "Anlage "):
		return t("backoffice_casepage.doc.attachment", "field", fieldLabel(def, lang, strings.TrimPrefix(d.Title, "Anlage ")))
	case strings.HasPrefix(d.Title, "Nachgereicht: "):
		return t("backoffice_casepage.doc.answer_file", "name", strings.TrimPrefix(d.Title, "Nachgereicht: "))
	case strings.HasPrefix(d.Title, "Anlage: "):
		return t("backoffice_casepage.doc.message_file", "name", strings.TrimPrefix(d.Title, "Anlage: "))
	}
	return d.Title
}

// fieldLabel is the label of the field at path ("kinder[1].nachweis" is
// "Nachweis (2)"); the path itself when the definition has no such field.
func fieldLabel(def procedure.Definition, lang, path string) string {
	var fields []procedure.Field
	for _, p := range def.Pages {
		fields = append(fields, p.Fields...)
	}
	label, entries := "", ""
	for _, step := range procedure.ParsePath(path) {
		f, ok := fieldByID(fields, step.ID)
		if !ok {
			return path
		}
		label, fields = f.Label.In(lang), f.Fields
		if step.Index >= 0 {
			entries += " (" + strconv.Itoa(step.Index+1) + ")"
		}
	}
	if label == "" {
		return path
	}
	return label + entries
}

func fieldByID(fields []procedure.Field, id string) (procedure.Field, bool) {
	for _, f := range fields {
		if f.ID == id {
			return f, true
		}
	}
	return procedure.Field{}, false
}

// authorText translates the two authors casework files in German.
func authorText(t translate, author string) string {
	switch author {
	case "Antragsteller":
		return t("backoffice.actor.applicant")
	case "System":
		return t("backoffice.actor.system")
	}
	return author
}

// shortHash is the first 12 hex digits of a hash: enough to tell
// documents apart at a glance; the page shows the whole value on demand.
func shortHash(h string) string {
	if len(h) <= 12 {
		return h
	}
	return h[:12]
}

// deadlineLeft says how many calendar days (Europe/Berlin) are left until
// the deadline, or since when it is overdue; "" for none.
func deadlineLeft(t translate, deadline, now time.Time) string {
	if deadline.IsZero() {
		return ""
	}
	loc := berlinLoc()
	day := func(x time.Time) time.Time {
		y, m, d := x.In(loc).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	days := int(day(deadline).Sub(day(now)).Hours() / 24)
	switch {
	case days > 0:
		return t("backoffice_casepage.deadline.left", "count", days)
	case days == 0:
		return t("backoffice_casepage.deadline.today")
	}
	return t("backoffice_casepage.deadline.overdue", "count", -days)
}
