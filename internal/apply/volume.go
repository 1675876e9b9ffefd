package apply

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Volume is a synthetic case load (Fallaufkommen): Count submitted
// applications of one tenant, spread over its procedures and authorities,
// received over the Span before Now. The demo history and the volume
// benchmark write it set-based (one INSERT … SELECT per table) instead of
// submitting one application after the other; every attribute of
// application i is a pure function of i, so package casework derives the
// matching cases from the same rows (VolumeRows) without reading apply's
// table.
type Volume struct {
	TenantID   tenant.ID
	Slug       string // tenant slug: references are SLUG-YEAR-NNNNNN
	Procedures []VolumeProcedure
	// Authorities receive the applications, skewed: the first gets the
	// most (a city), the last the fewest.
	Authorities []int64
	Count       int
	Now         time.Time
	Span        time.Duration
	// Fold is the search form of a name (the case's applicant_folded);
	// nil keeps names as they are.
	Fold func(string) string
	// Set by InsertVolume: the first application id and reference number
	// (ids and numbers are consecutive), and the references' year.
	FirstID     int64
	FirstNumber int64
	Year        int
}

// VolumeProcedure is one procedure of a Volume.
type VolumeProcedure struct {
	ID, Title, ServiceKey string
	Version               int
	Deadline              time.Duration // processing deadline from receipt; 0 for none
	ApprovalFiction       bool
}

// volumeNames are the given and family names of the synthetic applicants
// (frequent German names, with umlauts and ß so search folding is
// exercised).
var volumeGiven = []string{"Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hannes", "Ida", "Jonas",
	"Katharina", "Lukas", "Marie", "Niklas", "Olga", "Paul", "Quirin", "Rosa", "Stefan", "Tanja", "Uwe", "Vera",
	"Wolfgang", "Yvonne", "Zoë", "Jürgen", "Sören", "Jörg", "Bärbel", "Günther", "Heike", "Matthias", "Sabine",
	"Thomas", "Ulrike", "Andreas", "Birgit", "Christian", "Daniela", "Erik", "Frauke", "Gerd", "Helga", "Ingo",
	"Jana", "Karl", "Lena", "Mehmet", "Nora", "Oskar"}

var volumeFamily = []string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
	"Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
	"Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz",
	"Krause", "Meier", "Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer",
	"Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Schubert",
	"Vogel", "Friedrich", "Keller", "Günther", "Frank", "Berger", "Winkler", "Roth", "Beck", "Lorenz", "Baumann",
	"Franke", "Albrecht", "Schuster", "Simon", "Ludwig", "Böhm", "Winter", "Kraus", "Martin", "Schumacher",
	"Krämer", "Vogt", "Stein", "Jäger", "Otto", "Sommer", "Groß", "Seidel", "Heinrich", "Brandt", "Haas",
	"Schreiber", "Graf", "Schulte", "Dietrich", "Ziegler", "Kuhn", "Kühn", "Pohl", "Engel", "Horn", "Busch",
	"Bergmann", "Thomas", "Voigt", "Sauer", "Arnold", "Wolff", "Pfeiffer", "Yılmaz", "Nguyen", "Kowalski"}

// InsertVolume writes v's applications as submitted, in tx, and sets
// v.FirstID, v.FirstNumber and v.Year. The reference numbers are taken
// from the tenant's counter like a submission's, so later submissions
// continue after them; the ids are reserved from the table's sequence.
func InsertVolume(ctx context.Context, tx *store.Tx, v *Volume) error {
	if v.Count <= 0 || len(v.Procedures) == 0 || len(v.Authorities) == 0 || v.Span <= 0 {
		return fault.New(fault.Invalid, "a volume needs a count, procedures, authorities and a span")
	}
	v.Year = v.Now.UTC().Year()
	last, err := takeReferences(ctx, tx, v.TenantID, v.Year, int64(v.Count))
	if err != nil {
		return err
	}
	v.FirstNumber = last - int64(v.Count) + 1
	if v.FirstID, err = reserveApplicationIDs(ctx, tx, v.Count); err != nil {
		return err
	}
	d := tx.Dialect()
	answers := `'{"name":"' || x.applicant || '"}'`
	if d == store.Postgres {
		answers = "(" + answers + ")::jsonb"
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO application (id, tenant_id, procedure_id, procedure_version, service_key,
		status, answers, created_at, updated_at, submitted_at, reference, authority_id, clearing) `+v.Rows(d)+`
		SELECT x.app_id, `+strconv.FormatInt(int64(v.TenantID), 10)+`, x.procedure_id, x.version, x.service_key, 'submitted', `+
		answers+`, x.received_at, x.received_at, x.received_at, x.reference, x.authority_id, `+bool0(d)+` FROM x`)
	if err != nil {
		return fmt.Errorf("apply: insert volume: %w", err)
	}
	return nil
}

func bool0(d store.Dialect) string {
	if d == store.Postgres {
		return "FALSE"
	}
	return "0"
}

// reserveApplicationIDs reserves n consecutive application ids and returns
// the first: on PostgreSQL by moving the identity sequence past them, on
// SQLite (in the write transaction) after the largest id.
func reserveApplicationIDs(ctx context.Context, tx *store.Tx, n int) (int64, error) {
	var first int64
	var err error
	if tx.Dialect() == store.Postgres {
		err = tx.QueryRowContext(ctx, `SELECT setval(pg_get_serial_sequence('application', 'id'),
			nextval(pg_get_serial_sequence('application', 'id')) + $1 - 1) - $1 + 1`, n).Scan(&first)
	} else {
		err = tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM application`).Scan(&first)
	}
	if err != nil {
		return 0, fmt.Errorf("apply: reserve ids: %w", err)
	}
	return first, nil
}

