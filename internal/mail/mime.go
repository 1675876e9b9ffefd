package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"
)

// envelope is what the headers of one message say besides the subject.
type envelope struct {
	From      *mail.Address
	To        *mail.Address
	MessageID string // with angle brackets
	Date      time.Time
	Lang      Lang
}

// compose builds the RFC 5322 message: UTF-8 headers encoded per RFC 2047,
// a multipart/alternative body with a plain-text and an HTML part, both
// quoted-printable, and CRLF line endings throughout.
func compose(e envelope, r rendered) ([]byte, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, p := range []struct{ ctype, text string }{
		{"text/plain; charset=utf-8", r.Text},
		{"text/html; charset=utf-8", r.HTML},
	} {
		if err := writePart(mw, p.ctype, p.text); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	var msg bytes.Buffer
	headers := [][2]string{
		{"Date", e.Date.Format(time.RFC1123Z)},
		{"From", e.From.String()},
		{"To", e.To.String()},
		{"Subject", mime.QEncoding.Encode("utf-8", r.Subject)},
		{"Message-ID", e.MessageID},
		{"MIME-Version", "1.0"},
		{"Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": mw.Boundary()})},
		{"Content-Language", string(e.Lang.Normal())},
		// RFC 3834: no auto-replies, no vacation notices to a notification.
		{"Auto-Submitted", "auto-generated"},
		{"X-Auto-Response-Suppress", "All"},
	}
	for _, h := range headers {
		fmt.Fprintf(&msg, "%s: %s\r\n", h[0], h[1])
	}
	msg.WriteString("\r\n")
	msg.Write(body.Bytes())
	return msg.Bytes(), nil
}

func writePart(mw *multipart.Writer, ctype, text string) error {
	w, err := mw.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {ctype},
		"Content-Transfer-Encoding": {"quoted-printable"},
	})
	if err != nil {
		return err
	}
	qp := quotedprintable.NewWriter(w)
	if _, err := qp.Write([]byte(text)); err != nil {
		return err
	}
	return qp.Close()
}

// newMessageID returns a unique Message-ID in the sender's domain.
func newMessageID(from *mail.Address) string {
	domain := "localhost"
	if i := strings.LastIndexByte(from.Address, '@'); i >= 0 {
		domain = from.Address[i+1:]
	}
	b := make([]byte, 16)
	rand.Read(b)
	return "<" + hex.EncodeToString(b) + "@" + domain + ">"
}
