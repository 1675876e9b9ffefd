package admin

import (
	"bytes"
	"encoding/base64"
	"html/template"
	"io"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/web/site"
)

// disposalPage is the data of admin_disposal.html: the files due for the
// archive, the files in the conversation with their state, the
// conversations waiting for their 0503, and the outcome of the last step.
type disposalPage struct {
	Due      []dueRow
	Files    []disposalRow
	ToSend   []string // ProzessIDs with files to hand over
	Notice   string   // "nichts-faellig", "nichts-zu-senden"
	Refused  bool     // the uploaded message was refused; nothing changed
	Errors   []string // every problem of the refused message
	FileName string
	Reply    *akte.Reply  // what the uploaded message did
	Receipt  template.URL // the 0505 receipt as a data: URL, if one was written
}

// dueRow is one file due for the archive as the table shows it.
type dueRow struct {
	akte.File
	Due string // end of its retention, in the reader's format
}

// disposalRow is one file of the conversation as the table shows it.
type disposalRow struct {
	akte.DisposalState
	Offered, Appraised, Sent string // in the reader's format
}

// adminDisposal shows GET /verwaltung/mandant/aussonderung.
func (s *Handler) adminDisposal(w http.ResponseWriter, r *http.Request) {
	s.renderDisposal(w, r, http.StatusOK, disposalPage{Notice: r.URL.Query().Get("hinweis")})
}

func (s *Handler) renderDisposal(w http.ResponseWriter, r *http.Request, status int, p disposalPage) {
	if s.d.Files == nil {
		s.fail(w, r, fault.New(fault.NotFound, "no case files in this process"))
		return
	}
	ctx, id := r.Context(), staffFrom(r).TenantID
	var err error
	var list []akte.DisposalState
	var due []akte.File
	if due, err = s.d.Files.DueForArchive(ctx, id); err == nil {
		list, err = s.d.Files.Conversation(ctx, id)
	}
	if err == nil {
		p.ToSend, err = s.d.Files.ToSend(ctx, id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := s.site.Lang(r)
	for _, f := range due {
		p.Due = append(p.Due, dueRow{File: f, Due: site.FormatTime(lang, f.DeleteAfter)})
	}
	for _, d := range list {
		p.Files = append(p.Files, disposalRow{DisposalState: d, Offered: site.FormatTime(lang, d.OfferedAt),
			Appraised: formatOptional(lang, d.AppraisedAt), Sent: formatOptional(lang, d.SentAt)})
	}
	s.renderAdmin(w, r, status, "admin_disposal", "disposal", p)
}

// adminDisposalOffer handles POST /verwaltung/mandant/aussonderung/angebot:
// akte.Service.Offer writes the 0501 of every due file, marks them offered
// and audits each; the zip is the download. With nothing due the page
// says so.
func (s *Handler) adminDisposalOffer(w http.ResponseWriter, r *http.Request) {
	s.message(w, r, "nichts-faellig", func(out io.Writer, actor string, opt akte.ExportOptions) (akte.Message, error) {
		return s.d.Files.Offer(r.Context(), out, actor, staffFrom(r).TenantID, opt)
	})
}

// adminDisposalSend handles POST /verwaltung/mandant/aussonderung/uebergabe:
// akte.Service.Send writes the 0503 of the conversation "prozess" with the
// files the archive chose, marks them sent and audits each; the zip is the
// download. A ProzessID of another tenant has nothing to send.
func (s *Handler) adminDisposalSend(w http.ResponseWriter, r *http.Request) {
	pid := r.PostFormValue("prozess")
	s.message(w, r, "nichts-zu-senden", func(out io.Writer, actor string, opt akte.ExportOptions) (akte.Message, error) {
		return s.d.Files.Send(r.Context(), out, actor, staffFrom(r).TenantID, pid, opt)
	})
}

// message runs a step that writes a message into a temporary file (a
// 0503 holds every document of its files), so that a failed step sends
// no half a zip, and sends the zip as a download; a step that wrote
// nothing redirects to the page with notice.
func (s *Handler) message(w http.ResponseWriter, r *http.Request, notice string,
	write func(io.Writer, string, akte.ExportOptions) (akte.Message, error)) {
	if s.d.Files == nil {
		s.fail(w, r, fault.New(fault.NotFound, "no case files in this process"))
		return
	}
	t, err := s.site.TenantOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tmp, err := os.CreateTemp("", "amtsweg-xdomea-*.zip")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	m, err := write(tmp, actorOf(staffFrom(r).AccountID), akte.Parties(t, akte.ExportOptions{}))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(m.Files) == 0 {
		http.Redirect(w, r, "/verwaltung/mandant/aussonderung?hinweis="+notice, http.StatusSeeOther)
		return
	}
	size, err := tmp.Seek(0, io.SeekCurrent)
	if err == nil {
		_, err = tmp.Seek(0, io.SeekStart)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	download(w, m.FileName, size, tmp)
}

// download sends a zip the archive conversation wrote as an attachment
// that no cache keeps.
func download(w http.ResponseWriter, name string, size int64, zip io.Reader) {
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	io.Copy(w, zip)
}

// adminDisposalReply handles POST /verwaltung/mandant/aussonderung/antwort:
// the archive's message ("message": 0502, 0504, 0506 or 0507, XML or zip)
// goes to akte.Service.ImportReply, which checks it whole; the page then
// shows what it did (and offers the 0505 receipt), or every problem with
// nothing changed.
func (s *Handler) adminDisposalReply(w http.ResponseWriter, r *http.Request) {
	if s.d.Files == nil {
		s.fail(w, r, fault.New(fault.NotFound, "no case files in this process"))
		return
	}
	staff := staffFrom(r)
	t, err := s.site.TenantOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name, b, err := upload(r, "message")
	var receipt bytes.Buffer
	var rep akte.Reply
	if err == nil {
		rep, err = s.d.Files.ImportReply(r.Context(), &receipt, actorOf(staff.AccountID), staff.TenantID, name, b,
			akte.Parties(t, akte.ExportOptions{}))
	}
	if err != nil {
		lines, ok := problemLines(err)
		if !ok {
			s.fail(w, r, err)
			return
		}
		s.renderDisposal(w, r, http.StatusUnprocessableEntity, disposalPage{Refused: true, Errors: lines, FileName: name})
		return
	}
	p := disposalPage{Reply: &rep}
	if rep.Receipt != nil {
		p.Receipt = template.URL("data:application/zip;base64," + base64.StdEncoding.EncodeToString(receipt.Bytes()))
	}
	s.renderDisposal(w, r, http.StatusOK, p)
}

// formatOptional formats a step's time, or "–" for a step not taken.
func formatOptional(lang i18n.Lang, t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return site.FormatTime(lang, t)
}
