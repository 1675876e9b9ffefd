package mail_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/emersion/go-smtp"

	"github.com/amtsweg/amtsweg/internal/jobs"
	amail "github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestFailures covers what happens when the server does not take the
// message: temporary refusals are retried, permanent ones discarded with
// the stored message, configuration problems keep the message for later.
func TestFailures(t *testing.T) {
	t.Parallel()
	reject := func(to string, _ int) error {
		if strings.HasPrefix(to, "nobody@") {
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user " + to}
		}
		return nil
	}
	secured := serverOpts{tls: "starttls", user: "portal", pass: "geheim", mechs: []string{"PLAIN"}}
	retrying := func(j jobs.Job) bool { return j.Attempt >= 2 && j.LastError != "" }
	cases := []struct {
		name          string
		srv           serverOpts
		cfg           func(*server) amail.Config
		to            string
		until         func(jobs.Job) bool
		wantState     jobs.State
		wantError     string
		wantDelivered int
		wantStored    int
	}{
		{"4xx twice, then delivered",
			serverOpts{tls: "starttls", fail: tempFail("later@", 2)},
			func(s *server) amail.Config { return smtpConfig(s, amail.StartTLS, "", "") },
			"later@example.de", func(j jobs.Job) bool { return j.State == jobs.Completed }, jobs.Completed, "", 1, 0},
		{"5xx discarded at once",
			serverOpts{tls: "starttls", fail: reject},
			func(s *server) amail.Config { return smtpConfig(s, amail.StartTLS, "", "") },
			"nobody@example.de", func(j jobs.Job) bool { return j.State == jobs.Discarded }, jobs.Discarded, "smtp RCPT: 550 5.1.1", 0, 0},
		{"wrong password kept for retry", secured,
			func(s *server) amail.Config { return smtpConfig(s, amail.StartTLS, "portal", "falsch") },
			"someone@example.de", retrying, "", "smtp AUTH: 535 5.7.8", 0, 1},
		{"STARTTLS missing", serverOpts{tls: "none"},
			func(s *server) amail.Config { return smtpConfig(s, amail.StartTLS, "", "") },
			"someone@example.de", retrying, "", "does not offer STARTTLS", 0, 1},
		{"untrusted certificate", secured,
			func(s *server) amail.Config {
				c := smtpConfig(s, amail.StartTLS, "portal", "geheim")
				c.RootCAs = nil
				return c
			},
			"someone@example.de", retrying, "", "certificate", 0, 1},
	}
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					db := storetest.Open(t, d)
					srv := startServer(t, c.srv)
					m, q := startMailer(t, db, c.cfg(srv))
					id, err := m.Enqueue(context.Background(), amail.Message{To: c.to, Kind: amail.PasswordReset,
						Data: amail.Data{Link: "https://portal.example/reset?t=1"}})
					if err != nil {
						t.Fatal(err)
					}
					j := waitJob(t, q, id, c.until)
					if c.wantState != "" && j.State != c.wantState {
						t.Errorf("state %s, want %s", j.State, c.wantState)
					}
					if !strings.Contains(j.LastError, c.wantError) || (c.wantError == "") != (j.LastError == "") {
						t.Errorf("last error %q, want %q", j.LastError, c.wantError)
					}
					if strings.Contains(j.LastError, "@") {
						t.Errorf("last error %q names an address", j.LastError)
					}
					if n := len(srv.messages()); n != c.wantDelivered {
						t.Errorf("%d delivered, want %d", n, c.wantDelivered)
					}
					if n := count(t, db, `SELECT COUNT(*) FROM mail_outbox`); n != c.wantStored {
						t.Errorf("%d messages stored, want %d", n, c.wantStored)
					}
				})
			}
		})
	}
}

// TestRolledBackSendsNothing enqueues in a transaction that rolls back,
// then a committed one; only the second may arrive.
func TestRolledBackSendsNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := startServer(t, serverOpts{tls: "starttls"})
		m, q := startMailer(t, db, smtpConfig(srv, amail.StartTLS, "", ""))
		ctx := context.Background()
		errAbort := errors.New("abort")
		err := db.Tx(ctx, func(tx *store.Tx) error {
			if _, err := m.EnqueueTx(ctx, tx, amail.Message{To: "first@example.de", Kind: amail.ApplicationReceived,
				Data: amail.Data{Link: "https://portal.example/antrag/1"}}); err != nil {
				return err
			}
			return errAbort
		})
		if !errors.Is(err, errAbort) {
			t.Fatalf("tx: %v", err)
		}
		id, err := m.Enqueue(ctx, amail.Message{To: "second@example.de", Kind: amail.ApplicationReceived,
			Data: amail.Data{Link: "https://portal.example/antrag/2"}})
		if err != nil {
			t.Fatal(err)
		}
		waitJob(t, q, id, func(j jobs.Job) bool { return j.State == jobs.Completed })
		got := srv.messages()
		if len(got) != 1 || got[0].To != "second@example.de" {
			t.Fatalf("delivered %+v, want only the committed one", got)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM job WHERE kind = 'mail.send'`); n != 1 {
			t.Errorf("%d send jobs, want 1", n)
		}
	})
}
