package audit

import (
	"bufio"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"strconv"
	"time"

	"github.com/amtsweg/amtsweg/internal/store"
)

// Checkpoint (Prüfpunkt) fixes the chain's head at one moment: the last
// row's sequence number and hash, when, and a keyed MAC over the three.
// The hash chain alone cannot tell an intact log from one whose last rows
// were deleted (with the head moved back) or whose rows were rewritten
// with every later hash recomputed: the database holds both the rows and
// the head. A checkpoint kept where the database cannot reach — a file the
// operator keeps, the process log — and signed with a key the database
// never holds settles it: every row up to a checkpoint must still hash to
// the checkpoint's value, and the log must not end before it. Rows after
// the latest checkpoint are protected by the next one, so the interval is
// the window an attacker with write access to the database has.
type Checkpoint struct {
	Seq  int64     `json:"seq"`
	Hash string    `json:"hash"`
	At   time.Time `json:"at"`
	MAC  string    `json:"mac"`
}

// Anchor takes and checks checkpoints: Key (32 bytes, kept outside the
// database like the seal secret) signs them, File is the append-only file
// they are written to besides the audit_checkpoint table and Log.
type Anchor struct {
	Key  []byte
	File string
	Log  *slog.Logger
}

func (a Anchor) mac(seq int64, hash string, at time.Time) string {
	m := hmac.New(sha256.New, a.Key)
	fmt.Fprintf(m, "amtsweg audit checkpoint\x00%d\x00%s\x00%s", seq, hash, at.UTC().Format(time.RFC3339Nano))
	return hex.EncodeToString(m.Sum(nil))
}

// valid reports whether c's MAC was made with a's key.
func (a Anchor) valid(c Checkpoint) bool {
	return hmac.Equal([]byte(a.mac(c.Seq, c.Hash, c.At)), []byte(c.MAC))
}

