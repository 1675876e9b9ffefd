package akte

import (
	"context"
	"fmt"
	"strings"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// openBatch is how many files one statement of OpenManyTx opens.
const openBatch = 200

// OpenManyTx opens the files (Akten) fs inside tx as OpenTx does, many
// rows per statement: the bulk path of the demo history and the volume
// benchmark, where one statement per case made seeding thousands of cases
// slow. A file that exists is left as it is.
func OpenManyTx(ctx context.Context, tx *store.Tx, fs []File) error {
	for len(fs) > 0 {
		n := min(len(fs), openBatch)
		if err := openBatchTx(ctx, tx, fs[:n]); err != nil {
			return err
		}
		fs = fs[n:]
	}
	return nil
}

func openBatchTx(ctx context.Context, tx *store.Tx, fs []File) error {
	rows := make([]string, 0, len(fs))
	args := make([]any, 0, 9*len(fs))
	for _, f := range fs {
		if _, err := AddPeriod(f.OpenedAt, f.Retention); err != nil {
			return fault.Wrap(err, fault.Invalid, "retention period %q of %s is invalid", f.Retention, f.ProcedureID)
		}
		p := make([]string, 9)
		for i := range p {
			p[i] = fmt.Sprintf("$%d", len(args)+i+1)
		}
		rows = append(rows, "("+strings.Join(p, ", ")+")")
		args = append(args, f.CaseID, f.TenantID, f.Reference, f.Title, f.ProcedureID, f.AuthorityName, f.Retention,
			NewGUID(), f.OpenedAt.UTC())
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO akte_file (case_id, tenant_id, reference, title, procedure_id,
		authority_name, retention, guid, opened_at) VALUES `+strings.Join(rows, ", ")+`
		ON CONFLICT (case_id) DO NOTHING`, args...); err != nil {
		return fmt.Errorf("akte: open %d files: %w", len(fs), err)
	}
	return nil
}
