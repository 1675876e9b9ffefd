// Command fachverfahren is an example specialised system (Fachverfahren)
// that receives FIT-Connect submissions from amtsweg: it polls the API,
// decrypts each submission with the authority's private key, verifies the
// SHA-512 hashes, acknowledges it and starts the review. See README.md.
package main

import (
	"context"
	"crypto/rsa"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"time"

	"github.com/go-jose/go-jose/v4"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "amtsweg base URL")
	keyFile := flag.String("jwk", "", "private key of the authority as a JWK file")
	every := flag.Duration("every", 30*time.Second, "poll interval; 0 polls once")
	flag.Parse()
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