// Take signs the current head as a checkpoint and writes it to the file
// (appended and synced), the audit_checkpoint table and the log. When the
// head has not moved since the latest checkpoint in the table, it does
// nothing and returns that one.
func (a Anchor) Take(ctx context.Context, db *store.DB, now time.Time) (Checkpoint, error) {
	var c Checkpoint
	if len(a.Key) < 32 {
		return c, errors.New("audit: checkpoint key must be 32 bytes")
	}
	if err := db.QueryRowContext(ctx, "SELECT last_seq, last_hash FROM audit_head WHERE id = 1").Scan(&c.Seq, &c.Hash); err != nil {
		return c, fmt.Errorf("audit: read head: %w", err)
	}
	var last int64
	err := db.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), -1) FROM audit_checkpoint").Scan(&last)
	if err != nil {
		return c, fmt.Errorf("audit: latest checkpoint: %w", err)
	}
	if last == c.Seq {
		return c, nil
	}
	c.At = now.UTC().Truncate(time.Microsecond)
	c.MAC = a.mac(c.Seq, c.Hash, c.At)
	if err := a.appendFile(c); err != nil {
		return c, err
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO audit_checkpoint (seq, hash, at, mac) VALUES ($1, $2, $3, $4)
		ON CONFLICT (seq) DO NOTHING`, c.Seq, c.Hash, c.At, c.MAC); err != nil {
		return c, fmt.Errorf("audit: store checkpoint: %w", err)
	}
	if a.Log != nil {
		a.Log.Info("audit checkpoint", "seq", c.Seq, "hash", c.Hash, "at", c.At.Format(time.RFC3339Nano), "mac", c.MAC)
	}
	return c, nil
}

func (a Anchor) appendFile(c Checkpoint) error {
	if a.File == "" {
		return nil
	}
	f, err := os.OpenFile(a.File, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o640)
	if err != nil {
		return fmt.Errorf("audit: checkpoint file: %w", err)
	}
	line, _ := json.Marshal(c)
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("audit: write checkpoint: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("audit: sync checkpoint: %w", err)
	}
	return f.Close()
}

// fileCheckpoints reads the checkpoint file; a missing file has none, a
// line that does not decode is a problem of its own.
func (a Anchor) fileCheckpoints() ([]Checkpoint, []Problem, error) {
	if a.File == "" {
		return nil, nil, nil
	}
	f, err := os.Open(a.File)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("audit: checkpoint file: %w", err)
	}
	defer f.Close()
	var out []Checkpoint
	var problems []Problem
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		var c Checkpoint
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			problems = append(problems, Problem{0, fmt.Sprintf("%s line %d is not a checkpoint: %v", a.File, n, err)})
			continue
		}
		out = append(out, c)
	}
	return out, problems, sc.Err()
}

func tableCheckpoints(ctx context.Context, q store.Querier) ([]Checkpoint, error) {
	rows, err := q.QueryContext(ctx, "SELECT seq, hash, at, mac FROM audit_checkpoint ORDER BY seq")
	if err != nil {
		return nil, fmt.Errorf("audit: read checkpoints: %w", err)
	}
	return store.Collect(rows, nil, func(row store.Row) (Checkpoint, error) {
		var c Checkpoint
		err := row.Scan(&c.Seq, &c.Hash, &c.At, &c.MAC)
		return c, err
	})
}

// VerifyAnchored checks the chain like Verify and then every checkpoint of
// the file and the table against it: a checkpoint whose MAC is not the
// key's (forged or changed), a row that no longer has the hash its
// checkpoint fixed (rewritten, even with every later hash recomputed), a
// log that ends before a checkpoint (truncated). It also returns the
// latest valid checkpoint (zero without one).
func (a Anchor) VerifyAnchored(ctx context.Context, q store.Querier) (int, Checkpoint, []Problem, error) {
	n, problems, err := Verify(ctx, q)
	if err != nil {
		return n, Checkpoint{}, nil, err
	}
	fromFile, fileProblems, err := a.fileCheckpoints()
	if err != nil {
		return n, Checkpoint{}, nil, err
	}
	problems = append(problems, fileProblems...)
	fromTable, err := tableCheckpoints(ctx, q)
	if err != nil {
		return n, Checkpoint{}, nil, err
	}
	hashes, last, err := rowHashes(ctx, q, append(fromFile, fromTable...))
	if err != nil {
		return n, Checkpoint{}, nil, err
	}
	var latest Checkpoint
	for _, c := range append(fromFile, fromTable...) {
		where := "checkpoint of " + c.At.UTC().Format(time.RFC3339)
		h, ok := hashes[c.Seq]
		switch {
		case !a.valid(c):
			problems = append(problems, Problem{c.Seq, where + " is not signed with this installation's audit key (forged or changed)"})
			continue
		case c.Seq > last:
			problems = append(problems, Problem{c.Seq, fmt.Sprintf("%s names row %d, but the log ends at row %d (rows deleted at the end: truncated)", where, c.Seq, last)})
		case !ok && c.Seq > 0:
			problems = append(problems, Problem{c.Seq, where + " names a row that is missing (deleted)"})
		case ok && h != c.Hash:
			problems = append(problems, Problem{c.Seq, where + " fixed another hash for this row (rows up to it were rewritten)"})
		}
		if c.Seq >= latest.Seq {
			latest = c
		}
	}
	return n, latest, problems, nil
}

// rowHashes returns the stored hash of each row the checkpoints name, and
// the last row's sequence number.
func rowHashes(ctx context.Context, q store.Querier, cps []Checkpoint) (map[int64]string, int64, error) {
	var last int64
	if err := q.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), 0) FROM audit_log").Scan(&last); err != nil {
		return nil, 0, fmt.Errorf("audit: last row: %w", err)
	}
	out := make(map[int64]string, len(cps))
	for _, c := range cps {
		if _, done := out[c.Seq]; done || c.Seq <= 0 {
			continue
		}
		var h string
		err := q.QueryRowContext(ctx, "SELECT hash FROM audit_log WHERE seq = $1", c.Seq).Scan(&h)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, 0, fmt.Errorf("audit: row %s: %w", strconv.FormatInt(c.Seq, 10), err)
		}
		out[c.Seq] = h
	}
	return out, last, nil
}
