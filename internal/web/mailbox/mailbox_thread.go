package mailbox

import (
	"errors"
	"mime/multipart"
	"net/http"
	"strconv"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/mailbox"
	"github.com/amtsweg/amtsweg/internal/web/site"
)

// mailboxThreadPage is the data of mailbox_thread.html.
type mailboxThreadPage struct {
	Base        string
	Reference   string
	Procedure   string
	Submitted   string
	Progress    string
	ReceiptHref string
	Items       []threadItem
	Forms       []replyForm
	Sent        bool // a reply was just sent
}

// threadItem is one entry as shown.
type threadItem struct {
	Kind, Subject, Body, From, At, Due, AnsweredAt, Answer, Outcome, NoticeHref string
	New, Open, Incoming                                                         bool
	Files                                                                       []fileLink
}

type fileLink = site.FileLink

// replyForm is the form answering one open request (RequestID) or, with
// RequestID 0, a free message.
type replyForm struct {
	ID        string // prefix of the form's element ids
	RequestID int64
	Request   string // the request's subject
	Subject   string
	Body      string
	Errors    []string // message keys
}

// mailboxThread shows GET /postfach/{id} and /postfach/gast/{secret}: the
// thread, newest first, marked read on view, with reply forms.
func (s *Handler) mailboxThread(w http.ResponseWriter, r *http.Request) {
	s.showThread(w, r, http.StatusOK, replyForm{})
}

func (s *Handler) showThread(w http.ResponseWriter, r *http.Request, status int, failed replyForm) {
	b, in, err := s.mailboxOf(r)
	if !in && err == nil {
		loginFirst(w, r)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := s.d.Mailbox.Open(r.Context(), b.Reader, b.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.threadPage(r, b, t)
	p.Sent = r.URL.Query().Get("gesendet") == "1"
	for i := range p.Forms {
		if p.Forms[i].RequestID == failed.RequestID && failed.Errors != nil {
			p.Forms[i].Subject, p.Forms[i].Body, p.Forms[i].Errors = failed.Subject, failed.Body, failed.Errors
		}
	}
	s.render(w, r, status, "mailbox_thread", p)
}

// threadPage turns a thread into the page's data.
func (s *Handler) threadPage(r *http.Request, b box, t mailbox.Thread) mailboxThreadPage {
	lang := string(s.lang(r))
	p := mailboxThreadPage{Base: b.Base, Reference: t.Reference, Procedure: t.Title.In(lang),
		Submitted: s.formatTime(r, t.SubmittedAt), Progress: "mailbox.progress.none"}
	if t.HasCase {
		p.Progress = "mailbox.progress." + string(t.Case.Progress)
	}
	p.ReceiptHref = draftPath(t.ApplicationID) + "/eingangsbestaetigung.pdf"
	if b.Reader.Guest() {
		p.ReceiptHref = b.Base + "/antrag/eingangsbestaetigung.pdf"
	}
	for _, i := range t.Items {
		p.Items = append(p.Items, s.itemView(r, b, i))
		if i.Kind == mailbox.KindRequest && i.Open {
			p.Forms = append(p.Forms, replyForm{ID: "antwort-" + strconv.FormatInt(i.ID, 10), RequestID: i.ID, Request: i.Subject})
		}
	}
	if t.CanWrite {
		p.Forms = append(p.Forms, replyForm{ID: "nachricht"})
	}
	return p
}

func (s *Handler) itemView(r *http.Request, b box, i mailbox.Item) threadItem {
	lang := string(s.lang(r))
	v := threadItem{Kind: string(i.Kind), Subject: i.Subject, Body: i.Body, From: i.From, At: s.formatTime(r, i.At),
		Answer: i.Answer, New: i.Unread(), Open: i.Open, Incoming: i.Direction == mailbox.ToApplicant}
	if !i.Due.IsZero() {
		v.Due = s.formatTime(r, i.Due)
	}
	if !i.AnsweredAt.IsZero() {
		v.AnsweredAt = s.formatTime(r, i.AnsweredAt)
	}
	if i.Kind == mailbox.KindNotice {
		v.NoticeHref = b.Base + "/bescheide/" + strconv.FormatInt(i.ID, 10)
		v.Outcome = "mailbox.outcome." + string(i.Outcome)
	}
	for _, a := range i.Attachments {
		v.Files = append(v.Files, fileLink{Href: b.Base + "/anlagen/" + a.Ref, Name: a.Name, Size: byteSize(lang, a.Size)})
	}
	return v
}

// The reply routes take files and set their own body limit (ownBodyLimit).
const (
	ReplyRoute      = "POST /postfach/{id}"
	GuestReplyRoute = "POST /postfach/gast/{secret}"
)

// mailboxReply handles POST /postfach/{id} and /postfach/gast/{secret}:
// the reply with its files; on success back to the thread (303), else
// the thread again with the form's errors.
func (s *Handler) mailboxReply(w http.ResponseWriter, r *http.Request) {
	b, in, err := s.mailboxOf(r)
	if !in && err == nil {
		loginFirst(w, r)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cfg := s.d.Mailbox.Config()
	r.Body = http.MaxBytesReader(w, r.Body, int64(cfg.MaxFiles)*cfg.MaxFileSize+formSlack)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		s.fail(w, r, errBadRequest("the reply form could not be read"))
		return
	}
	defer r.MultipartForm.RemoveAll()
	form := replyForm{Subject: r.PostFormValue("subject"), Body: r.PostFormValue("body")}
	form.RequestID, _ = strconv.ParseInt(r.PostFormValue("request"), 10, 64)
	in2 := mailbox.ReplyInput{RequestID: form.RequestID, Subject: form.Subject, Body: form.Body}
	ups, files, err := openFiles(r.MultipartForm.File["files"])
	defer closeFiles(files)
	if err == nil {
		in2.Files = ups
		err = s.d.Mailbox.Reply(r.Context(), b.Reader, b.ID, in2)
	}
	var fe *fault.Error
	if errors.As(err, &fe) && len(fe.Fields) > 0 {
		for _, f := range fe.Fields {
			form.Errors = append(form.Errors, "mailbox.error."+f.Key)
		}
		s.showThread(w, r, http.StatusUnprocessableEntity, form)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, b.Base+"?gesendet=1", http.StatusSeeOther)
}

// openFiles opens the uploaded files that are not empty (a file input
// left empty sends one nameless part); the caller closes them.
func openFiles(hs []*multipart.FileHeader) ([]mailbox.Upload, []multipart.File, error) {
	var ups []mailbox.Upload
	var out []multipart.File
	for _, h := range hs {
		if h.Filename == "" && h.Size == 0 {
			continue
		}
		f, err := h.Open()
		if err != nil {
			return nil, out, err
		}
		out = append(out, f)
		ups = append(ups, mailbox.Upload{Name: h.Filename, DeclaredType: h.Header.Get("Content-Type"), Content: f})
	}
	return ups, out, nil
}

func closeFiles(fs []multipart.File) {
	for _, f := range fs {
		f.Close()
	}
}
