package procedure

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// CodeListRef identifies a code list (Codeliste) as a FIM schema
// references it.
type CodeListRef struct {
	ID         string `json:"id,omitempty"`          // FIM id, e.g. C05000073 (XDatenfelder 2.0 only)
	URN        string `json:"urn,omitempty"`         // canonicalIdentification
	Version    string `json:"version,omitempty"`     // version of the list
	VersionURN string `json:"version_urn,omitempty"` // canonicalVersionUri
}

// MissingCodeList is the code list a FIM select needs but that was not
// found at import: the field is offered as free text until
// UpgradeCodeLists finds the list. CodeKey and NameKey are the field's
// column choices (XDatenfelder 3.0.0).
type MissingCodeList struct {
	CodeListRef
	CodeKey string `json:"code_key,omitempty"`
	NameKey string `json:"name_key,omitempty"`
}

// MultiCodeLists resolves a code list through each resolver in turn (e.g.
// the schema's directory, then a --codelists folder); a resolver's
// fault.NotFound passes on to the next.
func MultiCodeLists(rs ...CodeListResolver) CodeListResolver { return multiCodeLists(rs) }

type multiCodeLists []CodeListResolver

func (m multiCodeLists) CodeList(ref CodeListRef) ([]byte, error) {
	var errs []string
	for _, r := range m {
		data, err := r.CodeList(ref)
		if err == nil {
			return data, nil
		}
		if !fault.Is(err, fault.NotFound) {
			return nil, err
		}
		errs = append(errs, err.Error())
	}
	return nil, fault.New(fault.NotFound, "%s", strings.Join(errs, "; "))
}

// CodeListResolver returns the genericode document of a referenced code
// list, or a fault.NotFound error.
type CodeListResolver interface {
	CodeList(ref CodeListRef) ([]byte, error)
}

// DirCodeLists resolves code lists from genericode files in dir of fsys
// (the files next to a schema): by canonical version URI, then by URN and
// version, then by a file name starting with the FIM id.
func DirCodeLists(fsys fs.FS, dir string) CodeListResolver {
	return dirCodeLists{fsys: fsys, dir: dir}
}

type dirCodeLists struct {
	fsys fs.FS
	dir  string
}

func (d dirCodeLists) CodeList(ref CodeListRef) ([]byte, error) {
	entries, err := fs.ReadDir(d.fsys, d.dir)
	if err != nil {
		return nil, fmt.Errorf("code lists in %s: %w", d.dir, err)
	}
	var byURN, byID []byte
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".xml") {
			continue
		}
		data, err := fs.ReadFile(d.fsys, path.Join(d.dir, e.Name()))
		if err != nil {
			return nil, err
		}
		gc, err := parseGenericode(data)
		if err != nil {
			continue // the schema itself or another document
		}
		switch {
		case ref.VersionURN != "" && gc.VersionURN == ref.VersionURN:
			return data, nil
		case ref.URN != "" && gc.URN == ref.URN && (ref.Version == "" || gc.Version == ref.Version):
			byURN = data
		case ref.ID != "" && strings.HasPrefix(e.Name(), ref.ID):
			byID = data
		}
	}
	if byURN != nil {
		return byURN, nil
	}
	if byID != nil {
		return byID, nil
	}
	return nil, fault.New(fault.NotFound, "code list %s %s (%s) not found in %s", ref.URN, ref.Version, ref.ID, d.dir)
}

// genericode is a parsed OASIS genericode code list.
type genericode struct {
	URN, Version, VersionURN string
	columns                  []string
	keys                     []string // column ids of the keys, in order
	rows                     []map[string]string
}

// parseGenericode reads a genericode CodeList document.
func parseGenericode(data []byte) (*genericode, error) {
	root, err := parseXML(data)
	if err != nil {
		return nil, err
	}
	if root.name != "CodeList" {
		return nil, fmt.Errorf("element <%s> is not a genericode CodeList", root.name)
	}
	id := root.child("Identification")
	gc := &genericode{URN: id.str("CanonicalUri"), Version: id.str("Version"), VersionURN: id.str("CanonicalVersionUri")}
	cs := root.child("ColumnSet")
	for _, c := range cs.all("Column") {
		gc.columns = append(gc.columns, c.attrs["Id"])
	}
	for _, k := range cs.all("Key") {
		gc.keys = append(gc.keys, k.child("ColumnRef").attrs["Ref"])
	}
	for _, row := range root.child("SimpleCodeList").all("Row") {
		m := map[string]string{}
		for _, v := range row.all("Value") {
			m[v.attrs["ColumnRef"]] = v.str("SimpleValue")
		}
		gc.rows = append(gc.rows, m)
	}
	return gc, nil
}

// options turns the rows into options: the code from codeKey's column (or
// the first key, or the first column), the label from nameKey's column (or
// the second key, or the second column).
func (gc *genericode) options(codeKey, nameKey string) []Option {
	codeCol := pick(codeKey, gc.keys, gc.columns, 0)
	nameCol := pick(nameKey, gc.keys, gc.columns, 1)
	var out []Option
	seen := map[string]bool{}
	for _, r := range gc.rows {
		v, label := r[codeCol], r[nameCol]
		if label == "" {
			label = v
		}
		if v == "" || seen[v] {
			continue
		}
		seen[v] = true
		out = append(out, Option{Value: v, Label: Text{DE: label}})
	}
	return out
}

// pick chooses a column: the explicit one if it exists, else the i-th key,
// else the i-th column.
func pick(explicit string, keys, columns []string, i int) string {
	for _, c := range columns {
		if explicit != "" && c == explicit {
			return c
		}
	}
	if i < len(keys) && keys[i] != "" {
		return keys[i]
	}
	if i < len(columns) {
		return columns[i]
	}
	if len(columns) > 0 {
		return columns[0]
	}
	return ""
}

// sortedKeys returns the keys of m in order, for a stable report.
func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
