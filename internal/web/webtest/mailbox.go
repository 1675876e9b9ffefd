package webtest

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/amtsweg/amtsweg/internal/config"
	amail "github.com/amtsweg/amtsweg/internal/mail"
)

// Mailbox is a real SMTP server on 127.0.0.1 that keeps what it receives.
type Mailbox struct {
	Port int
	mu   sync.Mutex
	msgs []Received
}

// Received is one mail the Mailbox got.
type Received struct {
	To   string
	Text string // the plain-text part, decoded
}

// StartMailbox starts the SMTP server for the test.
func StartMailbox(t testing.TB) *Mailbox {
	t.Helper()
	mb := &Mailbox{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &mbSession{mb: mb}, nil }))
	srv.Domain, srv.AllowInsecureAuth = "localhost", true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	mb.Port = ln.Addr().(*net.TCPAddr).Port
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return mb
}

// Configure points the app's mailer at the mailbox and runs the job
// workers that send.
func (mb *Mailbox) Configure(c *config.Config) {
	c.Jobs = true
	c.Mail = amail.Config{From: "Portal <noreply@portal.example>", Host: "127.0.0.1", Port: mb.Port,
		TLS: amail.NoTLS, Timeout: 5 * time.Second}
}

type mbSession struct {
	mb *Mailbox
	to string
}

func (s *mbSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *mbSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = to
	return nil
}
func (s *mbSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	text, err := plainText(raw)
	if err != nil {
		return err
	}
	s.mb.mu.Lock()
	s.mb.msgs = append(s.mb.msgs, Received{To: s.to, Text: text})
	s.mb.mu.Unlock()
	return nil
}
func (s *mbSession) Reset()        {}
func (s *mbSession) Logout() error { return nil }

// plainText decodes the text/plain part of a multipart/alternative mail.
func plainText(raw []byte) (string, error) {
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return "", err
	}
	_, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		return "", err
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil {
			return "", fmt.Errorf("no text/plain part: %w", err)
		}
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/plain") {
			var r io.Reader = p // multipart decodes quoted-printable itself
			if p.Header.Get("Content-Transfer-Encoding") == "quoted-printable" {
				r = quotedprintable.NewReader(p)
			}
			b, err := io.ReadAll(r)
			return string(b), err
		}
	}
}

var linkRE = regexp.MustCompile(`https?://\S+`)

// WaitLink waits up to 20 s for a mail to to whose text holds a link
// containing part, and returns the link.
func (mb *Mailbox) WaitLink(t testing.TB, to, part string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		mb.mu.Lock()
		for _, m := range mb.msgs {
			if m.To != to {
				continue
			}
			for _, l := range linkRE.FindAllString(m.Text, -1) {
				if strings.Contains(l, part) {
					mb.mu.Unlock()
					return l
				}
			}
		}
		mb.mu.Unlock()
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no mail to %s with a link containing %q", to, part)
	return ""
}

// Count returns how many mails went to to.
func (mb *Mailbox) Count(to string) int {
	mb.mu.Lock()
	defer mb.mu.Unlock()
	n := 0
	for _, m := range mb.msgs {
		if m.To == to {
			n++
		}
	}
	return n
}

// Received returns a copy of every mail received so far.
func (mb *Mailbox) Received() []Received {
	mb.mu.Lock()
	defer mb.mu.Unlock()
	return append([]Received(nil), mb.msgs...)
}

// LinkRE finds the links in a mail's text.
var LinkRE = linkRE

// Texts returns the plain texts of the mails to to, in arrival order.
func (mb *Mailbox) Texts(to string) []string {
	var out []string
	for _, m := range mb.Received() {
		if m.To == to {
			out = append(out, m.Text)
		}
	}
	return out
}

// Text is the plain text of every mail to to, one after the other.
func (mb *Mailbox) Text(to string) string { return strings.Join(mb.Texts(to), "") }

// LastLink returns the last link containing part in a mail to to, "" for
// none, without waiting.
func (mb *Mailbox) LastLink(to, part string) string {
	link := ""
	for _, m := range mb.Received() {
		for _, l := range linkRE.FindAllString(m.Text, -1) {
			if m.To == to && strings.Contains(l, part) {
				link = l
			}
		}
	}
	return link
}
