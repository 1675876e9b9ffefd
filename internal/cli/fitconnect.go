package cli

import (
	"flag"
	"fmt"
	"os"

	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/fitconnect"
)

// fitconnectCommands are the FIT-Connect commands.
func fitconnectCommands() map[string]command {
	return map[string]command{
		"fitconnect key":         {"register an authority's FIT-Connect encryption key (public JWK, RSA >= 4096 bit, RSA-OAEP-256)", fitconnectKey},
		"fitconnect signing-key": {"list, rotate or retire the tenant's FIT-Connect routing signing keys (published as JWKS)", fitconnectSigningKey},
	}
}

// fitconnectKey registers an authority's public encryption key: `amtsweg
// fitconnect key --tenant SLUG --authority ID --jwk FILE`. It prints the
// destination id and the key id; a refused key prints why and exits 1.
func fitconnectKey(e env, args []string) int {
	var cfg config.Config
	var slug, file string
	var authority int64
	log, code, ok := parse(e, "fitconnect key", "amtsweg fitconnect key --tenant SLUG --authority ID --jwk FILE [flags]",
		args, &cfg, func(fs *flag.FlagSet) {
			config.Register(fs, &cfg)
			fs.StringVar(&slug, "tenant", "", "tenant slug")
			fs.Int64Var(&authority, "authority", 0, "authority id")
			fs.StringVar(&file, "jwk", "", "file with the public key as a JWK (JSON)")
		})
	if !ok {
		return code
	}
	if slug == "" || authority == 0 || file == "" {
		fmt.Fprintln(e.stderr, "amtsweg fitconnect key: --tenant, --authority and --jwk are required")
		return 2
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg fitconnect key: %v\n", err)
		return 1
	}
	db, ok := openFor(e, "fitconnect key", cfg, log)
	if !ok {
		return 1
	}
	defer db.Close()
	t, ok := tenantArg(e, db, "fitconnect key", slug)
	if !ok {
		return 1
	}
	k, err := fitconnect.RegisterKey(e.ctx, db, "cli", t.ID, authority, raw)
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg fitconnect key: %s\n", fault.MessageOf(err))
		return 1
	}
	fmt.Fprintf(e.stdout, "key %s registered for authority %d: destination %s\n", k.KeyID, authority, k.DestinationID)
	return 0
}
