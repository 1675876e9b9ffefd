package cli

import (
	"flag"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/app"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/fitconnect"
)

// fitconnectSigningKey: `amtsweg fitconnect signing-key --tenant SLUG
// [--rotate | --retire KID]` lists the tenant's routing signing keys
// (Signaturschlüssel), makes a new one that signs from then on, or
// retires an old one (fitconnect.RetireSigningKey says when it may).
func fitconnectSigningKey(e env, args []string) int {
	const name = "fitconnect signing-key"
	var cfg config.Config
	var slug, retire string
	var rotate bool
	log, code, ok := parse(e, name, "amtsweg fitconnect signing-key --tenant SLUG [--rotate | --retire KID] [flags]",
		args, &cfg, func(fs *flag.FlagSet) {
			config.Register(fs, &cfg)
			fs.StringVar(&slug, "tenant", "", "tenant slug")
			fs.BoolVar(&rotate, "rotate", false, "make a new signing key; the old ones stay published")
			fs.StringVar(&retire, "retire", "", "stop publishing the old key with this kid")
		})
	if !ok {
		return code
	}
	if slug == "" || (rotate && retire != "") {
		fmt.Fprintln(e.stderr, "amtsweg fitconnect signing-key: --tenant is required; --rotate and --retire exclude each other")
		return 2
	}
	db, ok := openFor(e, name, cfg, log)
	if !ok {
		return 1
	}
	defer db.Close()
	t, ok := tenantArg(e, db, name, slug)
	if !ok {
		return 1
	}
	var err error
	switch {
	case rotate:
		var keys fitconnect.Sealer
		if keys, err = app.Keyring(db, cfg); err == nil {
			_, err = fitconnect.RotateSigningKey(e.ctx, db, keys, "cli", t.ID)
		}
	case retire != "":
		err = fitconnect.RetireSigningKey(e.ctx, db, "cli", t.ID, retire, time.Now())
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg fitconnect signing-key: %s\n", fault.MessageOf(err))
		return 1
	}
	list, err := fitconnect.SigningKeyList(e.ctx, db, t.ID)
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg fitconnect signing-key: %v\n", err)
		return 1
	}
	for _, k := range list {
		state := "published"
		if k.Signing {
			state = "signing"
		}
		fmt.Fprintf(e.stdout, "%s\t%s\t%s\n", k.Kid, k.Created.UTC().Format(time.RFC3339), state)
	}
	return 0
}
