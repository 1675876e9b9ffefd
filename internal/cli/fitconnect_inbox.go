package cli

import (
	"flag"
	"fmt"
	"os"

	"github.com/amtsweg/amtsweg/internal/app"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/fitconnect/subscriber"
)

// fitconnectInboxCommands are the commands of amtsweg as a FIT-Connect
// subscriber (incoming submissions).
func fitconnectInboxCommands() map[string]command {
	return map[string]command{
		"fitconnect destination": {"make the keys of a FIT-Connect destination whose submissions an authority receives; prints the public JWK set to register", fitconnectDestination},
		"fitconnect inbox":       {"list the FIT-Connect submissions received for a tenant: accepted (application) or rejected (problems)", fitconnectInbox},
	}
}

// fitconnectDestination: `amtsweg fitconnect destination --tenant SLUG
// --authority ID --id UUID [--jwks FILE]` makes the destination's
// encryption and signature keys (RSA 4096), keeps the private parts sealed
// and prints (or writes to FILE, readable by the operator) the public JWK
// set for the FIT-Connect self-service portal.
func fitconnectDestination(e env, args []string) int {
	var cfg config.Config
	var slug, id, out string
	var authority int64
	log, code, ok := parse(e, "fitconnect destination", "amtsweg fitconnect destination --tenant SLUG --authority ID --id UUID [--jwks FILE] [flags]",
		args, &cfg, func(fs *flag.FlagSet) {
			config.Register(fs, &cfg)
			fs.StringVar(&slug, "tenant", "", "tenant slug")
			fs.Int64Var(&authority, "authority", 0, "authority id that receives the destination's submissions")
			fs.StringVar(&id, "id", "", "destination id (UUID) from the FIT-Connect self-service portal")
			fs.StringVar(&out, "jwks", "", "write the public JWK set to this file instead of standard output")
		})
	if !ok {
		return code
	}
	if slug == "" || authority == 0 || id == "" {
		fmt.Fprintln(e.stderr, "amtsweg fitconnect destination: --tenant, --authority and --id are required")
		return 2
	}
	db, ok := openFor(e, "fitconnect destination", cfg, log)
	if !ok {
		return 1
	}
	defer db.Close()
	t, ok := tenantArg(e, db, "fitconnect destination", slug)
	if !ok {
		return 1
	}
	keys, err := app.Keyring(db, cfg)
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg fitconnect destination: %v\n", err)
		return 1
	}
	d, err := subscriber.CreateDestination(e.ctx, db, keys, "cli", t.ID, authority, id)
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg fitconnect destination: %s\n", fault.MessageOf(err))
		return 1
	}
	jwks, err := d.PublicJWKS()
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg fitconnect destination: %v\n", err)
		return 1
	}
	if out == "" {
		fmt.Fprintf(e.stdout, "%s\n", jwks)
		return 0
	}
	err = os.WriteFile(out, append(jwks, '\n'), 0o644)
	if err == nil {
		err = os.Chmod(out, 0o644) // public keys: readable by the operator whatever the umask
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg fitconnect destination: %v\n", err)
		return 1
	}
	fmt.Fprintf(e.stdout, "destination %s for authority %d: encryption key %s, signature key %s; public keys in %s\n",
		d.ID, authority, d.Enc.KeyID, d.Sig.KeyID, out)
	return 0
}

// fitconnectInbox: `amtsweg fitconnect inbox --tenant SLUG [--outcome
// accepted|rejected]` lists the last 200 received submissions, newest
// first (subscriber.Received, which the tenant admin's page reads too).
func fitconnectInbox(e env, args []string) int {
	var cfg config.Config
	var slug, outcome string
	log, code, ok := parse(e, "fitconnect inbox", "amtsweg fitconnect inbox --tenant SLUG [--outcome accepted|rejected] [flags]", args, &cfg, func(fs *flag.FlagSet) {
		config.Register(fs, &cfg)
		fs.StringVar(&slug, "tenant", "", "tenant slug")
		fs.StringVar(&outcome, "outcome", "", "only accepted or only rejected submissions")
	})
	if !ok {
		return code
	}
	if slug == "" {
		fmt.Fprintln(e.stderr, "amtsweg fitconnect inbox: --tenant is required")
		return 2
	}
	db, ok := openFor(e, "fitconnect inbox", cfg, log)
	if !ok {
		return 1
	}
	defer db.Close()
	t, ok := tenantArg(e, db, "fitconnect inbox", slug)
	if !ok {
		return 1
	}
	rs, _, err := subscriber.Received(e.ctx, db, t.ID, subscriber.ReceivedQuery{Outcome: outcome, Limit: 200})
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg fitconnect inbox: %v\n", err)
		return 1
	}
	for _, r := range rs {
		fmt.Fprintf(e.stdout, "%s  %s  %-8s", r.ReceivedAt.Format("2006-01-02 15:04"), r.SubmissionID, r.Outcome)
		if r.Service.Identifier != "" {
			fmt.Fprintf(e.stdout, "  %s", r.Service.Identifier)
		}
		if r.Sender != "" {
			fmt.Fprintf(e.stdout, "  sender %s", r.Sender)
		}
		if r.ApplicationID != 0 {
			fmt.Fprintf(e.stdout, "  application %d", r.ApplicationID)
		}
		for _, p := range r.Problems {
			fmt.Fprintf(e.stdout, "\n    %s (%s): %s", p.Type, p.Instance, p.Detail)
		}
		if !r.EventSent {
			fmt.Fprint(e.stdout, "  [event not yet delivered]")
		}
		fmt.Fprintln(e.stdout)
	}
	return 0
}
