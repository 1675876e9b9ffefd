package cli

import (
	"flag"
	"fmt"
	"os"

	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/procedure"
)

// codeLists resolves code lists from the schema's folder, then from the
// --codelists folder (if given).
func codeLists(schemaDir, extra string) procedure.CodeListResolver {
	own := procedure.DirCodeLists(os.DirFS(schemaDir), ".")
	if extra == "" {
		return own
	}
	return procedure.MultiCodeLists(own, procedure.DirCodeLists(os.DirFS(extra), "."))
}

// procedureImportCodeList publishes the next version of a procedure whose
// FIM import lacked code lists, with the lists found in --codelists DIR.
func procedureImportCodeList(e env, args []string) int {
	const name = "procedure import-codelist"
	var cfg config.Config
	var lists string
	id, log, code, ok := oneArg(e, name, "amtsweg procedure import-codelist PROCEDURE --codelists DIR [flags]", "PROCEDURE", args, &cfg, func(fs *flag.FlagSet) {
		config.Register(fs, &cfg)
		fs.StringVar(&lists, "codelists", "", "folder with genericode code lists (required)")
	})
	if !ok {
		return code
	}
	if lists == "" {
		fmt.Fprintf(e.stderr, "amtsweg %s: need --codelists DIR\n", name)
		return 2
	}
	db, ok := openFor(e, name, cfg, log)
	if !ok {
		return 1
	}
	defer db.Close()
	v, rep, err := procedure.ImportCodeLists(e.ctx, db, id, procedure.DirCodeLists(os.DirFS(lists), "."))
	fmt.Fprint(e.stdout, rep.String())
	if err != nil {
		fmt.Fprintf(e.stderr, "amtsweg %s: %v\n", name, err)
		return 1
	}
	fmt.Fprintf(e.stdout, "procedure %s version %d: published\n", v.ProcedureID, v.Version)
	return 0
}
