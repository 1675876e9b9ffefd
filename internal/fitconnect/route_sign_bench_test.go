package fitconnect

import (
	"crypto/rand"
	"crypto/rsa"
	"testing"
)

// BenchmarkSignRoute is the signing cost of one route: the
// destinationSignature JWT and the detached parameters signature, PS512
// with RSA 4096.
func BenchmarkSignRoute(b *testing.B) {
	priv, err := rsa.GenerateKey(rand.Reader, MinKeyBits)
	if err != nil {
		b.Fatal(err)
	}
	k := &signingKey{kid: "bench", priv: priv}
	p := DestinationParameters{EncryptionKid: "kid", MetadataVersions: []string{"1.0.0"}, Status: "active",
		PublicKeys: JWKS{Keys: []map[string]any{{"kty": "RSA"}}}, SubmissionURL: "https://example.org/api/v1/fitconnect"}
	for b.Loop() {
		if _, err := k.signDestination("example.org", "3fa85f64-5717-4562-b3fc-2c963f66afa6", "99115005104000", "145110000000"); err != nil {
			b.Fatal(err)
		}
		if _, err := k.signParameters(p); err != nil {
			b.Fatal(err)
		}
	}
}
