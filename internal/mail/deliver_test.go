package mail_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/jobs"
	amail "github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestDeliveredMessage sends over each transport and takes the message
// the server received apart: envelope, headers, both parts, umlauts, link.
func TestDeliveredMessage(t *testing.T) {
	t.Parallel()
	const link = "https://portal.example/konto/bestaetigen?token=abc123&lang=de"
	cases := []struct {
		name        string
		srv         serverOpts
		mode        amail.TLSMode
		user, pass  string
		msg         amail.Message
		wantTo      string // display name of To
		wantSubject string
		wantText    []string
	}{
		{"starttls with PLAIN, German verification",
			serverOpts{tls: "starttls", user: "portal", pass: "geheim", mechs: []string{"PLAIN", "LOGIN"}},
			amail.StartTLS, "portal", "geheim",
			amail.Message{To: "Jörg Müller-Weiß <joerg@example.de>", Kind: amail.Verify, Lang: amail.German,
				Data: amail.Data{Link: link, Portal: "Serviceportal Sachsen", ValidFor: 24 * time.Hour}},
			"Jörg Müller-Weiß", "Bitte bestätigen Sie Ihre E-Mail-Adresse",
			[]string{"Guten Tag,", "Der Link ist 24 Stunden gültig", "Mit freundlichen Grüßen", "Serviceportal Sachsen"}},
		{"implicit tls with LOGIN, English notice",
			serverOpts{tls: "tls", user: "portal", pass: "s3cret!", mechs: []string{"LOGIN"}},
			amail.ImplicitTLS, "portal", "s3cret!",
			amail.Message{To: "joerg@example.de", Kind: amail.NoticeAvailable, Lang: amail.English, Data: amail.Data{Link: link}},
			"", "A notice is waiting for you",
			[]string{"Hello,", "a notice (decision) is waiting for you in your mailbox", "Your service portal"}},
		{"plain relay without auth, German mailbox message",
			serverOpts{tls: "none"}, amail.NoTLS, "", "",
			amail.Message{To: "joerg@example.de", Kind: amail.MailboxMessage, Lang: "fr", Data: amail.Data{Link: link}},
			"", "Neue Nachricht in Ihrem Postfach",
			[]string{"in Ihrem Postfach liegt eine neue Nachricht", "Aus Datenschutzgründen"}},
	}
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					db := storetest.Open(t, d)
					srv := startServer(t, c.srv)
					m, q := startMailer(t, db, smtpConfig(srv, c.mode, c.user, c.pass))
					id, err := m.Enqueue(context.Background(), c.msg)
					if err != nil {
						t.Fatal(err)
					}
					waitJob(t, q, id, func(j jobs.Job) bool { return j.State == jobs.Completed })
					got := srv.messages()
					if len(got) != 1 {
						t.Fatalf("%d messages delivered, want 1", len(got))
					}
					if got[0].From != "noreply@portal.example" || got[0].To != "joerg@example.de" {
						t.Errorf("envelope %s -> %s", got[0].From, got[0].To)
					}
					checkMessage(t, parse(t, got[0].Data), c.wantTo, c.wantSubject, link, c.wantText)
					if n := count(t, db, `SELECT COUNT(*) FROM mail_outbox`); n != 0 {
						t.Errorf("%d messages still stored after sending", n)
					}
					if n := count(t, db, `SELECT COUNT(*) FROM job WHERE CAST(args AS TEXT) LIKE '%@%' OR CAST(args AS TEXT) LIKE '%joerg%'`); n != 0 {
						t.Errorf("job args hold the address")
					}
				})
			}
		})
	}
}

var messageID = regexp.MustCompile(`^<[0-9a-f]{32}@portal\.example>$`)

func checkMessage(t *testing.T, p parsed, wantTo, wantSubject, link string, wantText []string) {
	t.Helper()
	if p.Subject != wantSubject {
		t.Errorf("subject %q, want %q", p.Subject, wantSubject)
	}
	from, err := p.Header.AddressList("From")
	if err != nil || from[0].Name != "Serviceportal Sachsen" || from[0].Address != "noreply@portal.example" {
		t.Errorf("From %v, %v", from, err)
	}
	to, err := p.Header.AddressList("To")
	if err != nil || to[0].Name != wantTo || to[0].Address != "joerg@example.de" {
		t.Errorf("To %v, %v", to, err)
	}
	if date, err := p.Header.Date(); err != nil || time.Since(date) > time.Minute || time.Since(date) < -time.Minute {
		t.Errorf("Date %v, %v", date, err)
	}
	want := map[string]string{"Auto-Submitted": "auto-generated", "MIME-Version": "1.0"}
	for k, v := range want {
		if p.Header.Get(k) != v {
			t.Errorf("%s: %q, want %q", k, p.Header.Get(k), v)
		}
	}
	if !messageID.MatchString(p.Header.Get("Message-ID")) {
		t.Errorf("Message-ID %q", p.Header.Get("Message-ID"))
	}
	if strings.Join(p.PartTypes, ",") != "text/plain; charset=utf-8,text/html; charset=utf-8" ||
		strings.Join(p.Encodings, ",") != "quoted-printable,quoted-printable" {
		t.Errorf("parts %v encoded %v", p.PartTypes, p.Encodings)
	}
	if !strings.Contains(p.Text, "\r\n"+link+"\r\n") {
		t.Errorf("text part lacks the link on a line of its own:\n%s", p.Text)
	}
	if !strings.Contains(p.HTML, `href="`+strings.ReplaceAll(link, "&", "&amp;")+`"`) {
		t.Errorf("html part lacks the link:\n%s", p.HTML)
	}
	for _, w := range wantText {
		if !strings.Contains(p.Text, w) || !strings.Contains(p.HTML, w) {
			t.Errorf("%q missing in text or html part:\n%s\n%s", w, p.Text, p.HTML)
		}
	}
	if strings.Contains(p.Text+p.HTML, "no value") {
		t.Error("a template field is missing")
	}
}
