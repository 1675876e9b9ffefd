package roundtrip_test

import (
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/amtsweg/amtsweg/internal/procedure/proceduretest"
	"github.com/amtsweg/amtsweg/internal/store"
)

// report collects the disagreements of a run.
type report struct {
	mu   sync.Mutex
	apps int
	all  []proceduretest.Disagreement
}

func (r *report) add(a *proceduretest.Application, list []proceduretest.Disagreement) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if a != nil {
		r.apps++
	}
	r.all = append(r.all, list...)
}

// class groups disagreements of one kind: representation, field type and
// what went wrong (numbers and quoted values left out).
func class(d proceduretest.Disagreement) string {
	what := d.Got
	switch {
	case strings.HasPrefix(what, "no row"), what == "missing", what == "not in the text", what == "not in the message":
	case d.Type != "":
		what = "wrong value"
	default:
		what = digits.ReplaceAllString(quoted.ReplaceAllString(what, `"…"`), "N")
		if len(what) > 160 {
			what = what[:160] + "…"
		}
	}
	where := string(d.Type)
	if where == "" {
		where = digits.ReplaceAllString(d.Path, "N")
	}
	return fmt.Sprintf("%-11s | %-15s | %s", d.Rep, where, what)
}

var (
	digits = regexp.MustCompile(`[0-9]+`)
	quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)
)

// fail reports the run: per class of disagreement its count, the
// procedures it hit and up to three examples with the seed to replay
// them; every disagreement goes to AMTSWEG_ROUNDTRIP_REPORT when set.
func (r *report) fail(t *testing.T, d store.Dialect, set settings) {
	if len(r.all) == 0 {
		return
	}
	byClass := map[string][]proceduretest.Disagreement{}
	for _, x := range r.all {
		byClass[class(x)] = append(byClass[class(x)], x)
	}
	keys := make([]string, 0, len(byClass))
	for k := range byClass {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "%d disagreements in %d classes over %d applications on %s; replay with AMTSWEG_ROUNDTRIP_SEED=%d AMTSWEG_ROUNDTRIP_N=%d\n",
		len(r.all), len(keys), r.apps, d, set.seed, set.n)
	for _, k := range keys {
		list := byClass[k]
		procs := map[string]bool{}
		for _, x := range list {
			if x.App != nil {
				procs[x.App.Procedure] = true
			}
		}
		names := make([]string, 0, len(procs))
		for p := range procs {
			names = append(names, p)
		}
		sort.Strings(names)
		fmt.Fprintf(&b, "\n[%d×] %s  (in %s)\n", len(list), k, strings.Join(names, ", "))
		for _, x := range list[:min(3, len(list))] {
			fmt.Fprintf(&b, "    %s\n", x)
		}
	}
	if set.report != "" {
		var full strings.Builder
		for _, x := range r.all {
			fmt.Fprintln(&full, x)
		}
		if err := os.WriteFile(set.report+"."+d.String(), []byte(full.String()), 0o644); err != nil {
			t.Log(err)
		}
	}
	t.Error(b.String())
}
