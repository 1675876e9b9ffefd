package procedure

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// UpgradeCodeLists turns the fields that an import offered as free text
// because their code list was missing (Field.MissingCodeList) into
// selects over the list, where codes now finds it. The result is the next
// version of the definition; the report names every field upgraded and
// every list still missing. It is a fault.NotFound error when no field
// could be upgraded.
func UpgradeCodeLists(def Definition, codes CodeListResolver) (Definition, Report, error) {
	out := cloneDefinition(def)
	rep := Report{Schema: fmt.Sprintf("%s version %d", def.ID, def.Version)}
	upgraded := 0
	for p := range out.Pages {
		upgraded += upgradeFields(&out, out.Pages[p].Fields, out.Pages[p].ID+"/", codes, &rep)
	}
	if upgraded == 0 {
		return def, rep, fault.New(fault.NotFound, "procedure %s version %d: no field's missing code list was found", def.ID, def.Version)
	}
	out.Version = def.Version + 1
	if _, err := Compile(out, rep.Schema); err != nil {
		return def, rep, fault.Wrap(err, fault.Invalid, "procedure %s: the upgraded definition does not load: %v", def.ID, err)
	}
	return out, rep, nil
}

// upgradeFields upgrades the fields below one page or group and returns
// how many it upgraded.
func upgradeFields(def *Definition, fields []Field, path string, codes CodeListResolver, rep *Report) int {
	n := 0
	for i := range fields {
		f := &fields[i]
		n += upgradeFields(def, f.Fields, path+f.ID+".", codes, rep)
		m := f.MissingCodeList
		if m == nil {
			continue
		}
		where := path + f.ID
		data, err := codes.CodeList(m.CodeListRef)
		var gc *genericode
		if err == nil {
			gc, err = parseGenericode(data)
		}
		var opts []Option
		if err == nil {
			if opts = gc.options(m.CodeKey, m.NameKey); len(opts) == 0 {
				err = fmt.Errorf("the code list has no rows")
			}
		}
		if err != nil {
			rep.Warnings = append(rep.Warnings, ReportEntry{Path: where, Target: string(f.Type), Reason: "code list still missing: " + err.Error()})
			continue
		}
		id := addCodeList(def, firstNonEmpty(m.ID, m.URN), CodeList{URN: firstNonEmpty(gc.URN, m.URN), Version: firstNonEmpty(gc.Version, m.Version), Options: opts})
		f.Type, f.CodeList, f.MissingCodeList = SingleChoice, id, nil
		f.MinLength, f.MaxLength, f.Pattern, f.Min, f.Max = 0, 0, "", nil, nil
		rep.Mapped = append(rep.Mapped, ReportEntry{Path: where, Target: "single_choice, code list " + id, Reason: fmt.Sprintf("%d options", len(opts))})
		n++
	}
	return n
}

// addCodeList stores a code list under a fresh id made from name.
func addCodeList(def *Definition, name string, cl CodeList) string {
	if def.CodeLists == nil {
		def.CodeLists = map[string]CodeList{}
	}
	base := slugField(name)
	id := base
	for i := 2; def.CodeLists[id].Options != nil; i++ {
		id = fmt.Sprintf("%s_%d", base, i)
	}
	def.CodeLists[id] = cl
	return id
}

// cloneDefinition copies a definition deeply (through JSON, which is its
// published form).
func cloneDefinition(def Definition) Definition {
	data, _ := json.Marshal(def)
	var out Definition
	_ = json.Unmarshal(data, &out)
	return out
}

// ImportCodeLists publishes the next version of the nationwide procedure
// id with the code lists codes now finds (UpgradeCodeLists on its latest
// version).
func ImportCodeLists(ctx context.Context, db *store.DB, id string, codes CodeListResolver) (Version, Report, error) {
	latest, err := Latest(ctx, db, id)
	if err != nil {
		return Version{}, Report{}, err
	}
	def, rep, err := UpgradeCodeLists(latest.Definition, codes)
	if err != nil {
		return Version{}, rep, err
	}
	v, err := publish(ctx, db, def)
	return v, rep, err
}
