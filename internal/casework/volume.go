package casework

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// VolumeLoad is a synthetic case load (Fallaufkommen) for the demo
// history and the volume benchmark: the applications (apply.Volume) and,
// from the same rows, their cases with a realistic spread of statuses by
// age, assignees among Staff, deadlines from the procedures, workflow
// events and document requests (open ones for waiting cases, some of them
// overdue; answered ones for part of the decided cases).
//
// It is written set-based — one INSERT … SELECT per table — because a
// million cases through the submission and workflow APIs would take hours.
// What it leaves out against the real code: audit entries, domain events
// (outbox), receipts, files (Akte) and notices; the demo history adds
// those for the cases it works through the APIs.
type VolumeLoad struct {
	apply.Volume
	// Staff are the case workers per authority (assignees); an authority
	// without staff gets unassigned cases only. An authority may be listed
	// more than once in Authorities to weight its share.
	Staff map[int64][]int64
	// OpenFiles opens every case's file (Akte) in the same transaction, as
	// routing does (the demo history; the benchmark opens its samples'
	// with OpenVolumeFiles).
	OpenFiles bool
	// Then runs in the load's transaction after the cases are written,
	// with them (the demo history adds its mailbox messages there, so a
	// crash leaves a procedure's history whole or absent).
	Then func(ctx context.Context, tx *store.Tx, cases []VolumeCase) error
}

// VolumeCase is what a bulk load's Then learns of each case.
type VolumeCase struct {
	ID, ApplicationID int64
	Reference         string
	Status            Status
	AssigneeID        int64 // 0 for none
	ApplicantName     string
	ReceivedAt        time.Time
	UpdatedAt         time.Time
}

