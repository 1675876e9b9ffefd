package demo

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// HistorySpan is how far back the demo history (Fallhistorie) reaches.
const HistorySpan = 12 * 7 * 24 * time.Hour

// historyCases is how many cases each demo procedure gets in Sachsen:
// registrations and vehicles are the bulk of an office's work, the
// specialised procedures are rare. 6,350 in all, most of the first four at
// the city of Dresden's citizen services (unitWeight), so the demo case
// worker's inbox holds well over 2,000 cases.
var historyCases = map[string]int{
	"wohnsitz-anmelden": 2400, "kfz-zulassung": 1600, "gewerbeanmeldung": 1000, "elterngeld": 300,
	"bafoeg-erstantrag": 200, "bussgeld-einspruch": 150, "bewohnerparkausweis": 600,
	"schuldienst-sachsen": 60, "bohranzeige": 40,
}

// unitWeight is how many times the demo staff's first office among a
// procedure's authorities is listed in its load (apply.Volume skews
// towards the first listed): with the others it gets about four in five
// of the procedure's cases — the state capital's office against five
// smaller ones.
const unitWeight = 8

// historyTH is the second tenant's share: Elterngeld at its clearing office.
const historyTH = 300

// historyAuthorities is how many of a procedure's responsible authorities
// get cases (the municipal services have hundreds; the demo's history
// sits with the larger ones, the first named in bigCities).
const historyAuthorities = 6

// bigCities orders a procedure's authorities: these first.
var bigCities = []string{"Dresden", "Leipzig", "Chemnitz", "Zwickau", "Plauen", "Görlitz", "Bautzen", "Freiberg", "Pirna", "Meißen"}

// colleagues are the names of the demo's extra case workers, three per
// authority with cases (the assignees of the history).
var colleagues = []string{"Sabine Krause", "Thomas Lehmann", "Katrin Vogel", "Michael Seidel", "Anja Richter",
	"Frank Hoffmann", "Claudia Schubert", "Jens Weber", "Petra Neumann", "Uwe Hartmann", "Ines Franke", "Ralf Winkler"}

