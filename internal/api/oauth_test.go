package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestTokenThrottled, on both engines: guessing a client's secret at the
// token endpoint is stopped per client_id (the right secret is refused
// too once the bucket is empty, with Retry-After), other clients go on,
// and one source address is stopped whatever client_id it names.
func TestTokenThrottled(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		a := f.client(t, f.clearing, 1000, "", all...)
		b := f.client(t, f.other, 1000, "", all...)
		for i := 0; i < apiclient.TokenRatePerClient; i++ {
			if st := f.tokenStatus(t, a.ClientID, "wrong-secret"); st != http.StatusUnauthorized {
				t.Fatalf("guess %d: %d, want 401", i+1, st)
			}
		}
		req := f.tokenRequest(t, a.ClientID, a.Secret)
		res, _ := f.validator.do(t, req)
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
			t.Fatalf("after %d guesses: %d, Retry-After %q, want 429", apiclient.TokenRatePerClient, res.StatusCode, res.Header.Get("Retry-After"))
		}
		if st := f.tokenStatus(t, b.ClientID, b.Secret); st != http.StatusOK {
			t.Fatalf("another client: %d", st)
		}
		// The bucket refills by rate/60 a second while the test runs, so
		// a few more than the rate may pass; far more may not.
		n, st := apiclient.TokenRatePerClient+2, 0
		for ; n < apiclient.TokenRatePerSource+40; n++ {
			if st = f.tokenStatus(t, "guess-"+id(int64(n)), "x"); st != http.StatusUnauthorized {
				break
			}
		}
		if st != http.StatusTooManyRequests || n < apiclient.TokenRatePerSource {
			t.Fatalf("request %d from one address: %d, want 429 after %d", n+1, st, apiclient.TokenRatePerSource)
		}
		if st := f.tokenStatus(t, b.ClientID, b.Secret); st != http.StatusTooManyRequests {
			t.Errorf("a valid client from the throttled address: %d, want 429", st)
		}
	})
}

func (f *fx) tokenRequest(t *testing.T, clientID, secret string) *http.Request {
	t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}}
	req, err := http.NewRequest("POST", f.url+"/api/oauth/token", strings.NewReader(form.Encode()))
	check(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(clientID, secret)
	return req
}

// tokenStatus asks for a token and returns the status.
func (f *fx) tokenStatus(t *testing.T, clientID, secret string) int {
	t.Helper()
	res, err := http.DefaultClient.Do(f.tokenRequest(t, clientID, secret))
	check(t, err)
	res.Body.Close()
	return res.StatusCode
}
