package subscriber

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/amtsweg/amtsweg/internal/fitconnect"
)

// The event types a subscriber sends (Ereignisse im Event Log).
const (
	EventAccept = "https://schema.fitko.de/fit-connect/events/accept-submission"
	EventReject = "https://schema.fitko.de/fit-connect/events/reject-submission"
)

// SETPayloadSchema is the schema the event payload names.
const SETPayloadSchema = "https://schema.fitko.de/fit-connect/set-payload/1.0.0/set-payload.schema.json"

// AuthenticationTags are the JWE authentication tags of what was
// accepted, so the sender can tell that the subscriber got exactly what
// it sent.
type AuthenticationTags struct {
	Metadata    string            `json:"metadata"`
	Data        string            `json:"data,omitempty"`
	Attachments map[string]string `json:"attachments,omitempty"`
}

// SETClaims is the payload of a Security Event Token (RFC 8417) as
// FIT-Connect specifies it.
type SETClaims struct {
	Schema string                    `json:"$schema"`
	JTI    string                    `json:"jti"`
	Issuer string                    `json:"iss"` // the destination id
	IAT    int64                     `json:"iat"`
	Sub    string                    `json:"sub"` // submission:<id>
	Txn    string                    `json:"txn"` // case:<id>
	Events map[string]map[string]any `json:"events"`
}

// signSET returns the event as a JWS compact serialization signed with
// the destination's signature key (PS512, typ secevent+jwt, kid).
func signSET(d Destination, submissionID, caseID, event string, payload map[string]any, at time.Time) (string, error) {
	claims := SETClaims{Schema: SETPayloadSchema, JTI: fitconnect.NewUUID(), Issuer: d.ID, IAT: at.Unix(),
		Sub: "submission:" + submissionID, Txn: "case:" + caseID, Events: map[string]map[string]any{event: payload}}
	body, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("fitconnect: event: %w", err)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.PS512, Key: d.Sig},
		(&jose.SignerOptions{}).WithType("secevent+jwt"))
	if err != nil {
		return "", fmt.Errorf("fitconnect: signer: %w", err)
	}
	jws, err := signer.Sign(body)
	if err != nil {
		return "", fmt.Errorf("fitconnect: sign event: %w", err)
	}
	return jws.CompactSerialize()
}

// acceptPayload is the accept-submission event's content.
func acceptPayload(tags AuthenticationTags) map[string]any {
	return map[string]any{"authenticationTags": tags}
}

// rejectPayload is the reject-submission event's content.
func rejectPayload(problems []Problem) map[string]any {
	return map[string]any{"problems": problems}
}

// authTag is the authentication tag of a JWE compact serialization (its
// fifth part).
func authTag(jwe string) string {
	parts := strings.Split(jwe, ".")
	if len(parts) != 5 {
		return ""
	}
	return parts[4]
}
