package casework_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/casework/caseworktest"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// The volume benchmark (docs/benchmarks.md, "Volume"): a tenant with 40
// authorities of skewed size (the largest gets about 16% of the cases), 9
// procedures and 5 case workers per authority is seeded set-based with
// AMTSWEG_BENCH_CASES cases over three years (casework.InsertVolume); then
// every measured operation runs AMTSWEG_BENCH_RUNS times (default 100) as
// the head of unit or a case worker of the largest authority, and its p50
// and p95 are reported with the EXPLAIN plans of its statements.
//
//	AMTSWEG_BENCH_CASES=200000 go test -run '^$' -bench Volume/sqlite -benchtime 1x -timeout 1h ./internal/casework/
//	AMTSWEG_BENCH_CASES=1000000 AMTSWEG_TEST_POSTGRES_URL=… go test -run '^$' -bench Volume/postgres -benchtime 1x -timeout 1h ./internal/casework/
func BenchmarkVolume(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("AMTSWEG_BENCH_CASES"))
	if n <= 0 {
		b.Skip("set AMTSWEG_BENCH_CASES (e.g. 200000 on SQLite, 1000000 on PostgreSQL)")
	}
	runs, _ := strconv.Atoi(os.Getenv("AMTSWEG_BENCH_RUNS"))
	if runs <= 0 {
		runs = 100
	}
	if dsn := os.Getenv("AMTSWEG_BENCH_DSN"); dsn != "" {
		db, err := store.Open(context.Background(), dsn)
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		b.Run(db.Dialect.String(), func(b *testing.B) { benchVolume(b, reuseVolume(b, db), runs) })
		return
	}
	for _, d := range storetest.Dialects() {
		b.Run(d.String(), func(b *testing.B) {
			benchVolume(b, seedVolume(b, storetest.Open(b, d), n, 3*365*24*time.Hour), runs)
		})
	}
}

func benchVolume(b *testing.B, v *volume, runs int) {
	for b.Loop() {
	}
	for _, op := range v.ops() {
		p50, p95 := v.measure(b, op, runs)
		b.Logf("| %s | %s | %.1f | %.1f |", v.db.Dialect, op.name, ms(p50), ms(p95))
	}
	v.explainAll(b)
}

