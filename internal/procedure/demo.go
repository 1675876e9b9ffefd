package procedure

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"

	"github.com/amtsweg/amtsweg/internal/refdata"
	"github.com/amtsweg/amtsweg/internal/store"
)

//go:embed demo/*.yaml
var demoFiles embed.FS

// DemoDefinitions returns the demo procedures: the authored YAML files and
// the Bewohnerparkausweis imported from the real FIM schema S05000058.
func DemoDefinitions() ([]Definition, error) {
	names, err := fs.Glob(demoFiles, "demo/*.yaml")
	if err != nil {
		return nil, err
	}
	var out []Definition
	for _, name := range names {
		data, err := demoFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		p, err := Load(data, name)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Def)
	}
	bp, err := DemoBewohnerparken()
	if err != nil {
		return nil, err
	}
	return append(out, bp), nil
}

// DemoBewohnerparken imports the real FIM schema "Bewohnerparkausweis"
// (S05000058, refdata/fim/examples/bewohnerparken) as the demo procedure
// "bewohnerparkausweis".
func DemoBewohnerparken() (Definition, error) {
	dir := "fim/examples/bewohnerparken"
	data, err := fs.ReadFile(refdata.FIM, path.Join(dir, "S05000058V1.0_xdf2.xml"))
	if err != nil {
		return Definition{}, err
	}
	def, _, err := ImportFIM(data, DirCodeLists(refdata.FIM, dir))
	if err != nil {
		return Definition{}, err
	}
	def.ID, def.Version = "bewohnerparkausweis", 1
	def.Title.EN = "Apply for or renew a residents' parking permit"
	// Since 2020 each state or municipality sets the fee (StVG § 6a Abs. 5a);
	// the range is too wide for an amount.
	def.Fees = Fees{Text: Text{
		DE: "Die Gebühr legt die Kommune fest; sie reicht je nach Kommune von etwa 30 Euro bis zu mehreren hundert Euro im Jahr.",
		EN: "The fee is set by the municipality and ranges from about 30 euros to several hundred euros a year, depending on the municipality."}}
	return def, nil
}

// SeedDemo publishes every demo procedure; publishing them again changes
// nothing.
func SeedDemo(ctx context.Context, db *store.DB) error {
	defs, err := DemoDefinitions()
	if err != nil {
		return fmt.Errorf("demo procedures: %w", err)
	}
	var errs []error
	for _, d := range defs {
		if _, err := publish(ctx, db, d); err != nil {
			errs = append(errs, fmt.Errorf("demo procedure %s: %w", d.ID, err))
		}
	}
	return errors.Join(errs...)
}
