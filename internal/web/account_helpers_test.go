package web_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
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

// mailbox is a real SMTP server on 127.0.0.1 that keeps what it receives.
type mailbox struct {
	Port int
	mu   sync.Mutex
	msgs []received
}

type received struct {
	To   string
	Text string // the plain-text part, decoded
}

func startMailbox(t *testing.T) *mailbox {
	t.Helper()
	mb := &mailbox{}
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

// configure points the app's mailer at the mailbox and runs the job
// workers that send.
func (mb *mailbox) configure(c *config.Config) {
	c.Jobs = true
	c.Mail = amail.Config{From: "Portal <noreply@portal.example>", Host: "127.0.0.1", Port: mb.Port,
		TLS: amail.NoTLS, Timeout: 5 * time.Second}
}

type mbSession struct {
	mb *mailbox
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
	s.mb.msgs = append(s.mb.msgs, received{To: s.to, Text: text})
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

// waitLink waits up to 20 s for a mail to to whose text holds a link
// containing part, and returns the link.
func (mb *mailbox) waitLink(t *testing.T, to, part string) string {
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

// count returns how many mails went to to.
func (mb *mailbox) count(to string) int {
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

// totp computes the RFC 6238 code of a base32 secret at time at, as an
// authenticator app does.
func totp(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil {
		t.Fatalf("secret %q: %v", secret, err)
	}
	mac := hmac.New(sha1.New, key)
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(at.Unix()/30))
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	return fmt.Sprintf("%06d", (binary.BigEndian.Uint32(sum[off:off+4])&0x7fffffff)%1000000)
}
