package account_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestResetThrottled, on every engine: reset requests are limited per
// address, for a known and an unknown address alike (the same answers,
// the same refusal), and per client address whatever address it names;
// only the known address gets mail, and no more than the limit.
func TestResetThrottled(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			mb := webtest.StartMailbox(t)
			base, _, _ := accountApp(t, d, mb.Configure)
			register(t, mb, base, "known@example.de", nil)
			c := newClient(t, base)
			answers := map[string][]string{}
			for _, email := range []string{"known@example.de", "nobody@example.de"} {
				for i := 0; i <= account.ResetPerAddress; i++ {
					st, _, body := c.do("/passwort-vergessen", url.Values{"email": {email}})
					answers[email] = append(answers[email], fmt.Sprint(st)+strings.ReplaceAll(mainOf(body), email, "ADDRESS"))
				}
				last := answers[email][account.ResetPerAddress]
				if !strings.HasPrefix(last, "429") || !strings.Contains(last, "Zu viele Anfragen.") {
					t.Errorf("%s: request %d answered %.60q, want 429", email, account.ResetPerAddress+1, last)
				}
			}
			if strings.Join(answers["known@example.de"], "\n") != strings.Join(answers["nobody@example.de"], "\n") {
				t.Error("known and unknown addresses get different answers")
			}
			mb.WaitLink(t, "known@example.de", "/passwort-neu?token=")
			n, st := 2*(account.ResetPerAddress+1), 0
			for ; n < account.ResetPerSource+20 && st != 429; n++ {
				st, _, _ = c.do("/passwort-vergessen", url.Values{"email": {fmt.Sprintf("someone%d@example.de", n)}})
			}
			if st != 429 || n < account.ResetPerSource {
				t.Errorf("one client after %d requests: %d, want 429 from %d on", n, st, account.ResetPerSource)
			}
			if got := mb.Count("nobody@example.de"); got != 0 {
				t.Errorf("%d mails to an address without an account", got)
			}
			if got := mb.Count("known@example.de"); got > 1+account.ResetPerAddress {
				t.Errorf("%d mails to the known address, more than the limit", got)
			}
		})
	}
}
