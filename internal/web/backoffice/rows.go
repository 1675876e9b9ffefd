package backoffice

import (
	"slices"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/casework"
)

// docRow is one document of the case file with its metadata.
type docRow struct {
	akte.Document
	Filed    string
	SizeText string
	Href     string // download
	Preview  string // preview page, "" when the type has no preview
}

// previewable are the media types the browser shows itself.
var previewable = []string{"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"}

func newDocRow(lang, base string, d akte.Document) docRow {
	row := docRow{Document: d, Filed: berlinTime(d.FiledAt), SizeText: byteSize(lang, d.Size),
		Href: base + "/akte/" + strconv.FormatInt(d.ID, 10)}
	if slices.Contains(previewable, d.MediaType) {
		row.Preview = row.Href + "/vorschau"
	}
	return row
}

// TypeLabel names the media type as people know it ("PDF").
func (d docRow) TypeLabel() string { return mediaTypeLabel(d.MediaType) }

// ShortHash is the beginning of the SHA-256 value the table shows; the
// whole value opens below it.
func (d docRow) ShortHash() string { return shortHash(d.SHA256) }

// canPreview reports whether the browser may show the document inline.
func (d docRow) canPreview() bool { return d.Preview != "" }

// IsAttachment reports whether the document came with the application.
func (d docRow) IsAttachment() bool { return d.Kind == akte.Attachment }

// eventRow is one step of the history.
type eventRow struct {
	At     string
	Actor  string
	Action string // translated
	From   string // translated status
	To     string
	Detail string
}

func newEventRow(t func(string, ...any) string, e casework.Event) eventRow {
	row := eventRow{At: berlinTime(e.At), Actor: actorText(t, e), Action: t("backoffice.event." + e.Action)}
	if strings.HasPrefix(row.Action, "[[missing:") {
		row.Action = e.Action
	}
	if e.From != e.To && e.To != "" {
		row.From, row.To = "–", t("backoffice.status."+string(e.To))
		if e.From != "" {
			row.From = t("backoffice.status." + string(e.From))
		}
	}
	if reason, ok := e.Details["reason"].(string); ok {
		row.Detail = reason
	}
	return row
}

// actorText names an event's actor: a staff member by name, an API
// client as "API-Client <name>"; one whose account or client is gone by
// its number only.
func actorText(t func(string, ...any) string, e casework.Event) string {
	kind, id := e.ActorKind()
	switch {
	case kind == casework.ActorStaff && e.ActorName != "":
		return e.ActorName
	case kind == casework.ActorStaff:
		return t("backoffice.actor.staff_gone", "id", id)
	case kind == casework.ActorClient && e.ActorName != "":
		return t("backoffice.actor.client", "name", e.ActorName)
	case kind == casework.ActorClient:
		return t("backoffice.actor.client_gone", "id", id)
	case kind == casework.ActorApplicant:
		return t("backoffice.actor.applicant")
	}
	return t("backoffice.actor.system")
}

// noteRow is one internal note.
type noteRow struct{ Author, At, Body string }

// requestRow is one request for documents or information.
type requestRow struct {
	Subject, Body, Due string
	Open               bool
	Answered, Answer   string
	ReadAt             string // when the applicant first saw it, "" for not yet
}

// messageRow is one mailbox message with its read state.
type messageRow struct {
	Subject, Body, At, From string
	Incoming                bool
	ReadAt                  string // "" while unread
	Files                   []fileLink
}

// noticeRow is one notice with what the staff member may do with it.
type noticeRow struct {
	casework.Notice
	Href       string
	Sent       string
	CanEdit    bool
	CanApprove bool
	CanSend    bool
}

// PreviewHref is the notice's PDF preview.
func (n noticeRow) PreviewHref() string { return n.Href + "/vorschau.pdf" }

// doneKeys are the success messages an action may redirect with.
var doneKeys = []string{"claim", "assign", "move", "note", "request", "forward", "hold", "message",
	"draft", "edit", "approve", "send"}

func validDone(k string) bool { return slices.Contains(doneKeys, k) }
