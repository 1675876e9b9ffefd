// Package cli implements the amtsweg subcommands. Each command parses its
// flags (every flag also as an AMTSWEG_* variable), calls into the
// capability packages and reports in plain words; exit code 0 means
// success, 1 a failure, 2 a usage error.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"

	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// env is what every command gets.
type env struct {
	ctx      context.Context
	stdout   io.Writer
	stderr   io.Writer
	tenantID tenant.ID // set by commands that take --tenant
}

// command is one subcommand; run returns the exit code.
type command struct {
	summary string
	run     func(e env, args []string) int
}

// commands lists every subcommand. Multi-word commands ("audit verify")
// are keyed with a space.
func commands() map[string]command {
	cmds := map[string]command{
		"serve":        {"run the portal (web, back office, API)", serve},
		"migrate":      {"apply pending database migrations and exit", migrate},
		"version":      {"print the version", version},
		"audit verify": {"check the audit log's hash chain and name every broken row", auditVerify},
		"user create":  {"create a staff account (prints a password set-up link)", userCreate},
	}
	for _, group := range []map[string]command{catalogCommands(), procedureCommands(), caseworkCommands(), archiveCommands(), apiclientCommands(), fitconnectCommands(), fitconnectInboxCommands(), tenantCommands(), jobsCommands(), backupCommands(), keysCommands()} {
		for name, c := range group {
			cmds[name] = c
		}
	}
	return cmds
}

// Version is set at build time with -ldflags "-X ...cli.Version=...".
var Version = "dev"

// Main runs the command named by args and returns the exit code.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	e := env{ctx: ctx, stdout: stdout, stderr: stderr}
	cmds := commands()
	for n := 2; n >= 1; n-- {
		if len(args) >= n {
			if c, ok := cmds[strings.Join(args[:n], " ")]; ok {
				return c.run(e, args[n:])
			}
		}
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		help(stdout, cmds)
		return 0
	}
	fmt.Fprintf(stderr, "amtsweg: unknown command %q\n\n", strings.Join(args, " "))
	help(stderr, cmds)
	return 2
}

func help(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "amtsweg — an open Leistungsportal for public administration")
	fmt.Fprintln(w, "\nusage: amtsweg COMMAND [flags]   (amtsweg COMMAND --help for its flags)")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-22s %s\n", n, cmds[n].summary)
	}
}

// parse sets up a flag set for name with the common flags plus extra,
// parses args and the environment, and builds the logger. ok is false when
// the caller should return code. A command that takes no positional
// argument refuses one: "migrate foo --data X" must not silently drop
// what follows (parseArgs is for commands that take them).
func parse(e env, name, synopsis string, args []string, cfg *config.Config, extra func(*flag.FlagSet)) (log *slog.Logger, code int, ok bool) {
	log, pos, code, ok := parseArgs(e, name, synopsis, args, cfg, extra)
	if ok && len(pos) > 0 {
		fmt.Fprintf(e.stderr, "amtsweg %s: unexpected argument %q (usage: %s)\n", name, pos[0], synopsis)
		return nil, 2, false
	}
	return log, code, ok
}

// parseArgs is parse for commands with positional arguments (FILE,
// REFERENCE): it returns them, taken from before, between or after the
// flags, in their order. This is the one place that does so for every
// command.
func parseArgs(e env, name, synopsis string, args []string, cfg *config.Config, extra func(*flag.FlagSet)) (log *slog.Logger, positional []string, code int, ok bool) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	if extra != nil {
		extra(fs)
	} else {
		config.Register(fs, cfg)
	}
	fs.Usage = config.Usage(fs, synopsis)
	flags, positional := interspersed(fs, args)
	if err := config.Parse(fs, flags); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, nil, 0, false
		}
		fmt.Fprintf(e.stderr, "amtsweg %s: %v\n", name, err)
		return nil, nil, 2, false
	}
	log, err := newLogger(e.stderr, cfg.LogFormat, cfg.LogLevel)
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg %s: %v\n", name, err)
		return nil, nil, 2, false
	}
	return log, positional, 0, true
}

// oneArg is parseArgs for commands that take exactly one positional
// argument, named what ("FILE", "REFERENCE") in the messages.
func oneArg(e env, name, synopsis, what string, args []string, cfg *config.Config, extra func(*flag.FlagSet)) (arg string, log *slog.Logger, code int, ok bool) {
	log, pos, code, ok := parseArgs(e, name, synopsis, args, cfg, extra)
	if !ok {
		return "", nil, code, false
	}
	switch len(pos) {
	case 1:
		return pos[0], log, 0, true
	case 0:
		fmt.Fprintf(e.stderr, "amtsweg %s: need a %s (usage: %s)\n", name, what, synopsis)
	default:
		fmt.Fprintf(e.stderr, "amtsweg %s: one %s only, got %q (usage: %s)\n", name, what, pos, synopsis)
	}
	return "", nil, 2, false
}

func newLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format %q: want text or json", format)
}

// isTerminal reports whether w is a terminal (for progress bars).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func version(e env, _ []string) int {
	fmt.Fprintf(e.stdout, "amtsweg %s\n", Version)
	return 0
}

// openFor opens and migrates the database for command name; a failure
// is printed as "amtsweg NAME: ..." so no command exits silently.
func openFor(e env, name string, cfg config.Config, log *slog.Logger) (*store.DB, bool) {
	db, err := openDB(e.ctx, cfg, log)
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg %s: open database: %v\n", name, err)
		return nil, false
	}
	return db, true
}

// openDB opens and migrates the configured database.
func openDB(ctx context.Context, cfg config.Config, log *slog.Logger) (*store.DB, error) {
	db, err := store.Open(ctx, cfg.Database())
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx, log); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}
