package cli

import (
	"flag"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/app"
	"github.com/amtsweg/amtsweg/internal/blob/keyring"
	"github.com/amtsweg/amtsweg/internal/config"
)

// keysCommands are the key commands of the encrypted file store
// (docs/storage.md, "Encryption at rest"). Each is safe while serve
// processes run, audited, and finds nothing to do when run again.
func keysCommands() map[string]command {
	return map[string]command{
		"keys rotate-master": {"rewrap every tenant's data key with the current master key (" + app.EnvBlobMasterKey + ")", keysRotateMaster},
		"keys rotate-tenant": {"give a tenant a new data key for the files stored from now on", keysRotateTenant},
		"keys reencrypt":     {"rewrite the files not sealed with their tenant's newest data key, and plaintext files from before encryption", keysReencrypt},
	}
}

func keysRotateMaster(e env, args []string) int {
	const name = "keys rotate-master"
	var cfg config.Config
	log, code, ok := parse(e, name, "amtsweg keys rotate-master", args, &cfg, func(fs *flag.FlagSet) { config.Register(fs, &cfg) })
	if !ok {
		return code
	}
	db, ok := openFor(e, name, cfg, log)
	if !ok {
		return 1
	}
	defer db.Close()
	keys, err := app.Keyring(db, cfg)
	if err == nil {
		var n int
		if n, err = keys.RotateMaster(e.ctx, "cli"); err == nil {
			fmt.Fprintf(e.stdout, "%d data keys rewrapped with master key %s\n", n, keys.MasterID())
			return 0
		}
	}
	fmt.Fprintf(e.stderr, "amtsweg %s: %v\n", name, err)
	return 1
}

func keysRotateTenant(e env, args []string) int {
	const name = "keys rotate-tenant"
	var cfg config.Config
	var slug string
	log, code, ok := parse(e, name, "amtsweg keys rotate-tenant [--tenant SLUG]", args, &cfg, func(fs *flag.FlagSet) {
		config.Register(fs, &cfg)
		fs.StringVar(&slug, "tenant", "", "tenant slug (needed when there are several tenants)")
	})
	if !ok {
		return code
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
	keys, err := app.Keyring(db, cfg)
	if err == nil {
		var v uint32
		if v, err = keys.RotateTenant(e.ctx, t.ID, "cli"); err == nil {
			fmt.Fprintf(e.stdout, "tenant %s: new files use data key version %d; run `amtsweg keys reencrypt` to rewrite the older ones\n", t.Slug, v)
			return 0
		}
	}
	fmt.Fprintf(e.stderr, "amtsweg %s: %v\n", name, err)
	return 1
}

func keysReencrypt(e env, args []string) int {
	const name = "keys reencrypt"
	var cfg config.Config
	log, code, ok := parse(e, name, "amtsweg keys reencrypt", args, &cfg, func(fs *flag.FlagSet) { config.Register(fs, &cfg) })
	if !ok {
		return code
	}
	db, ok := openFor(e, name, cfg, log)
	if !ok {
		return 1
	}
	defer db.Close()
	blobs, keys, err := app.OpenBlobs(e.ctx, db, cfg)
	if err == nil {
		var res keyring.Reencrypted
		if res, err = keyring.Reencrypt(e.ctx, keys, blobs, "cli"); err == nil {
			fmt.Fprintf(e.stdout, "%d files checked, %d rewritten (%d of them plaintext from before encryption)\n", res.Checked, res.Rewritten, res.Plaintext)
			return 0
		}
	}
	fmt.Fprintf(e.stderr, "amtsweg %s: %v\n", name, err)
	return 1
}