// reuseVolume picks up a database a previous run seeded and left behind
// (AMTSWEG_BENCH_DSN; e.g. a PostgreSQL schema of a run stopped with
// SIGKILL, so its cleanup did not drop it): seeding a million cases takes
// minutes, a re-measurement after an index change need not repeat it.
func reuseVolume(t testing.TB, db *store.DB) *volume {
	ctx := context.Background()
	if err := db.Migrate(ctx, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	w := caseworktest.New(t, db, caseworktest.Config{})
	v := &volume{w: w, db: db}
	var head, worker int64
	err := db.QueryRowContext(ctx, `SELECT t.id, (SELECT id FROM account WHERE tenant_id = t.id AND name = 'Leitung 0'),
		(SELECT id FROM account WHERE tenant_id = t.id AND name = 'Sachbearbeitung 0-0') FROM tenant t WHERE t.slug = 'sn'`).
		Scan(&v.tenant, &head, &worker)
	if err != nil {
		t.Fatal(err)
	}
	if v.head, err = casework.LoadStaff(ctx, db, v.tenant, head); err == nil {
		v.worker, err = casework.LoadStaff(ctx, db, v.tenant, worker)
	}
	if err != nil {
		t.Fatal(err)
	}
	v.pickSample(t)
	return v
}

// TestVolumeSmall runs the benchmark's seeding and every measured
// operation on a small load in the normal suite, so neither rots, and
// checks that the load has what the demo and the benchmark promise: every
// status, overdue and soon-due cases, open and overdue requests, and a
// folded name search.
func TestVolumeSmall(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		v := seedVolume(t, db, 3000, 12*7*24*time.Hour)
		all, err := v.w.Cases.Inbox(context.Background(), v.head, casework.Filter{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range casework.Statuses() {
			if all.Counts[st] == 0 {
				t.Errorf("no %s case among %d: %v", st, all.Total, all.Counts)
			}
		}
		for name, f := range map[string]casework.Filter{"overdue": {Signal: casework.SignalOverdue}, "due soon": {Signal: casework.SignalDueSoon},
			"search Krüger": {Search: "krueger"}, "search KRÜGER": {Search: "KRÜGER"}} {
			p, err := v.w.Cases.Inbox(context.Background(), v.head, f)
			if err != nil || len(p.Cases) == 0 {
				t.Errorf("%s: %d cases, %v", name, len(p.Cases), err)
			}
		}
		for _, op := range v.ops() {
			if err := op.run(context.Background()); err != nil {
				t.Fatalf("%s: %v", op.name, err)
			}
		}
		// A case worker's first page walks the receipt index and stops
		// after the page; SQLite used to collect the worker's cases from
		// both assignee ranges of case_record_mine and sort them (62 / 176
		// ms at 200,000 cases; docs/benchmarks.md, "Volume"). PostgreSQL
		// rightly sorts a table this small.
		if db.Dialect != store.SQLite {
			return
		}
		q, args, err := v.w.Cases.InboxSQL(v.worker, casework.Filter{Sort: casework.SortReceived, Desc: true})
		if err != nil {
			t.Fatal(err)
		}
		plan := explain(t, db, q, args)
		t.Logf("case worker's first page (%s):\n%s", db.Dialect, plan)
		checkIndexPlan(t, db.Dialect, plan)
	})
}

// TestVolumeSearch: a whole reference number finds exactly its case in
// any case of letters (through the unique index), also past 999,999 where
// numbers get a seventh digit; a part of a number is still a substring
// search; another tenant's reference finds nothing.
func TestVolumeSearch(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		v := seedVolume(t, db, 200, 12*7*24*time.Hour)
		if _, err := db.ExecContext(ctx, `UPDATE application_reference_counter SET last = 999990 WHERE tenant_id = $1`, v.tenant); err != nil {
			t.Fatal(err)
		}
		more := *v.load
		more.Count = 20
		if _, _, err := casework.InsertVolume(ctx, db, &more); err != nil {
			t.Fatal(err)
		}
		year := strconv.Itoa(time.Now().UTC().Year())
		other := v.w.Staff(t, must(tenant.Create(ctx, db, "test", tenant.Tenant{Slug: "th", Name: "Thüringen"}))(t).ID, "Fremd",
			account.StaffRole{AuthorityID: v.load.Authorities[0], Role: account.RoleHeadOfUnit})
		all := casework.Filter{Limit: 500}
		total := func(who casework.Staff, q string) []string {
			t.Helper()
			p, err := v.w.Cases.Inbox(ctx, who, casework.Filter{Search: q, Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			var refs []string
			for _, c := range p.Cases {
				refs = append(refs, c.Reference)
			}
			return refs
		}
		everything, err := v.w.Cases.Inbox(ctx, v.head, all)
		if err != nil || everything.Total < 20 {
			t.Fatalf("head sees %d cases, %v", everything.Total, err)
		}
		picked := map[int]string{} // by length of the number
		for _, c := range everything.Cases {
			if n := len(c.Reference) - len("SN-"+year+"-"); picked[n] == "" {
				picked[n] = c.Reference
			}
		}
		if picked[6] == "" || picked[7] == "" {
			t.Fatalf("the head of unit sees no 6- and 7-digit references: %v", picked)
		}
		for _, ref := range []string{picked[6], picked[7]} {
			if got := total(v.head, strings.ToLower(ref)); len(got) != 1 || got[0] != ref {
				t.Errorf("search %s: %v", strings.ToLower(ref), got)
			}
		}
		if got := total(v.head, "-10000"); len(got) == 0 {
			t.Error("a part of a 7-digit number finds nothing")
		}
		if got := total(v.head, everything.Cases[0].Reference[3:]); len(got) == 0 {
			t.Error("a part of a reference finds nothing")
		}
		if got := total(other, everything.Cases[0].Reference); len(got) != 0 {
			t.Errorf("another tenant's staff finds %v", got)
		}
	})
}

// volume is a seeded load and the principals that measure it.
type volume struct {
	w      *caseworktest.World
	db     *store.DB
	tenant tenant.ID
	head   casework.Staff // head of unit of the largest authority
	worker casework.Staff // one of its case workers
	sample []string       // references of cases of the largest authority
	load   *casework.VolumeLoad
}

func seedVolume(t testing.TB, db *store.DB, n int, span time.Duration) *volume {
	ctx := context.Background()
	w := caseworktest.New(t, db, caseworktest.Config{})
	tn, _ := w.Tenant(t, tenant.Tenant{Slug: "sn", Name: "Freistaat Sachsen"})
	load := &casework.VolumeLoad{Volume: apply.Volume{TenantID: tn, Slug: "sn", Count: n, Now: time.Now().UTC(), Span: span},
		Staff: map[int64][]int64{}}
	for k, dl := range []string{"P2W", "P1M", "P6W", "P2M", "P3M", "P2W", "P1M", "P3M", "P6W"} {
		id := fmt.Sprintf("verfahren-%d", k)
		caseworktest.ImportProcedure(t, db, caseworktest.Procedure{ID: id, TitleDE: "Verfahren " + strconv.Itoa(k),
			TitleEN: "Procedure", Deadline: dl})
		d := map[string]time.Duration{"P2W": 14, "P1M": 30, "P6W": 42, "P2M": 61, "P3M": 92}[dl] * 24 * time.Hour
		load.Procedures = append(load.Procedures, apply.VolumeProcedure{ID: id, Version: 1, Title: "Verfahren " + strconv.Itoa(k),
			Deadline: d, ApprovalFiction: k%3 == 0})
	}
	v := &volume{w: w, db: db, tenant: tn, load: load}
	for a := range 40 {
		id := benchAuthority(t, db, tn, a)
		load.Authorities = append(load.Authorities, id)
		for k := range 5 {
			s := w.Staff(t, tn, fmt.Sprintf("Sachbearbeitung %d-%d", a, k), account.StaffRole{AuthorityID: id, Role: account.RoleCaseWorker})
			load.Staff[id] = append(load.Staff[id], s.AccountID)
			if a == 0 && k == 0 {
				v.worker = s
			}
		}
		if a == 0 {
			v.head = w.Staff(t, tn, "Leitung 0", account.StaffRole{AuthorityID: id, Role: account.RoleHeadOfUnit})
		}
	}
	start := time.Now()
	if _, _, err := casework.InsertVolume(ctx, db, load); err != nil {
		t.Fatal(err)
	}
	seeded := time.Since(start)
	// A settled table, as autovacuum leaves it: statistics, and on
	// PostgreSQL the visibility map the index-only scans need.
	settle := "ANALYZE"
	if db.Dialect == store.Postgres {
		settle = "VACUUM (ANALYZE)"
	}
	if _, err := db.ExecContext(ctx, settle); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: seeded %d cases in %s (ANALYZE %s)", db.Dialect, n, seeded.Round(time.Millisecond),
		(time.Since(start) - seeded).Round(time.Millisecond))
	v.pickSample(t)
	return v
}

