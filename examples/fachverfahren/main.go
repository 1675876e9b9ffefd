// Command fachverfahren is an example specialised system (Fachverfahren)
// that receives FIT-Connect submissions from amtsweg: it polls the API,
// decrypts each submission with the authority's private key, verifies the
// SHA-512 hashes, acknowledges it and starts the review. With -listen it
// also receives amtsweg's webhooks (Receiver: Standard Webhooks signature,
// CloudEvents body) and prints each event. See README.md.
package main

import (
	"context"
	"crypto/rsa"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"time"

	cloudevents "github.com/cloudevents/sdk-go/v2"
	"github.com/go-jose/go-jose/v4"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "amtsweg base URL")
	keyFile := flag.String("jwk", "", "private key of the authority as a JWK file")
	every := flag.Duration("every", 30*time.Second, "poll interval; 0 polls once")
	listen := flag.String("listen", "", "address for webhooks (e.g. :9000; secret in AMTSWEG_WEBHOOK_SECRET, whsec_…)")
	flag.Parse()
	if *listen != "" {
		go serveWebhooks(*listen, os.Getenv("AMTSWEG_WEBHOOK_SECRET"))
	}
	raw, err := os.ReadFile(*keyFile)
	if err != nil {
		log.Fatal(err)
	}
	var jwk jose.JSONWebKey
	if err := jwk.UnmarshalJSON(raw); err != nil {
		log.Fatal(err)
	}
	key, ok := jwk.Key.(*rsa.PrivateKey)
	if !ok {
		log.Fatal("the JWK is not an RSA private key")
	}
	c := &Client{BaseURL: *base, APIKey: os.Getenv("AMTSWEG_API_KEY"), Key: key}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	for {
		got, err := c.Poll(ctx)
		for _, r := range got {
			fmt.Printf("received %s (case %d): %d bytes of data, %d attachments, hashes verified\n",
				r.SubmissionID, r.CaseID, len(r.Data), len(r.Attachments))
		}
		if err != nil {
			log.Print(err)
		}
		if *every == 0 {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(*every):
		}
	}
}

// serveWebhooks runs Receiver on addr and prints every event it verifies.
func serveWebhooks(addr, secret string) {
	h, err := Receiver(secret, func(e cloudevents.Event) {
		fmt.Printf("event %s %s about %s (%s)\n", e.ID(), e.Type(), e.Subject(), e.Time().Format(time.RFC3339))
	})
	if err != nil {
		log.Fatal(err)
	}
	log.Fatal(http.ListenAndServe(addr, h))
}
