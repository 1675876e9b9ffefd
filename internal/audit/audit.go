// Package audit keeps the append-only, hash-chained audit log (Protokoll):
// who did what to which object, when. Each entry carries the SHA-256 of its
// predecessor, so Verify detects a changed, inserted or deleted row. The
// chain and its head live in the same database, so on their own they
// cannot show rows deleted at the end or rewritten with every later hash
// recomputed; signed checkpoints (checkpoint.go, Anchor) kept outside the
// database with a key it never holds close that gap.
//
// Entries are written with Append inside the transaction of the change they
// record: either both are committed or neither.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/store"
)

// Entry is one audit record (Protokolleintrag).
type Entry struct {
	Seq        int64
	At         time.Time
	TenantID   int64 // 0 for installation-wide actions
	Actor      string
	Action     string
	ObjectType string
	ObjectID   string
	Details    map[string]any
	PrevHash   string
	Hash       string
}

// Append writes e as the next entry of the chain inside tx. It locks the
// chain head, so concurrent appenders queue for the rest of their
// transaction; call it as the last step of a transaction.
func Append(ctx context.Context, tx *store.Tx, e Entry) error {
	return AppendBatch(ctx, tx, []Entry{e})
}

// AppendBatch writes entries as the next entries of the chain, in order,
// inside tx: the head is locked and moved once and the rows go in with one
// INSERT, so a group commit of many changes pays for the hot row once.
// Like Append, call it as the last step of the transaction.
func AppendBatch(ctx context.Context, tx *store.Tx, entries []Entry) error {
	if len(entries) == 0 {
		return nil
	}
	lock := "SELECT last_seq, last_hash FROM audit_head WHERE id = 1" + tx.ForUpdate()
	var lastSeq int64
	var lastHash string
	if err := tx.QueryRowContext(ctx, lock).Scan(&lastSeq, &lastHash); err != nil {
		return fmt.Errorf("audit: lock head: %w", err)
	}
	args := make([]any, 0, len(entries)*10)
	for _, e := range entries {
		if e.At.IsZero() {
			e.At = time.Now()
		}
		e.At = e.At.UTC().Truncate(time.Microsecond)
		e.Seq, e.PrevHash = lastSeq+1, lastHash
		details, err := canonicalDetails(e.Details)
		if err != nil {
			return err
		}
		e.Hash = hashOf(e, details)
		args = append(args, e.Seq, e.At, nullTenant(e.TenantID), e.Actor, e.Action, e.ObjectType, e.ObjectID, details, e.PrevHash, e.Hash)
		lastSeq, lastHash = e.Seq, e.Hash
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log
		(seq, at, tenant_id, actor, action, object_type, object_id, details, prev_hash, hash)
		VALUES `+store.Placeholders(len(entries), 10), args...)
	if err != nil {
		return fmt.Errorf("audit: insert: %w", err)
	}
	_, err = tx.ExecContext(ctx, "UPDATE audit_head SET last_seq = $1, last_hash = $2 WHERE id = 1", lastSeq, lastHash)
	if err != nil {
		return fmt.Errorf("audit: move head: %w", err)
	}
	return nil
}

// canonicalDetails encodes details as JSON with sorted keys (encoding/json
// sorts map keys), which is the form that is hashed and stored.
func canonicalDetails(m map[string]any) (string, error) {
	if len(m) == 0 {
		return "{}", nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("audit: details: %w", err)
	}
	return string(b), nil
}

// hashOf is SHA-256 over the previous hash and every field, each
// length-prefixed so no two different entries share an encoding.
func hashOf(e Entry, details string) string {
	h := sha256.New()
	for _, f := range []string{
		e.PrevHash, strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(time.RFC3339Nano),
		strconv.FormatInt(e.TenantID, 10), e.Actor, e.Action, e.ObjectType, e.ObjectID, details,
	} {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func nullTenant(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Problem is one inconsistency found by Verify.
type Problem struct {
	Seq    int64
	Reason string
}

func (p Problem) String() string { return fmt.Sprintf("row %d: %s", p.Seq, p.Reason) }

// Verify walks the whole chain in order and returns every problem: a row
// whose content no longer matches its hash (changed), a row whose
// predecessor link is broken (inserted or deleted before it), a gap in the
// sequence, or a head that does not match the last row (rows deleted at the
// end). It returns the number of rows checked.
func Verify(ctx context.Context, q store.Querier) (int, []Problem, error) {
	rows, err := q.QueryContext(ctx, `SELECT seq, at, COALESCE(tenant_id, 0), actor, action,
		object_type, object_id, details, prev_hash, hash FROM audit_log ORDER BY seq`)
	if err != nil {
		return 0, nil, fmt.Errorf("audit: read log: %w", err)
	}
	var problems []Problem
	var prev Entry
	n := 0
	err = store.ForEach(rows, nil, func(row store.Row) error {
		var e Entry
		var details string
		if err := row.Scan(&e.Seq, &e.At, &e.TenantID, &e.Actor, &e.Action,
			&e.ObjectType, &e.ObjectID, &details, &e.PrevHash, &e.Hash); err != nil {
			return fmt.Errorf("audit: scan: %w", err)
		}
		n++
		problems = append(problems, checkLink(prev, e)...)
		if hashOf(e, details) != e.Hash {
			problems = append(problems, Problem{e.Seq, "content does not match its hash (row was changed)"})
		}
		prev = e
		return nil
	})
	if err != nil {
		return n, nil, err
	}
	var headSeq int64
	var headHash string
	if err := q.QueryRowContext(ctx, "SELECT last_seq, last_hash FROM audit_head WHERE id = 1").Scan(&headSeq, &headHash); err != nil {
		return n, nil, fmt.Errorf("audit: read head: %w", err)
	}
	if headSeq != prev.Seq || headHash != prev.Hash {
		problems = append(problems, Problem{headSeq, fmt.Sprintf("chain head expects row %d but the log ends at row %d (rows deleted at the end)", headSeq, prev.Seq)})
	}
	return n, problems, nil
}

func checkLink(prev, e Entry) []Problem {
	var p []Problem
	if e.Seq != prev.Seq+1 {
		p = append(p, Problem{e.Seq, fmt.Sprintf("follows row %d: rows %s are missing", prev.Seq, span(prev.Seq+1, e.Seq-1))})
	}
	if e.PrevHash != prev.Hash {
		p = append(p, Problem{e.Seq, "link to the previous row is broken (a row before it was changed, inserted or deleted)"})
	}
	return p
}

func span(a, b int64) string {
	if a >= b {
		return strconv.FormatInt(a, 10)
	}
	return strings.Join([]string{strconv.FormatInt(a, 10), strconv.FormatInt(b, 10)}, "–")
}
