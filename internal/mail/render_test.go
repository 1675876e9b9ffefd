package mail

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestEveryTemplateRenders renders each kind in each language and checks
// what every notification must have: a one-line subject, the link alone
// on a line, the automatic-mail footer, and an HTML part with the link.
func TestEveryTemplateRenders(t *testing.T) {
	t.Parallel()
	tpl, err := parseTemplates()
	if err != nil {
		t.Fatal(err)
	}
	footer := map[Lang]string{German: "Bitte antworten Sie nicht darauf.", English: "Please do not reply to it."}
	const link = "https://portal.example/x?a=1&b=2"
	subjects := map[string]Kind{}
	for _, k := range Kinds {
		for _, l := range Langs {
			t.Run(string(k)+"."+string(l), func(t *testing.T) {
				r, err := tpl.render(k, l, Data{Link: link})
				if err != nil {
					t.Fatal(err)
				}
				if r.Subject == "" || strings.ContainsAny(r.Subject, "\r\n") {
					t.Errorf("subject %q", r.Subject)
				}
				if prev, dup := subjects[r.Subject]; dup {
					t.Errorf("subject %q also used by %s", r.Subject, prev)
				}
				subjects[r.Subject] = k
				if !strings.Contains(r.Text, "\n"+link+"\n") || !strings.Contains(r.Text, footer[l]) {
					t.Errorf("text lacks link or footer:\n%s", r.Text)
				}
				if strings.Contains(r.Text, "\n\n\n") || strings.Contains(r.Text, "Stunden gültig") || strings.Contains(r.Text, "valid for") {
					t.Errorf("text has blank runs or a validity without ValidFor:\n%s", r.Text)
				}
				if !strings.Contains(r.HTML, `<html lang="`+string(l)+`">`) || strings.Count(r.HTML, `href="https://portal.example/x?a=1&amp;b=2"`) != 2 {
					t.Errorf("html lacks lang or link:\n%s", r.HTML)
				}
			})
		}
	}
}

func TestUnknownLanguageIsGerman(t *testing.T) {
	t.Parallel()
	tpl, err := parseTemplates()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []Lang{"", "fr", "de-AT", German} {
		r, err := tpl.render(Verify, l, Data{Link: "https://p.example/", ValidFor: 90 * time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		if r.Subject != "Bitte bestätigen Sie Ihre E-Mail-Adresse" || !strings.Contains(r.Text, "Der Link ist 2 Stunden gültig") {
			t.Errorf("%q: %q\n%s", l, r.Subject, r.Text)
		}
	}
}

// TestPurgeDeletesOldMessages: messages older than Keep go, newer stay.
func TestPurgeDeletesOldMessages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		q, err := jobs.New(db, log, jobs.Config{})
		if err != nil {
			t.Fatal(err)
		}
		m, err := New(db, q, Config{From: "noreply@portal.example", Dir: t.TempDir()}, log)
		if err != nil {
			t.Fatal(err)
		}
		for _, to := range []string{"old@example.de", "new@example.de"} {
			if _, err := m.Enqueue(ctx, Message{To: to, Kind: Verify, Data: Data{Link: "https://p.example/"}}); err != nil {
				t.Fatal(err)
			}
		}
		old := time.Now().UTC().Add(-Keep - time.Hour)
		if _, err := db.ExecContext(ctx, `UPDATE mail_outbox SET created_at = $1 WHERE recipient = 'old@example.de'`, old); err != nil {
			t.Fatal(err)
		}
		if err := m.purge(ctx, purgeArgs{}); err != nil {
			t.Fatal(err)
		}
		var left []string
		rows, err := db.QueryContext(ctx, `SELECT recipient FROM mail_outbox`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var r string
			rows.Scan(&r)
			left = append(left, r)
		}
		if strings.Join(left, ",") != "new@example.de" {
			t.Errorf("left %v, want only the new one", left)
		}
	})
}
