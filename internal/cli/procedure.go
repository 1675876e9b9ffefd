package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/procedure"
)

// procedureCommands are the procedure subcommands, merged into commands().
func procedureCommands() map[string]command {
	return map[string]command{
		"procedure import":          {"publish a procedure definition (YAML or JSON) as a new version", procedureImport},
		"procedure import-fim":      {"turn a FIM XDatenfelder 2.0/3.0 Stammdatenschema into a procedure and publish it (code lists from its folder and --codelists DIR)", procedureImportFIM},
		"procedure import-codelist": {"publish the next version of a FIM procedure with the code lists found in --codelists DIR", procedureImportCodeList},
	}
}

// fileArg parses "FILE [flags]" or "[flags] FILE" for a command.
func fileArg(e env, name string, args []string, cfg *config.Config) (file string, log *slog.Logger, code int, ok bool) {
	return oneArg(e, name, "amtsweg "+name+" FILE [flags]", "FILE", args, cfg, nil)
}

func procedureImport(e env, args []string) int {
	var cfg config.Config
	file, log, code, ok := fileArg(e, "procedure import", args, &cfg)
	if !ok {
		return code
	}
	data, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg procedure import: %v\n", err)
		return 1
	}
	return publish(e, cfg, log, data, file)
}

func procedureImportFIM(e env, args []string) int {
	var cfg config.Config
	var lists string
	file, log, code, ok := oneArg(e, "procedure import-fim", "amtsweg procedure import-fim FILE [--codelists DIR] [flags]", "FILE", args, &cfg, func(fs *flag.FlagSet) {
		config.Register(fs, &cfg)
		fs.StringVar(&lists, "codelists", "", "folder with genericode code lists, searched after the schema's own folder")
	})
	if !ok {
		return code
	}
	data, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg procedure import-fim: %v\n", err)
		return 1
	}
	def, rep, err := procedure.ImportFIM(data, codeLists(filepath.Dir(file), lists))
	fmt.Fprintln(e.stdout, rep.String())
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg procedure import-fim: %v\n", err)
		return 1
	}
	js, err := json.Marshal(def)
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg procedure import-fim: %v\n", err)
		return 1
	}
	return publish(e, cfg, log, js, file)
}

// publish stores a definition as a new procedure version and says what
// happened.
func publish(e env, cfg config.Config, log *slog.Logger, data []byte, file string) int {
	db, ok := openFor(e, "procedure import", cfg, log)
	if !ok {
		return 1
	}
	defer db.Close()
	v, err := procedure.Import(e.ctx, db, data, file)
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg procedure: %s: %v\n", file, err)
		return 1
	}
	state := "published"
	if v.Unchanged {
		state = "unchanged (identical to the published version)"
	}
	fmt.Fprintf(e.stdout, "procedure %s version %d: %s\n", v.ProcedureID, v.Version, state)
	return 0
}
