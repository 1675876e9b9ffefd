package catalog

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// Reject is one finding about one input row: a rejected row (the import
// fails and nothing is written) or, with Kept set, a warning about a row
// that was imported anyway or skipped on purpose (Skipped).
type Reject struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"`
	// Kept marks a warning: the row was imported despite the finding.
	Kept bool `json:"kept,omitempty"`
	// Skipped marks a warning about a row that was left out on purpose
	// (e.g. a postal code for a municipality that no longer exists).
	Skipped bool `json:"skipped,omitempty"`
}

// String formats the finding as "file:line: field: reason".
func (r Reject) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d: ", r.File, r.Line)
	if r.Field != "" {
		b.WriteString(r.Field + ": ")
	}
	b.WriteString(r.Reason)
	return b.String()
}

// Summary is the outcome of one import. An import with rejected rows writes
// nothing and returns an error; Rejected then lists every bad row.
type Summary struct {
	File      string   `json:"file"`
	Created   int      `json:"created"`
	Updated   int      `json:"updated"`
	Unchanged int      `json:"unchanged"`
	Skipped   int      `json:"skipped"`
	Rejected  []Reject `json:"rejected,omitempty"`
	Warnings  []Reject `json:"warnings,omitempty"`
}

// String is the one-line summary for the CLI and the log.
func (s Summary) String() string {
	return fmt.Sprintf("%s: %d created, %d updated, %d unchanged, %d skipped, %d rejected, %d warnings",
		s.File, s.Created, s.Updated, s.Unchanged, s.Skipped, len(s.Rejected), len(s.Warnings))
}

// count adds one row outcome to the summary.
func (s *Summary) count(o outcome) {
	switch o {
	case created:
		s.Created++
	case updated:
		s.Updated++
	default:
		s.Unchanged++
	}
}

// outcome is what an upsert did with one row.
type outcome int

const (
	unchanged outcome = iota
	created
	updated
)

// splitFindings separates rejects from warnings.
func splitFindings(all []Reject) (rejected, warnings []Reject) {
	for _, r := range all {
		if r.Kept || r.Skipped {
			warnings = append(warnings, r)
		} else {
			rejected = append(rejected, r)
		}
	}
	return rejected, warnings
}

// rejectedError is the error of an import with rejected rows: Invalid, with
// one field error per row (field = "file:line").
func rejectedError(file string, rejected []Reject) error {
	fields := make([]fault.FieldError, 0, len(rejected))
	for _, r := range rejected {
		fields = append(fields, fault.FieldError{
			Field: fmt.Sprintf("%s:%d", r.File, r.Line), Key: "import.rejected", Text: r.String(),
		})
	}
	first := rejected[0].String()
	e := fault.Fields(fmt.Sprintf("%s: %d rows rejected, nothing imported (first: %s)", file, len(rejected), first), fields...)
	return e
}

// progress writes a "label: n/total" line to w when w is a terminal;
// otherwise it does nothing, so logs and pipes stay clean.
type progress struct {
	w     io.Writer
	label string
	total int
	n     int
}

// newProgress returns a progress indicator on w, active only if w is a
// terminal (a character device).
func newProgress(w io.Writer, label string, total int) *progress {
	if !isTerminal(w) {
		w = nil
	}
	return &progress{w: w, label: label, total: total}
}

// step counts one row and redraws every 500 rows.
func (p *progress) step() {
	p.n++
	if p.w != nil && (p.n%500 == 0 || p.n == p.total) {
		fmt.Fprintf(p.w, "\r%s: %d/%d", p.label, p.n, p.total)
	}
}

// done ends the progress line.
func (p *progress) done() {
	if p.w != nil {
		fmt.Fprintf(p.w, "\r%s: %d/%d done\n", p.label, p.n, p.total)
	}
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || f == nil {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// runImport is the frame all catalog imports share: findings are split
// into rejects and warnings; with any reject nothing is written and the
// error lists them all; otherwise write runs in one transaction. On a
// failed transaction the summary keeps only the findings, since no count
// was written.
func runImport(ctx context.Context, db *store.DB, file string, findings []Reject, write func(*store.Tx, *Summary) error) (Summary, error) {
	sum := Summary{File: file}
	sum.Rejected, sum.Warnings = splitFindings(findings)
	sum.Skipped = countSkipped(sum.Warnings)
	if len(sum.Rejected) > 0 {
		return sum, rejectedError(file, sum.Rejected)
	}
	err := db.Tx(ctx, func(tx *store.Tx) error { return write(tx, &sum) })
	if err != nil {
		return Summary{File: file, Rejected: sum.Rejected, Warnings: sum.Warnings}, err
	}
	return sum, nil
}
