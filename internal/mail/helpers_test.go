package mail_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/jobs"
	amail "github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/store"
)

const sender = "Serviceportal Sachsen <noreply@portal.example>"

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// startMailer returns a started queue with a Mailer on db.
func startMailer(t *testing.T, db *store.DB, cfg amail.Config) (*amail.Mailer, *jobs.Queue) {
	t.Helper()
	q, err := jobs.New(db, quiet(), jobs.Config{
		Workers: 2, PollInterval: 10 * time.Millisecond, MaintenanceInterval: 50 * time.Millisecond,
		Backoff: func(int) time.Duration { return 20 * time.Millisecond },
	})
	if err != nil {
		t.Fatal(err)
	}
	m, err := amail.New(db, q, cfg, quiet())
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		q.Stop(ctx)
	})
	return m, q
}

// smtpConfig points a Config at s.
func smtpConfig(s *server, mode amail.TLSMode, user, pass string) amail.Config {
	return amail.Config{From: sender, Host: "127.0.0.1", Port: s.Port, TLS: mode, Username: user, Password: pass,
		RootCAs: s.Roots, Timeout: 5 * time.Second}
}

// waitFor polls cond for up to 15 seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitJob waits until the job satisfies cond and returns it.
func waitJob(t *testing.T, q *jobs.Queue, id int64, cond func(jobs.Job) bool) jobs.Job {
	t.Helper()
	var j jobs.Job
	waitFor(t, "job state", func() bool {
		var err error
		j, err = q.Job(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		return cond(j)
	})
	return j
}

func count(t *testing.T, db *store.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// parsed is a delivered message taken apart with the standard library.
type parsed struct {
	Header     mail.Header
	RawHeader  string
	Subject    string
	Text, HTML string
	PartTypes  []string
	Encodings  []string
}

// parse checks the framing of raw (CRLF only, ASCII-only headers) and
// decodes its two parts.
func parse(t *testing.T, raw []byte) parsed {
	t.Helper()
	if bytes.Contains(bytes.ReplaceAll(raw, []byte("\r\n"), nil), []byte("\n")) {
		t.Error("message has bare LF line ends")
	}
	head, _, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
	for _, c := range head {
		if c >= 0x80 {
			t.Fatalf("header has a non-ASCII byte: %q", head)
		}
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	p := parsed{Header: msg.Header, RawHeader: string(head)}
	if p.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		t.Fatal(err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type %q, %v", msg.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		p.PartTypes = append(p.PartTypes, part.Header.Get("Content-Type"))
		p.Encodings = append(p.Encodings, part.Header.Get("Content-Transfer-Encoding"))
		body, err := io.ReadAll(quotedprintable.NewReader(part))
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case strings.HasPrefix(part.Header.Get("Content-Type"), "text/plain"):
			p.Text = string(body)
		case strings.HasPrefix(part.Header.Get("Content-Type"), "text/html"):
			p.HTML = string(body)
		}
	}
	return p
}