// SeedHistory writes the demo's case history into a seeded demo
// installation (`serve --demo`, unless --demo-history=false); it runs
// after SeedStaff. An installation that is not the demo's is left alone.
func SeedHistory(ctx context.Context, db *store.DB, log *slog.Logger) error {
	sn, err := tenant.BySlug(ctx, db, TenantSlug)
	if fault.Is(err, fault.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	th, err := tenant.BySlug(ctx, db, SecondTenantSlug)
	if fault.Is(err, fault.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return seedHistory(ctx, db, log, sn, th, time.Now().UTC())
}

// seedHistory writes the demo's case history: at least 2,000 cases over
// the last twelve weeks in every status (casework.InsertVolume), each
// procedure's at its responsible authorities with colleagues as
// assignees. It is resumable: a procedure whose cases exist is skipped,
// and each procedure's cases are written in one transaction.
func seedHistory(ctx context.Context, db *store.DB, log *slog.Logger, sn, th tenant.Tenant, now time.Time) error {
	start := time.Now()
	defs, err := procedure.DemoDefinitions()
	if err != nil {
		return err
	}
	auths, err := historyAuthoritiesOf(ctx, db, sn.ID, defs)
	if err != nil {
		return err
	}
	staff, err := newColleagues(ctx, db, sn.ID)
	if err != nil {
		return err
	}
	if _, err := casework.EnsureVolumeClearing(ctx, db, sn.ID); err != nil { // forwards come from it
		return err
	}
	n := 0
	for _, d := range defs {
		count := historyCases[d.ID]
		if count == 0 || len(auths[d.ID]) == 0 {
			continue
		}
		done, err := seedProcedureHistory(ctx, db, staff, historyLoad(sn, d, staff.weighted(auths[d.ID]), count, now))
		if err != nil {
			return fmt.Errorf("demo history %s: %w", d.ID, err)
		}
		n += done
	}
	clearing, err := casework.EnsureVolumeClearing(ctx, db, th.ID)
	if err != nil {
		return err
	}
	for _, d := range defs {
		if d.ID == "elterngeld" {
			done, err := seedProcedureHistory(ctx, db, staff, historyLoad(th, d, []int64{clearing}, historyTH, now))
			if err != nil {
				return fmt.Errorf("demo history %s (%s): %w", d.ID, th.Slug, err)
			}
			n += done
		}
	}
	log.Info("demo: case history seeded", "cases", n, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// historyLoad describes count cases of procedure d at auths.
func historyLoad(t tenant.Tenant, d procedure.Definition, auths []int64, count int, now time.Time) *casework.VolumeLoad {
	var deadline time.Duration
	if d.Deadline != "" {
		if due, err := akte.AddPeriod(now, d.Deadline); err == nil {
			deadline = due.Sub(now)
		}
	}
	return &casework.VolumeLoad{Volume: apply.Volume{TenantID: t.ID, Slug: t.Slug, Count: count, Now: now, Span: HistorySpan,
		Authorities: auths, Procedures: []apply.VolumeProcedure{{ID: d.ID, Version: d.Version, Title: d.Title.DE,
			ServiceKey: firstOf(d.LeiKa), Deadline: deadline, ApprovalFiction: d.ApprovalFiction}}}, OpenFiles: true}
}

func firstOf(keys []string) string {
	if len(keys) == 0 {
		return ""
	}
	return keys[0]
}

// seedProcedureHistory writes one procedure's cases unless they exist,
// with colleagues at each authority; it returns how many it wrote.
func seedProcedureHistory(ctx context.Context, db *store.DB, staff *colleagueSet, l *casework.VolumeLoad) (int, error) {
	exists, err := casework.HasCases(ctx, db, l.TenantID, l.Procedures[0].ID)
	if err != nil || exists {
		return 0, err
	}
	l.Staff = map[int64][]int64{}
	for _, a := range l.Authorities {
		if l.Staff[a] != nil { // listed more than once (weighted)
			continue
		}
		if l.Staff[a], err = staff.at(ctx, l.TenantID, a); err != nil {
			return 0, err
		}
	}
	l.Then = historyMessages(l.TenantID, staff.names, l.Now)
	_, _, err = casework.InsertVolume(ctx, db, l)
	return l.Count, err
}

// historyAuthoritiesOf finds, per demo procedure, the authorities
// responsible for its services in the tenant, the larger cities first.
func historyAuthoritiesOf(ctx context.Context, db *store.DB, tenantID tenant.ID, defs []procedure.Definition) (map[string][]int64, error) {
	all, err := catalog.ListAuthorities(ctx, db, tenantID)
	if err != nil {
		return nil, err
	}
	byID := map[int64]catalog.Authority{}
	for _, a := range all {
		byID[a.ID] = a
	}
	resp, err := catalog.ListResponsibilities(ctx, db, tenantID)
	if err != nil {
		return nil, err
	}
	out := map[string][]int64{}
	for _, d := range defs {
		var ids []int64
		for _, r := range resp {
			if serves(append(slices.Clone(d.LeiKa), d.Services...), r.ServiceKey) && !slices.Contains(ids, r.AuthorityID) {
				ids = append(ids, r.AuthorityID)
			}
		}
		slices.SortStableFunc(ids, func(a, b int64) int { return cityRank(byID[a]) - cityRank(byID[b]) })
		out[d.ID] = ids[:min(len(ids), historyAuthorities)]
	}
	return out, nil
}

// serves reports whether a responsibility for key (a service key or an
// 8-digit LeiKa group) covers one of the procedure's keys.
func serves(keys []string, key string) bool {
	for _, k := range keys {
		if k == key || (len(key) == 8 && strings.HasPrefix(k, key)) {
			return true
		}
	}
	return false
}

func cityRank(a catalog.Authority) int {
	for i, c := range bigCities {
		if strings.Contains(a.Address.City, c) || strings.Contains(a.Name, c) {
			return i
		}
	}
	return len(bigCities)
}

// colleagueSet creates the demo's extra case workers on first use and
// knows the demo case worker's unit (Bürgerservice der Stadt Dresden).
type colleagueSet struct {
	db       *store.DB
	accounts *account.Service
	names    map[int64]string // by account id
	// worker is the Saxon demo case worker's account (0 before SeedStaff
	// ran); unit are the authorities of the demo staff's unit.
	worker int64
	unit   map[int64]bool
}

func newColleagues(ctx context.Context, db *store.DB, sn tenant.ID) (*colleagueSet, error) {
	s, err := account.New(db, account.DefaultConfig(), time.Now)
	if err != nil {
		return nil, err
	}
	c := &colleagueSet{db: db, accounts: s, names: map[int64]string{}, unit: map[int64]bool{}}
	worker := StaffAccounts(TenantSlug)[0]
	for _, key := range append([]string{worker.AuthorityKey}, worker.AlsoAt...) {
		id, err := StaffAuthority(ctx, db, sn, StaffAccount{AuthorityKey: key})
		if err != nil {
			return nil, err
		}
		c.unit[id] = true
	}
	acc, err := account.ByEmail(ctx, db, sn, worker.Email)
	switch {
	case err == nil:
		c.worker, c.names[acc.ID] = acc.ID, acc.Name
	case !fault.Is(err, fault.NotFound):
		return nil, err
	}
	return c, nil
}

// weighted lists auths with the first of the unit's offices among them
// repeated unitWeight times in front: the city gets the bulk.
func (c *colleagueSet) weighted(auths []int64) []int64 {
	for i, a := range auths {
		if c.unit[a] {
			out := slices.Repeat([]int64{a}, unitWeight)
			return append(append(out, auths[:i]...), auths[i+1:]...)
		}
	}
	return auths
}

// at returns the case workers of authority a: three colleagues, or at the
// unit's offices the demo case worker and one colleague, creating the
// missing colleagues (without a password: they are colleagues in the
// history, not logins).
func (c *colleagueSet) at(ctx context.Context, tenantID tenant.ID, a int64) ([]int64, error) {
	var ids []int64
	n := 3
	if c.unit[a] && c.worker != 0 {
		ids, n = []int64{c.worker}, 1
	}
	for k := range n {
		email := fmt.Sprintf("kollegium-%d-%d@demo.amtsweg.example", a, k)
		acc, err := account.ByEmail(ctx, c.db, tenantID, email)
		if fault.Is(err, fault.NotFound) {
			name := colleagues[(int(a)*3+k)%len(colleagues)]
			acc, _, err = c.accounts.CreateStaff(ctx, "system:demo", account.NewStaff{TenantID: tenantID, Email: email,
				Name: name, Roles: []account.StaffRole{{AuthorityID: a, Role: account.RoleCaseWorker}}})
		}
		if err != nil {
			return nil, fmt.Errorf("demo colleague %s: %w", email, err)
		}
		ids = append(ids, acc.ID)
		c.names[acc.ID] = acc.Name
	}
	return ids, nil
}
