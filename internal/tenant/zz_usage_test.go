package tenant_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

func TestZZUsage(t *testing.T) {
	stmts := collectStatements(t, "..")
	use := map[string]map[string][]string{}
	for _, s := range stmts {
		pkg := strings.SplitN(s.pos, "/internal/", 2)
		_ = pkg
		for _, m := range tableRE.FindAllStringSubmatch(s.sql, -1) {
			tb := strings.ToLower(m[2])
			dir := s.pos[:strings.LastIndex(s.pos, "/")]
			if use[tb] == nil { use[tb] = map[string][]string{} }
			use[tb][dir] = append(use[tb][dir], s.fn)
		}
	}
	var names []string
	for k := range use { names = append(names, k) }
	sort.Strings(names)
	for _, n := range names {
		if len(use[n]) > 1 {
			fmt.Println("TABLE", n)
			for d, fns := range use[n] { fmt.Println("   ", d, len(fns), uniq(fns)) }
		} else {
			for d := range use[n] { fmt.Println("ok", n, d) }
		}
	}
}
func uniq(s []string) []string { m := map[string]bool{}; var o []string; for _, x := range s { if !m[x] { m[x] = true; o = append(o, x) } }; return o }