// Rows returns a WITH clause whose last table x has one row per
// application of v, with the columns i (0 … Count-1, oldest first),
// app_id, reference, procedure_id, version, title, service_key,
// deadline_s (seconds, 0 for none), fiction (0/1), authority_id,
// applicant, applicant_folded, received_s (Unix seconds), received_at, age (permille of the
// span, 0 newest … 999 oldest) and h (a pseudo-random 0 … 9999). Only
// code-made values are spelled into it (quoted), no input.
func (v Volume) Rows(d store.Dialect) string {
	n, span := int64(v.Count), int64(v.Span/time.Second)
	var b strings.Builder
	b.WriteString("WITH RECURSIVE ")
	if d == store.Postgres {
		fmt.Fprintf(&b, "g(i) AS (SELECT generate_series(0, %d)::bigint), ", n-1)
	} else {
		fmt.Fprintf(&b, "g(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM g WHERE i < %d), ", n-1)
	}
	b.WriteString("p(k, id, version, title, skey, dl, fiction) AS (VALUES ")
	for k, p := range v.Procedures {
		if k > 0 {
			b.WriteString(", ")
		}
		fiction := 0
		if p.ApprovalFiction {
			fiction = 1
		}
		fmt.Fprintf(&b, "(%d, %s, %d, %s, %s, %d, %d)", k, quote(p.ID), p.Version, quote(p.Title), quote(p.ServiceKey),
			int64(p.Deadline/time.Second), fiction)
	}
	b.WriteString("), au(k, id) AS (VALUES ")
	for k, id := range v.Authorities {
		if k > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "(%d, %d)", k, id)
	}
	b.WriteString("), " + v.names("gn", volumeGiven) + ", " + v.names("fn", volumeFamily) + ", ")
	// The attributes of row i; the multipliers are primes, so neighbours differ.
	fmt.Fprintf(&b, `r(i, pk, ak, gk, fk, age, h, received_s) AS (SELECT i, (i * 31 + i / 7) %% %d,
		((i * 7919) %% 100) * ((i * 7919) %% 100) * %d / 10000, (i * 104729) %% %d, (i * 15485863 + i / 3) %% %d,
		(%d - 1 - i) * 1000 / %d, (i * 48271) %% 10000, %d - (%d - 1 - i) * %d / %d - (i * 16807) %% 3600 FROM g), `,
		len(v.Procedures), len(v.Authorities), len(volumeGiven), len(volumeFamily),
		n, n, v.Now.Unix(), n, span, n)
	ref := fmt.Sprintf("'%s-%d-' || ", strings.ToUpper(v.Slug), v.Year)
	if d == store.Postgres {
		// lpad cuts longer strings: numbers above 999999 keep every digit.
		ref += fmt.Sprintf("lpad((%[1]d + r.i)::text, GREATEST(6, length((%[1]d + r.i)::text)), '0')", v.FirstNumber)
	} else {
		ref += fmt.Sprintf("printf('%%06d', %d + r.i)", v.FirstNumber)
	}
	fmt.Fprintf(&b, `x AS (SELECT r.i, %d + r.i AS app_id, %s AS reference, p.id AS procedure_id, p.version,
		p.title, p.skey AS service_key, p.dl AS deadline_s, p.fiction, au.id AS authority_id, gn.v || ' ' || fn.v AS applicant,
		gn.f || ' ' || fn.f AS applicant_folded,
		r.received_s, %s AS received_at, r.age, r.h
		FROM r JOIN p ON p.k = r.pk JOIN au ON au.k = r.ak JOIN gn ON gn.k = r.gk JOIN fn ON fn.k = r.fk) `,
		v.FirstID, ref, VolumeTime(d, "r.received_s"))
	return b.String()
}

// VolumeTime converts an SQL expression of Unix seconds into the engine's
// timestamp (SQLite: the text form the driver reads back).
func VolumeTime(d store.Dialect, seconds string) string {
	if d == store.Postgres {
		return "to_timestamp(" + seconds + ")"
	}
	return "strftime('%Y-%m-%d %H:%M:%S+00:00', " + seconds + ", 'unixepoch')"
}

// names is a VALUES table (k, v, f) of names with their folded form.
func (v Volume) names(name string, vs []string) string {
	var b strings.Builder
	b.WriteString(name + "(k, v, f) AS (VALUES ")
	for k, s := range vs {
		if k > 0 {
			b.WriteString(", ")
		}
		f := s
		if v.Fold != nil {
			f = v.Fold(s)
		}
		fmt.Fprintf(&b, "(%d, %s, %s)", k, quote(s), quote(f))
	}
	b.WriteString(")")
	return b.String()
}

// quote spells s as an SQL string literal.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
