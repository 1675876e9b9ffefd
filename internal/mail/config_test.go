package mail_test

import (
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/jobs"
	amail "github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

func TestConfigValidate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		cfg     amail.Config
		wantErr string
	}{
		{"folder", amail.Config{From: "noreply@p.example", Dir: "/tmp/x"}, ""},
		{"smtp", amail.Config{From: "Portal <noreply@p.example>", Host: "mail.p.example"}, ""},
		{"no sender", amail.Config{Dir: "/tmp/x"}, "sender"},
		{"nowhere to send", amail.Config{From: "noreply@p.example"}, "no SMTP host"},
		{"password in plain text", amail.Config{From: "noreply@p.example", Host: "h", TLS: amail.NoTLS, Username: "u"}, "needs TLS"},
		{"unknown mode", amail.Config{From: "noreply@p.example", Host: "h", TLS: "ssl"}, "unknown TLS mode"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.cfg.Validate()
			if (err == nil) != (c.wantErr == "") || (err != nil && !strings.Contains(err.Error(), c.wantErr)) {
				t.Errorf("Validate: %v, want %q", err, c.wantErr)
			}
		})
	}
}

func TestRegisterFlags(t *testing.T) {
	t.Parallel()
	var c amail.Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	amail.RegisterFlags(fs, &c)
	err := fs.Parse([]string{"--smtp-host=mail.p.example", "--smtp-port=465", "--smtp-tls=tls", "--smtp-user=u",
		"--smtp-password=p", "--mail-from=noreply@p.example", "--smtp-timeout=5s"})
	if err != nil {
		t.Fatal(err)
	}
	want := amail.Config{Host: "mail.p.example", Port: 465, TLS: amail.ImplicitTLS, Username: "u", Password: "p",
		From: "noreply@p.example", Timeout: 5 * time.Second}
	if c.Host != want.Host || c.Port != want.Port || c.TLS != want.TLS || c.Username != want.Username ||
		c.Password != want.Password || c.From != want.From || c.Timeout != want.Timeout {
		t.Errorf("got %+v", c)
	}
	if err := fs.Parse([]string{"--smtp-tls=ssl"}); err == nil {
		t.Error("bad TLS mode accepted")
	}
}

// TestEnqueueRejects: a bad message is refused before anything is stored.
func TestEnqueueRejects(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		msg  amail.Message
	}{
		{"bad address", amail.Message{To: "nicht-gültig", Kind: amail.Verify, Data: amail.Data{Link: "https://p.example/"}}},
		{"header injection", amail.Message{To: "a@b.example\r\nBcc: x@y.example", Kind: amail.Verify, Data: amail.Data{Link: "https://p.example/"}}},
		{"unknown kind", amail.Message{To: "a@b.example", Kind: "case_details", Data: amail.Data{Link: "https://p.example/"}}},
		{"relative link", amail.Message{To: "a@b.example", Kind: amail.Verify, Data: amail.Data{Link: "/konto"}}},
		{"javascript link", amail.Message{To: "a@b.example", Kind: amail.Verify, Data: amail.Data{Link: "javascript:alert(1)"}}},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		q, err := jobs.New(db, quiet(), jobs.Config{})
		if err != nil {
			t.Fatal(err)
		}
		m, err := amail.New(db, q, amail.Config{From: sender, Dir: t.TempDir()}, quiet())
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				if _, err := m.Enqueue(context.Background(), c.msg); !fault.Is(err, fault.Invalid) {
					t.Errorf("err %v, want invalid", err)
				}
			})
		}
		if n := count(t, db, `SELECT COUNT(*) FROM mail_outbox`) + count(t, db, `SELECT COUNT(*) FROM job`); n != 0 {
			t.Errorf("%d rows stored", n)
		}
	})
}

// TestFolderMode writes the message as an .eml file readable by the owner
// only, with the same content the SMTP path sends.
func TestFolderMode(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		dir := filepath.Join(t.TempDir(), "mail")
		m, q := startMailer(t, db, amail.Config{From: sender, Dir: dir})
		id, err := m.Enqueue(context.Background(), amail.Message{To: "Jörg Müller <joerg@example.de>",
			Kind: amail.ApplicationReceived, Lang: amail.German, Data: amail.Data{Link: "https://portal.example/eingang/7"}})
		if err != nil {
			t.Fatal(err)
		}
		waitJob(t, q, id, func(j jobs.Job) bool { return j.State == jobs.Completed })
		files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
		if len(files) != 1 {
			t.Fatalf("files %v, want one .eml", files)
		}
		st, err := os.Stat(files[0])
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("mode %v, %v", st.Mode(), err)
		}
		raw, _ := os.ReadFile(files[0])
		checkMessage(t, parse(t, raw), "Jörg Müller", "Ihr Antrag ist eingegangen", "https://portal.example/eingang/7",
			[]string{"Ihr Antrag ist bei uns eingegangen.", "Eingangsbestätigung"})
	})
}
