package procedure

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Version is one published version of a procedure (Verfahrensversion).
// Published versions never change; applications refer to (ProcedureID,
// Version).
type Version struct {
	ProcedureID string    `json:"procedure_id"`
	Version     int       `json:"version"`
	Title       string    `json:"title"`
	Hash        string    `json:"hash"` // SHA-256 of the canonical JSON definition
	PublishedAt time.Time `json:"published_at"`
	TenantID    tenant.ID `json:"tenant_id,omitempty"` // 0: nationwide
	// Unchanged is set by Import when the identical definition was already
	// published, so nothing was written.
	Unchanged  bool       `json:"unchanged,omitempty"`
	Definition Definition `json:"definition"`
}

// Procedure compiles the version's definition for validation.
func (v Version) Procedure() (*Procedure, error) {
	return Compile(v.Definition, fmt.Sprintf("%s version %d", v.ProcedureID, v.Version))
}

// Import loads a definition (YAML or JSON; file names it in errors) and
// publishes it nationwide. Importing the identical definition again is a
// no-op (Version.Unchanged); a different definition under a version that is
// already published is a fault.Conflict: publish it as a new version.
func Import(ctx context.Context, db *store.DB, definition []byte, file string) (Version, error) {
	p, err := Load(definition, file)
	if err != nil {
		return Version{}, err
	}
	return publish(ctx, db, p.Def)
}

// publish stores def as a new version unless it is already there.
func publish(ctx context.Context, db *store.DB, def Definition) (Version, error) {
	canonical, err := json.Marshal(def)
	if err != nil {
		return Version{}, fmt.Errorf("encode procedure %s: %w", def.ID, err)
	}
	sum := sha256.Sum256(canonical)
	v := Version{ProcedureID: def.ID, Version: def.Version, Title: def.Title.DE,
		Hash: hex.EncodeToString(sum[:]), PublishedAt: time.Now().UTC().Truncate(time.Microsecond), Definition: def}
	err = db.Tx(ctx, func(tx *store.Tx) error {
		old, err := Get(ctx, tx, def.ID, def.Version)
		switch {
		case err == nil && old.Hash == v.Hash:
			v, v.Unchanged = old, true
			return nil
		case err == nil:
			return fault.New(fault.Conflict, "procedure %s version %d is already published with different content; publish it as a new version", def.ID, def.Version)
		case !fault.Is(err, fault.NotFound):
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO procedure_version
			(tenant_id, procedure_id, version, title, definition, hash, published_at)
			VALUES (NULL, $1, $2, $3, $4, $5, $6)`,
			v.ProcedureID, v.Version, v.Title, string(canonical), v.Hash, v.PublishedAt); err != nil {
			return fmt.Errorf("insert procedure version: %w", err)
		}
		return audit.Append(ctx, tx, audit.Entry{Actor: "system", Action: "procedure.publish",
			ObjectType: "procedure", ObjectID: fmt.Sprintf("%s/%d", def.ID, def.Version),
			Details: map[string]any{"hash": v.Hash, "title": v.Title}})
	})
	return v, err
}

const versionColumns = `procedure_id, version, title, definition, hash, published_at, COALESCE(tenant_id, 0)`

// Get returns version of the nationwide procedure id, or fault.NotFound.
func Get(ctx context.Context, q store.Querier, id string, version int) (Version, error) {
	row := q.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM procedure_version
		WHERE tenant_id IS NULL AND procedure_id = $1 AND version = $2`, id, version)
	return scanVersion(row, id)
}

// Latest returns the highest published version of the nationwide
// procedure id, or fault.NotFound.
func Latest(ctx context.Context, q store.Querier, id string) (Version, error) {
	row := q.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM procedure_version
		WHERE tenant_id IS NULL AND procedure_id = $1 ORDER BY version DESC LIMIT 1`, id)
	return scanVersion(row, id)
}

func scanVersion(row *sql.Row, id string) (Version, error) {
	var v Version
	var def []byte
	err := row.Scan(&v.ProcedureID, &v.Version, &v.Title, &def, &v.Hash, &v.PublishedAt, &v.TenantID)
	if errors.Is(err, sql.ErrNoRows) {
		return v, fault.New(fault.NotFound, "procedure %q not found", id)
	}
	if err != nil {
		return v, fmt.Errorf("read procedure %s: %w", id, err)
	}
	if err := json.Unmarshal(def, &v.Definition); err != nil {
		return v, fmt.Errorf("decode procedure %s version %d: %w", id, v.Version, err)
	}
	v.PublishedAt = v.PublishedAt.UTC()
	return v, nil
}
