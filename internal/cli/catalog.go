package cli

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// catalogCommands are the catalog's subcommands, merged into commands().
func catalogCommands() map[string]command {
	shared := func(run func(e env, db *store.DB, r io.Reader, file string) (catalog.Summary, error)) func(env, []string) int {
		return func(e env, args []string) int { return importFile(e, args, false, run) }
	}
	forTenant := func(run func(e env, db *store.DB, tenantID tenant.ID, r io.Reader, file string) (catalog.Summary, error)) func(env, []string) int {
		return func(e env, args []string) int {
			return importFile(e, args, true, func(e env, db *store.DB, r io.Reader, file string) (catalog.Summary, error) {
				return run(e, db, e.tenantID, r, file)
			})
		}
	}
	return map[string]command{
		"import leika": {"import the LeiKa/OZG service catalog CSV", shared(func(e env, db *store.DB, r io.Reader, f string) (catalog.Summary, error) {
			return catalog.ImportLeiKa(e.ctx, db, r, f, progressOut(e))
		})},
		"import content": {"apply a content pack (JSON lines: German summaries, English names and texts; the embedded one is applied with every LeiKa import)", shared(func(e env, db *store.DB, r io.Reader, f string) (catalog.Summary, error) {
			return catalog.ImportContent(e.ctx, db, r, f)
		})},
		"import regions": {"import the GV-ISys region directory CSV", shared(func(e env, db *store.DB, r io.Reader, f string) (catalog.Summary, error) {
			return catalog.ImportRegions(e.ctx, db, r, f, progressOut(e))
		})},
		"import postcodes": {"import the postal code ↔ AGS CSV", shared(func(e env, db *store.DB, r io.Reader, f string) (catalog.Summary, error) {
			return catalog.ImportPostcodes(e.ctx, db, r, f, progressOut(e))
		})},
		"import authorities": {"import authorities and responsibilities (JSON) for --tenant", forTenant(func(e env, db *store.DB, t tenant.ID, r io.Reader, f string) (catalog.Summary, error) {
			return catalog.ImportAuthorities(e.ctx, db, t, r, f, progressOut(e))
		})},
		"import xzufi": {"import an XZuFi 2.2 message for --tenant", forTenant(func(e env, db *store.DB, t tenant.ID, r io.Reader, f string) (catalog.Summary, error) {
			return catalog.ImportXZuFi(e.ctx, db, t, r, f, progressOut(e))
		})},
		"catalog coverage": {"per service: Gemeinden with a responsible authority, and the gaps", catalogCoverage},
	}
}

// progressOut is where imports draw their progress line (only on a terminal).
func progressOut(e env) io.Writer {
	if isTerminal(e.stderr) {
		return e.stderr
	}
	return nil
}

// importFile parses "FILE [flags]" or "[flags] FILE", opens and migrates
// the database, resolves --tenant when needed and prints the summary with
// every rejected row and warning.
func importFile(e env, args []string, needTenant bool, run func(env, *store.DB, io.Reader, string) (catalog.Summary, error)) int {
	var cfg config.Config
	var slug string
	file, log, code, ok := oneArg(e, "import", "amtsweg import KIND FILE [flags]", "FILE", args, &cfg, func(fs *flag.FlagSet) {
		config.Register(fs, &cfg)
		fs.StringVar(&slug, "tenant", "", "tenant slug (for authorities and xzufi)")
	})
	if !ok {
		return code
	}
	if needTenant && slug == "" {
		fmt.Fprintln(e.stderr, "amtsweg import: need --tenant for authorities and xzufi")
		return 2
	}
	db, ok := openFor(e, "import", cfg, log)
	if !ok {
		return 1
	}
	defer db.Close()
	if needTenant {
		t, ok := tenantArg(e, db, "import", slug)
		if !ok {
			return 1
		}
		e.tenantID = t.ID
	}
	f, err := os.Open(file)
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg import: %v\n", err)
		return 1
	}
	defer f.Close()
	sum, err := run(e, db, f, file)
	for _, w := range sum.Warnings {
		fmt.Fprintf(e.stdout, "warning: %s\n", w)
	}
	for _, r := range sum.Rejected {
		fmt.Fprintf(e.stdout, "REJECTED %s\n", r)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg import: %v\n", err)
		return 1
	}
	fmt.Fprintln(e.stdout, sum)
	return 0
}

func catalogCoverage(e env, args []string) int {
	var cfg config.Config
	var slug, scope string
	var gaps bool
	log, code, ok := parse(e, "catalog coverage", "amtsweg catalog coverage --tenant SLUG [--scope ARS] [--gaps]", args, &cfg, func(fs *flag.FlagSet) {
		config.Register(fs, &cfg)
		fs.StringVar(&slug, "tenant", "", "tenant slug")
		fs.StringVar(&scope, "scope", catalog.RootARS, "ARS of the area to check, e.g. 140000000000 for Sachsen")
		fs.BoolVar(&gaps, "gaps", false, "list every Gemeinde without an authority")
	})
	if !ok {
		return code
	}
	db, ok := openFor(e, "catalog coverage", cfg, log)
	if !ok {
		return 1
	}
	defer db.Close()
	t, ok := tenantArg(e, db, "catalog coverage", slug)
	if !ok {
		return 1
	}
	rows, err := catalog.Coverage(e.ctx, db, t.ID, scope)
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg catalog coverage: %v\n", err)
		return 1
	}
	for _, r := range rows {
		fmt.Fprintln(e.stdout, r)
		for _, g := range r.Gaps {
			if gaps {
				fmt.Fprintf(e.stdout, "  gap: %s %s\n", g.ARS, g.Name)
			}
		}
	}
	return 0
}
