package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// tenantCommands are the tenant (Mandant) commands.
func tenantCommands() map[string]command {
	return map[string]command{
		"tenant create": {"create a tenant (Mandant) with its host names and branding", tenantCreate},
		"tenant list":   {"list the tenants with their host names", tenantList},
	}
}

// tenantCreate creates a tenant: `amtsweg tenant create --slug th --name
// "Freistaat Thüringen" --host thueringen.localhost [--logo /static/...]
// [--theme action=#005a8c,hued=#e6f0f6] [--imprint FILE] [--privacy FILE]`.
// A running server picks the tenant up on its next start.
func tenantCreate(e env, args []string) int {
	var cfg config.Config
	var t tenant.Tenant
	var hosts, theme, imprint, privacy string
	log, code, ok := parse(e, "tenant create", "amtsweg tenant create --slug SLUG --name NAME --host HOST[,HOST] [flags]",
		args, &cfg, func(fs *flag.FlagSet) {
			config.Register(fs, &cfg)
			fs.StringVar(&t.Slug, "slug", "", "short code in URLs and reference numbers, e.g. th")
			fs.StringVar(&t.Name, "name", "", "name shown in the header, e.g. Freistaat Thüringen")
			fs.StringVar(&hosts, "host", "", "comma-separated host names that select the tenant")
			fs.StringVar(&t.Branding.LogoURL, "logo", "", "logo: a path on this site, e.g. /static/logo.svg")
			fs.StringVar(&theme, "theme", "", "colours: key=#rrggbb,... with keys action, hued, border, text, muted, focus")
			fs.StringVar(&imprint, "imprint", "", "file with the imprint text (paragraphs separated by blank lines)")
			fs.StringVar(&privacy, "privacy", "", "file with the privacy text")
		})
	if !ok {
		return code
	}
	for _, h := range strings.Split(hosts, ",") {
		if h = strings.TrimSpace(h); h != "" {
			t.Hosts = append(t.Hosts, h)
		}
	}
	var err error
	if t.Branding.Theme, err = tenant.ParseTheme(theme); err != nil {
		fmt.Fprintf(e.stderr, "amtsweg tenant create: %v\n", err)
		return 2
	}
	for _, f := range []struct {
		path string
		dst  *string
	}{{imprint, &t.Branding.Imprint}, {privacy, &t.Branding.Privacy}} {
		if f.path == "" {
			continue
		}
		b, err := os.ReadFile(f.path)
		if err != nil {
			fmt.Fprintf(e.stderr, "amtsweg tenant create: %v\n", err)
			return 2
		}
		*f.dst = string(b)
	}
	if err := t.Validate(); err != nil {
		fmt.Fprintf(e.stderr, "amtsweg tenant create: %s\n", describe(err))
		return 2
	}
	db, ok := openFor(e, "tenant create", cfg, log)
	if !ok {
		return 1
	}
	defer db.Close()
	if t, err = tenant.Create(e.ctx, db, "cli", t); err != nil {
		fmt.Fprintf(e.stderr, "amtsweg tenant create: %s\n", describe(err))
		return 1
	}
	fmt.Fprintf(e.stdout, "tenant %d created: %s (%s), hosts %s\n", t.ID, t.Slug, t.Name, strings.Join(t.Hosts, ", "))
	return 0
}

// tenantList prints one line per tenant: id, slug, name, host names.
func tenantList(e env, args []string) int {
	var cfg config.Config
	log, code, ok := parse(e, "tenant list", "amtsweg tenant list [flags]", args, &cfg, nil)
	if !ok {
		return code
	}
	db, ok := openFor(e, "tenant list", cfg, log)
	if !ok {
		return 1
	}
	defer db.Close()
	ts, err := tenant.List(e.ctx, db)
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg tenant list: %v\n", err)
		return 1
	}
	for _, t := range ts {
		fmt.Fprintf(e.stdout, "%d\t%s\t%s\t%s\n", t.ID, t.Slug, t.Name, strings.Join(t.Hosts, " "))
	}
	return 0
}

// describe spells out an error with its field errors, one per field.
func describe(err error) string {
	var fe *fault.Error
	if !errors.As(err, &fe) || len(fe.Fields) == 0 {
		return err.Error()
	}
	parts := []string{fe.Message}
	for _, f := range fe.Fields {
		parts = append(parts, f.Field+": "+f.Text)
	}
	return strings.Join(parts, "; ")
}
