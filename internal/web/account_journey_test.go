package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/i18n"
)

const journeyPassword = "Kreuzberg-Fahrrad-1987"

// fill sets form fields by id and clicks the submit button of the form
// with action, then waits until the condition holds.
func fill(t *testing.T, ctx context.Context, action string, fields map[string]string, until string) {
	t.Helper()
	var js strings.Builder
	for id, v := range fields {
		fmt.Fprintf(&js, "document.getElementById(%q).value = %q;", id, v)
	}
	fmt.Fprintf(&js, `document.querySelector('form[action=%q] button[type=submit]').click()`, action)
	clickAndWait(t, ctx, js.String(), until)
}

// signUp registers email in the tab, confirms it with the mailed link and
// logs in; it leaves the tab on "Mein Konto".
func signUp(t *testing.T, ctx context.Context, mb *mailbox, base string, lang i18n.Lang, email string) {
	t.Helper()
	browsertest.Navigate(t, ctx, base+"/registrieren")
	checkPage(t, ctx, lang)
	fill(t, ctx, "/registrieren", map[string]string{"f-name": "Erika Mustermann", "f-email": email, "f-password": journeyPassword},
		`location.pathname === "/registrieren/gesendet"`)
	checkPage(t, ctx, lang)
	browsertest.Navigate(t, ctx, mb.WaitLink(t, email, "/registrieren/bestaetigen?token="))
	checkPage(t, ctx, lang)
	clickAndWait(t, ctx, `document.querySelector('form[action="/registrieren/bestaetigen"] button').click()`, `location.pathname === "/anmelden"`)
	checkPage(t, ctx, lang)
	fill(t, ctx, "/anmelden", map[string]string{"f-email": email, "f-password": journeyPassword}, `location.pathname === "/konto"`)
	checkPage(t, ctx, lang)
}

// enrolTOTP turns on the second factor and returns its secret.
func enrolTOTP(t *testing.T, ctx context.Context, lang i18n.Lang) string {
	t.Helper()
	clickAndWait(t, ctx, `document.querySelector('a[href="/konto/zweiter-faktor"]').click()`, `location.pathname === "/konto/zweiter-faktor"`)
	checkPage(t, ctx, lang)
	clickAndWait(t, ctx, `document.querySelector('form[action="/konto/zweiter-faktor/neu"] button').click()`, `!!document.getElementById("totp-secret")`)
	checkPage(t, ctx, lang)
	secret := browser.Eval[string](t, ctx, `document.getElementById("totp-secret").textContent`)
	if uri := browser.Eval[string](t, ctx, `document.getElementById("totp-uri").textContent`); !strings.HasPrefix(uri, "otpauth://totp/") || !strings.Contains(uri, secret) {
		t.Errorf("otpauth URI %q does not carry the secret", uri)
	}
	if n := browser.Eval[int](t, ctx, `document.querySelectorAll(".amtsweg-qr svg path").length`); n != 1 {
		t.Errorf("QR code: %d paths", n)
	}
	fill(t, ctx, "/konto/zweiter-faktor/bestaetigen", map[string]string{"f-code": totp(t, secret, time.Now())}, `!!document.getElementById("recovery-codes")`)
	checkPage(t, ctx, lang)
	if n := browser.Eval[int](t, ctx, `document.querySelectorAll("#recovery-codes li").length`); n != 10 {
		t.Errorf("%d recovery codes shown, want 10", n)
	}
	clickAndWait(t, ctx, `document.querySelector('a[href="/konto"].kern-btn').click()`, `location.pathname === "/konto"`)
	return secret
}
