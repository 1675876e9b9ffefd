package webhook

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
)

// The Standard Webhooks headers (https://www.standardwebhooks.com/): the
// message id (the event's UUID, the same on every retry), the send time in
// Unix seconds, and "v1,<base64 HMAC-SHA256 of id.timestamp.body>" — one
// per signing key, separated by spaces.
const (
	IDHeader        = standardwebhooks.HeaderWebhookID
	TimestampHeader = standardwebhooks.HeaderWebhookTimestamp
	StandardHeader  = standardwebhooks.HeaderWebhookSignature
)

// SignStandard sets the Standard Webhooks headers of a delivery of body
// with message id at time t, signed with each of keys (the raw key bytes;
// a client shows them as apiclient.StandardWebhookSecret). Several keys
// give several signatures, which is how a receiver survives a key change;
// amtsweg signs with one key today (no rotation of webhook secrets yet).
// The signing is the official Standard Webhooks library's, so sender and
// the receivers' libraries cannot drift apart; the tests check it against
// the specification's test vector as well.
func SignStandard(h http.Header, keys [][]byte, id string, t time.Time, body []byte) error {
	if len(keys) == 0 {
		return fmt.Errorf("webhook: no signing key")
	}
	sigs := make([]string, 0, len(keys))
	for _, k := range keys {
		wh, err := standardwebhooks.NewWebhookRaw(k)
		if err != nil {
			return fmt.Errorf("webhook: signing key: %w", err)
		}
		sig, err := wh.Sign(id, t, body)
		if err != nil {
			return fmt.Errorf("webhook: sign: %w", err)
		}
		sigs = append(sigs, sig)
	}
	h.Set(IDHeader, id)
	h.Set(TimestampHeader, strconv.FormatInt(t.Unix(), 10))
	h.Set(StandardHeader, strings.Join(sigs, " "))
	return nil
}
