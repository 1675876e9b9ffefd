package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"
)

// SignatureHeader carries the deprecated signature of a delivery, sent
// beside the Standard Webhooks headers (standard.go) until
// events.EnvelopeSunset.
const SignatureHeader = "Amtsweg-Signature"

// ReplayWindow is how far a delivery's timestamp may be from the
// receiver's clock before Verify rejects it.
const ReplayWindow = 5 * time.Minute

// Sign returns the header value "t=<unix seconds>,v1=<hex HMAC-SHA256 of
// "<t>.<body>" with secret>".
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + mac(secret, ts, body)
}

func mac(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts + "."))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// Verify checks header (from SignatureHeader) against body and secret: a
// v1 signature must match and the timestamp must lie within ReplayWindow
// of now. It is what docs/webhooks.md shows receivers.
func Verify(secret, header string, body []byte, now time.Time) error {
	var ts string
	var sigs []string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sigs = append(sigs, v)
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return errors.New("webhook: no timestamp")
	}
	if d := now.Sub(time.Unix(sec, 0)); d > ReplayWindow || d < -ReplayWindow {
		return errors.New("webhook: timestamp outside the replay window")
	}
	want := mac(secret, ts, body)
	for _, s := range sigs {
		if hmac.Equal([]byte(s), []byte(want)) {
			return nil
		}
	}
	return errors.New("webhook: signature does not match")
}