// InsertVolume writes l in one transaction and returns the application id
// range (first, last). Statuses by age (permille of the span): the newest
// 6% are mostly received; older cases are increasingly decided, closed
// or withdrawn.
func InsertVolume(ctx context.Context, db *store.DB, l *VolumeLoad) (first, last int64, err error) {
	if l.Fold == nil {
		l.Fold = fold
	}
	err = db.Tx(ctx, func(tx *store.Tx) error {
		if err := apply.InsertVolume(ctx, tx, &l.Volume); err != nil {
			return err
		}
		d := tx.Dialect()
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_record (tenant_id, application_id, reference, procedure_id,
			procedure_version, procedure_title, authority_id, clearing, status, outcome, assignee_id, applicant_name,
			applicant_folded, received_at, deadline_at, approval_fiction, decided_at, closed_at, updated_at, warn_at) `+
			l.cases(d)); err != nil {
			return fmt.Errorf("casework: insert volume cases: %w", err)
		}
		first, last = l.FirstID, l.FirstID+int64(l.Count)-1
		if err := l.insertSteps(ctx, tx, first, last); err != nil {
			return err
		}
		if l.OpenFiles {
			if err := openVolumeFiles(ctx, tx, l.TenantID, first, last); err != nil {
				return err
			}
		}
		if l.Then == nil {
			return nil
		}
		cases, err := volumeCases(ctx, tx, l.TenantID, first, last)
		if err != nil {
			return err
		}
		return l.Then(ctx, tx, cases)
	})
	return first, last, err
}

// cases is the SELECT of the case rows.
func (l *VolumeLoad) cases(d store.Dialect) string {
	t := func(s string) string { return apply.VolumeTime(d, s) }
	now := strconv.FormatInt(l.Now.Unix(), 10)
	capNow := func(s string) string { return "CASE WHEN " + s + " < " + now + " THEN " + s + " ELSE " + now + " END" }
	decided := capNow("y.received_s + (3 + y.h % 20) * 86400")
	closed := capNow("y.received_s + (10 + y.h % 20) * 86400")
	fiction := "y.fiction = 1"
	return l.Rows(d) + `, y AS (SELECT x.*, CASE
			WHEN x.age < 60 THEN (CASE WHEN x.h % 100 < 55 THEN 'received' WHEN x.h % 100 < 85 THEN 'in_review' ELSE 'waiting' END)
			WHEN x.age < 250 THEN (CASE WHEN x.h % 100 < 8 THEN 'received' WHEN x.h % 100 < 40 THEN 'in_review'
				WHEN x.h % 100 < 60 THEN 'waiting' WHEN x.h % 100 < 94 THEN 'decided' ELSE 'withdrawn' END)
			ELSE (CASE WHEN x.h % 100 < 2 THEN 'in_review' WHEN x.h % 100 < 5 THEN 'waiting' WHEN x.h % 100 < 40 THEN 'decided'
				WHEN x.h % 100 < 97 THEN 'closed' ELSE 'withdrawn' END) END AS status FROM x), ` + l.staffTables() + `
		SELECT ` + strconv.FormatInt(int64(l.TenantID), 10) + `, y.app_id, y.reference, y.procedure_id, y.version, y.title,
			y.authority_id, ` + boolSQL(d, "0 = 1") + `, y.status,
			CASE WHEN y.status IN ('decided', 'closed') THEN (CASE WHEN y.h % 10 < 7 THEN 'approved'
				WHEN y.h % 10 < 9 THEN 'rejected' ELSE 'partly_approved' END) ELSE '' END,
			CASE WHEN y.status = 'received' AND y.h % 3 <> 0 THEN NULL ELSE st.id END,
			y.applicant, y.applicant_folded, y.received_at,
			CASE WHEN y.deadline_s > 0 THEN ` + t("y.received_s + y.deadline_s") + ` END, ` + boolSQL(d, fiction) + `,
			CASE WHEN y.status IN ('decided', 'closed') THEN ` + t(decided) + ` END,
			CASE WHEN y.status = 'closed' THEN ` + t(closed) + ` END,
			CASE WHEN y.status = 'closed' THEN ` + t(closed) + ` WHEN y.status = 'decided' THEN ` + t(decided) + `
				ELSE y.received_at END,
			CASE WHEN y.deadline_s > 0 THEN ` + t("y.received_s + y.deadline_s - y.deadline_s / "+strconv.Itoa(warnShare)) + ` END
		FROM y LEFT JOIN sc ON sc.auth = y.authority_id LEFT JOIN st ON st.auth = y.authority_id AND st.k = (y.h / 7) % sc.m`
}

// staffTables are the VALUES tables st(auth, k, id) of the assignees and
// sc(auth, m) of their number per authority.
func (l *VolumeLoad) staffTables() string {
	var st, sc []string
	seen := map[int64]bool{} // an authority listed twice (weighted) has one staff list
	for _, auth := range l.Authorities {
		ids := l.Staff[auth]
		if len(ids) == 0 || seen[auth] {
			continue
		}
		seen[auth] = true
		sc = append(sc, fmt.Sprintf("(%d, %d)", auth, len(ids)))
		for k, id := range ids {
			st = append(st, fmt.Sprintf("(%d, %d, %d)", auth, k, id))
		}
	}
	if len(sc) == 0 { // no staff at all: empty tables of the right shape
		sc, st = []string{"(0, 1)"}, []string{"(0, 0, NULL)"}
	}
	return "sc(auth, m) AS (VALUES " + strings.Join(sc, ", ") + "), st(auth, k, id) AS (VALUES " + strings.Join(st, ", ") + ")"
}

func boolSQL(d store.Dialect, cond string) string {
	if d == store.Postgres {
		return "(" + cond + ")"
	}
	return "CASE WHEN " + cond + " THEN 1 ELSE 0 END"
}

// insertSteps writes the workflow events and requests of the cases of
// applications first … last.
func (l *VolumeLoad) insertSteps(ctx context.Context, tx *store.Tx, first, last int64) error {
	d := tx.Dialect()
	tenantID := l.TenantID
	if first > last {
		return fault.New(fault.Invalid, "empty volume")
	}
	steps := []string{
		`INSERT INTO case_event (case_id, at, actor, action, from_status, to_status, details)
		SELECT c.id, c.received_at, 'system', 'create', 'received', 'received', '{}' FROM case_record c
		WHERE c.tenant_id = $1 AND c.application_id BETWEEN $2 AND $3`,
		`INSERT INTO case_event (case_id, at, actor, action, from_status, to_status, details)
		SELECT c.id, c.received_at, 'staff:' || c.assignee_id, 'claim', 'received', 'in_review', '{}' FROM case_record c
		WHERE c.tenant_id = $1 AND c.application_id BETWEEN $2 AND $3 AND c.status <> 'received' AND c.assignee_id IS NOT NULL`,
		`INSERT INTO case_event (case_id, at, actor, action, from_status, to_status, details)
		SELECT c.id, c.decided_at, 'staff:' || c.assignee_id, 'decide', 'in_review', 'decided', '{}' FROM case_record c
		WHERE c.tenant_id = $1 AND c.application_id BETWEEN $2 AND $3 AND c.decided_at IS NOT NULL`,
		`INSERT INTO case_event (case_id, at, actor, action, from_status, to_status, details)
		SELECT c.id, c.closed_at, 'staff:' || c.assignee_id, 'close', 'decided', 'closed', '{}' FROM case_record c
		WHERE c.tenant_id = $1 AND c.application_id BETWEEN $2 AND $3 AND c.closed_at IS NOT NULL`,
		`INSERT INTO case_event (case_id, at, actor, action, from_status, to_status, details)
		SELECT c.id, c.updated_at, 'applicant', 'withdraw', 'in_review', 'withdrawn', '{}' FROM case_record c
		WHERE c.tenant_id = $1 AND c.application_id BETWEEN $2 AND $3 AND c.status = 'withdrawn'`,
		`INSERT INTO case_note (case_id, author_id, body, created_at)
		SELECT c.id, c.assignee_id, 'Unterlagen gesichtet; Angaben plausibel, Prüfung läuft.', c.received_at
		FROM case_record c WHERE c.tenant_id = $1 AND c.application_id BETWEEN $2 AND $3 AND c.assignee_id IS NOT NULL
			AND c.status <> 'received' AND c.id % 3 = 0`,
		// Waiting cases have an open request, due two weeks after it was
		// made (two days after receipt): the older ones are overdue.
		`INSERT INTO case_request (case_id, tenant_id, application_id, subject, body, due_at, status, created_by, created_at)
		SELECT c.id, c.tenant_id, c.application_id, 'Fehlende Nachweise', 'Bitte reichen Sie die fehlenden Nachweise nach.',
			` + volumeShift(d, "c.received_at", 16) + `, 'open', COALESCE(c.assignee_id, 0), ` + volumeShift(d, "c.received_at", 2) + `
		FROM case_record c WHERE c.tenant_id = $1 AND c.application_id BETWEEN $2 AND $3 AND c.status = 'waiting'`,
		`INSERT INTO case_request (case_id, tenant_id, application_id, subject, body, due_at, status, created_by, created_at,
			answered_at, answer)
		SELECT c.id, c.tenant_id, c.application_id, 'Einkommensnachweis', 'Bitte senden Sie uns Ihren Einkommensnachweis.',
			` + volumeShift(d, "c.received_at", 15) + `, 'answered', COALESCE(c.assignee_id, 0), ` + volumeShift(d, "c.received_at", 1) + `,
			` + volumeShift(d, "c.received_at", 2) + `, 'Der Nachweis liegt bei.'
		FROM case_record c WHERE c.tenant_id = $1 AND c.application_id BETWEEN $2 AND $3 AND c.status IN ('decided', 'closed')
			AND c.id % 4 = 0`,
	}
	// Every 13th case came through the clearing office, which forwarded
	// it to the authority responsible (when the tenant has one).
	if clearing, err := clearingOf(ctx, tx, tenantID); err == nil {
		steps = append(steps, `INSERT INTO case_event (case_id, at, actor, action, from_status, to_status, details)
		SELECT c.id, c.received_at, 'system', 'forward', 'received', 'received',
			'{"from_authority":`+strconv.FormatInt(clearing, 10)+`,"to_authority":' || c.authority_id || ',"reason":"Zuständigkeit nach dem Wohnort"}'
		FROM case_record c WHERE c.tenant_id = $1 AND c.application_id BETWEEN $2 AND $3 AND c.id % 13 = 0
			AND c.authority_id <> `+strconv.FormatInt(clearing, 10))
	} else if !fault.Is(err, fault.NotFound) {
		return err
	}
	for _, q := range steps {
		if _, err := tx.ExecContext(ctx, q, tenantID, first, last); err != nil {
			return fmt.Errorf("casework: insert volume steps: %w", err)
		}
	}
	return nil
}

// volumeCases reads the cases of applications first … last.
func volumeCases(ctx context.Context, tx *store.Tx, tenantID tenant.ID, first, last int64) ([]VolumeCase, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, application_id, reference, status, COALESCE(assignee_id, 0), applicant_name,
		received_at, updated_at FROM case_record WHERE tenant_id = $1 AND application_id BETWEEN $2 AND $3 ORDER BY id`,
		tenantID, first, last)
	if err != nil {
		return nil, fmt.Errorf("casework: volume cases: %w", err)
	}
	return store.Collect(rows, nil, func(row store.Row) (VolumeCase, error) {
		var c VolumeCase
		err := row.Scan(&c.ID, &c.ApplicationID, &c.Reference, &c.Status, &c.AssigneeID, &c.ApplicantName, &c.ReceivedAt, &c.UpdatedAt)
		c.ReceivedAt, c.UpdatedAt = c.ReceivedAt.UTC(), c.UpdatedAt.UTC()
		return c, err
	})
}

// volumeShift adds days to a timestamp column.
func volumeShift(d store.Dialect, col string, days int) string {
	if d == store.Postgres {
		return fmt.Sprintf("%s + interval '%d days'", col, days)
	}
	return fmt.Sprintf("strftime('%%Y-%%m-%%d %%H:%%M:%%S+00:00', %s, '+%d days')", col, days)
}

// OpenVolumeFiles opens the files (Akten) of the volume cases with the
// references, as routing does for a new case; the volume benchmark opens
// them for the cases its case page visits, the demo history for all.
func OpenVolumeFiles(ctx context.Context, db *store.DB, tenantID tenant.ID, references []string) error {
	return db.Tx(ctx, func(tx *store.Tx) error {
		var ids []int64
		for _, ref := range references {
			var id int64
			if err := tx.QueryRowContext(ctx, `SELECT id FROM case_record WHERE tenant_id = $1 AND reference = $2`,
				tenantID, ref).Scan(&id); err != nil {
				return fmt.Errorf("casework: volume case %s: %w", ref, err)
			}
			ids = append(ids, id)
		}
		return openFiles(ctx, tx, tenantID, ids)
	})
}

// openVolumeFiles opens the files of the cases of applications first …
// last: one read of the cases and a few multi-row inserts (akte.OpenManyTx),
// not two statements per case.
func openVolumeFiles(ctx context.Context, tx *store.Tx, tenantID tenant.ID, first, last int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, reference, procedure_title, procedure_id, authority_id, received_at
		FROM case_record WHERE tenant_id = $1 AND application_id BETWEEN $2 AND $3 ORDER BY id`, tenantID, first, last)
	if err != nil {
		return err
	}
	var auths []int64
	files, err := store.Collect(rows, nil, func(row store.Row) (akte.File, error) {
		f := akte.File{TenantID: tenantID, Retention: "P10Y"}
		var auth int64
		err := row.Scan(&f.CaseID, &f.Reference, &f.Title, &f.ProcedureID, &auth, &f.OpenedAt)
		auths = append(auths, auth)
		return f, err
	})
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for i := range files {
		if _, ok := names[auths[i]]; !ok {
			a, err := catalog.GetAuthority(ctx, tx, tenantID, auths[i])
			if err != nil {
				return err
			}
			names[auths[i]] = a.Name
		}
		files[i].AuthorityName = names[auths[i]]
	}
	return akte.OpenManyTx(ctx, tx, files)
}

func openFiles(ctx context.Context, tx *store.Tx, tenantID tenant.ID, ids []int64) error {
	names := map[int64]string{}
	for _, id := range ids {
		c, err := loadTenantCase(ctx, tx, tenantID, id)
		if err != nil {
			return err
		}
		if _, ok := names[c.AuthorityID]; !ok {
			a, err := catalog.GetAuthority(ctx, tx, tenantID, c.AuthorityID)
			if err != nil {
				return err
			}
			names[c.AuthorityID] = a.Name
		}
		if err := akte.OpenTx(ctx, tx, akte.File{CaseID: c.ID, TenantID: tenantID, Reference: c.Reference,
			Title: c.ProcedureTitle, ProcedureID: c.ProcedureID, AuthorityName: names[c.AuthorityID],
			Retention: "P10Y", OpenedAt: c.ReceivedAt}); err != nil {
			return err
		}
	}
	return nil
}

// EnsureVolumeClearing returns the tenant's clearing office
// (Clearingstelle), creating it as Service.EnsureClearing does, for the
// demo history of a tenant without authorities of its own.
func EnsureVolumeClearing(ctx context.Context, db *store.DB, tenantID tenant.ID) (int64, error) {
	s := &Service{db: db, clock: time.Now}
	return s.EnsureClearing(ctx, tenantID)
}

// HasCases reports whether the tenant has a case of the procedure (the
// demo history's resume check).
func HasCases(ctx context.Context, db *store.DB, tenantID tenant.ID, procedureID string) (bool, error) {
	var n int
	err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM case_record WHERE tenant_id = $1 AND procedure_id = $2
		LIMIT 1) x`, tenantID, procedureID).Scan(&n)
	return n > 0, err
}