// pickSample takes every 25th of the head of unit's first 500 cases by
// reference and opens their files, for the case page.
func (v *volume) pickSample(t testing.TB) {
	ctx := context.Background()
	p, err := v.w.Cases.Inbox(ctx, v.head, casework.Filter{Limit: 500, Sort: casework.SortReference})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(p.Cases); i += 25 {
		v.sample = append(v.sample, p.Cases[i].Reference)
	}
	if err := casework.OpenVolumeFiles(ctx, v.db, v.tenant, v.sample); err != nil {
		t.Fatal(err)
	}
}

func benchAuthority(t testing.TB, db *store.DB, tn tenant.ID, k int) int64 {
	var id int64
	err := db.Writer().QueryRowContext(context.Background(), `INSERT INTO authority (tenant_id, authority_key, name, kind,
		street, postcode, city, email, updated_at) VALUES ($1, $2, $3, 'Landratsamt', 'Brauhausstraße 21', '01662', 'Meißen',
		'post@example.de', $4) RETURNING id`, tn, fmt.Sprintf("lra-%d", k), fmt.Sprintf("Landratsamt %d", k),
		time.Now().UTC()).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// op is one measured operation.
type op struct {
	name string
	run  func(ctx context.Context) error
	// filter is the inbox filter and staff of an inbox operation, for
	// its plans; nil staff for the case page.
	staff  *casework.Staff
	filter casework.Filter
}

func (v *volume) ops() []op {
	ctx := context.Background()
	first := casework.Filter{Sort: casework.SortReceived, Desc: true}
	filtered := casework.Filter{Status: []casework.Status{casework.InReview}, ProcedureID: "verfahren-1",
		Assigned: casework.AssignedMe, Sort: casework.SortReceived, Desc: true}
	total, _ := v.w.Cases.Inbox(ctx, v.head, casework.Filter{Limit: 1})
	deep := first
	deep.After = v.cursorAt(ctx, first, min(999*50, total.Total/2)) // page 1,000, or the middle of a smaller inbox
	byRef := first
	byRef.Search = v.sample[len(v.sample)/2]
	byName := first
	byName.Search = "Krüger"
	inbox := func(name string, s *casework.Staff, f casework.Filter) op {
		return op{name: name, staff: s, filter: f, run: func(ctx context.Context) error {
			_, err := v.w.Cases.Inbox(ctx, *s, f)
			return err
		}}
	}
	i := 0
	return []op{
		inbox("inbox, first page (head of unit)", &v.head, first),
		inbox("inbox, first page (case worker)", &v.worker, first),
		inbox("inbox, status+procedure+assignee", &v.worker, filtered),
		inbox("inbox, deep page (keyset cursor near row 50,000)", &v.head, deep),
		inbox("search by reference", &v.head, byRef),
		inbox("search by applicant name", &v.head, byName),
		{name: "case page", run: func(ctx context.Context) error {
			i++
			return v.casePage(ctx, v.sample[i%len(v.sample)])
		}},
	}
}

// cursorAt walks the head of unit's inbox in f's order, 500 cases a
// page, to about row n and returns the cursor after it.
func (v *volume) cursorAt(ctx context.Context, f casework.Filter, n int) string {
	f.Limit = casework.MaxPage
	for seen := 0; seen+f.Limit <= n; seen += f.Limit {
		p, err := v.w.Cases.Inbox(ctx, v.head, f)
		if err != nil || p.Next == "" {
			break
		}
		f.After = p.Next
	}
	return f.After
}

// casePage loads what the back office's case handler loads.
func (v *volume) casePage(ctx context.Context, ref string) error {
	c, err := v.w.Cases.View(ctx, v.head, ref)
	if err != nil {
		return err
	}
	steps := []func() error{
		func() error { _, err := v.w.Cases.Submission(ctx, v.head, c.ID); return err },
		func() error { _, err := v.w.Cases.Documents(ctx, v.head, c.ID); return err },
		func() error { _, err := v.w.Cases.File(ctx, c); return err },
		func() error { _, err := v.w.Cases.Events(ctx, v.head, c.ID); return err },
		func() error { _, err := v.w.Cases.Notes(ctx, v.head, c.ID); return err },
		func() error { _, err := v.w.Mailbox.ForCase(ctx, v.head, c.ID); return err },
		func() error { _, err := v.w.Cases.Requests(ctx, v.head, c.ID); return err },
		func() error { _, err := v.w.Cases.Notices(ctx, v.head, c.ID); return err },
		func() error { _, err := v.w.Cases.Assignees(ctx, v.head, c.ID); return err },
	}
	for _, s := range steps {
		if err := s(); err != nil {
			return err
		}
	}
	return nil
}

// measure runs op runs times after two warm-up runs and returns p50, p95.
func (v *volume) measure(t testing.TB, o op, runs int) (p50, p95 time.Duration) {
	ctx := context.Background()
	var ds []time.Duration
	for i := range runs + 2 {
		start := time.Now()
		if err := o.run(ctx); err != nil {
			t.Fatalf("%s: %v", o.name, err)
		}
		if i >= 2 {
			ds = append(ds, time.Since(start))
		}
	}
	slices.Sort(ds)
	return ds[len(ds)/2], ds[(len(ds)*95+99)/100-1]
}

// explainAll logs the plans of every measured statement.
func (v *volume) explainAll(t testing.TB) {
	for _, o := range v.ops() {
		if o.staff == nil {
			continue
		}
		sqls, args := casework.InboxQueries(v.w.Cases, *o.staff, o.filter)
		for i := range sqls {
			v.explain(t, o.name, sqls[i], args[i])
		}
	}
	c, err := v.w.Cases.ByReference(context.Background(), v.head, v.sample[0])
	if err != nil {
		t.Fatal(err)
	}
	sqls, args := casework.CaseQueries(int64(v.tenant), c.Reference, c.ID)
	for i := range sqls {
		v.explain(t, "case page", sqls[i], args[i])
	}
}

func (v *volume) explain(t testing.TB, name, sql string, args []any) {
	prefix := "EXPLAIN QUERY PLAN "
	if v.db.Dialect == store.Postgres {
		prefix = "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) "
	}
	rows, err := v.db.QueryContext(context.Background(), prefix+sql, args...)
	if err != nil {
		t.Fatalf("explain %s: %v", name, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(&b, vals[len(vals)-1]) // SQLite: id, parent, notused, detail
	}
	t.Logf("plan %s (%s):\n%s\n%s", name, v.db.Dialect, oneLineSQL(sql), b.String())
}

func oneLineSQL(s string) string { return strings.Join(strings.Fields(s), " ") }
