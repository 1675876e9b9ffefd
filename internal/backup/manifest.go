package backup

import "time"

// FormatVersion is the version of the backup layout this binary writes
// and reads.
const FormatVersion = 1

// Names of the parts inside the backup.
const (
	manifestName    = "manifest.json"
	manifestSumName = "manifest.json.sha256" // the manifest's own sum, so a flipped byte in it is found too
	checkpointsName = "audit-checkpoints.jsonl"
	tablePrefix     = "db/"
	blobPrefix      = "blobs/"
)

// Manifest (Inhaltsverzeichnis) describes a backup: what it holds, each
// part's size and SHA-256, and the schema version its rows belong to.
type Manifest struct {
	Format int       `json:"format"`
	Taken  time.Time `json:"taken"`
	// Engine is the database the backup was taken from (sqlite, postgres).
	Engine string `json:"engine"`
	// SchemaVersion is the highest migration of the source database.
	SchemaVersion int64 `json:"schema_version"`
	// AuditSeq is the last audit row in the snapshot; checkpoints past it
	// are left out.
	AuditSeq    int64   `json:"audit_seq"`
	Tables      []Table `json:"tables"`
	Blobs       []Part  `json:"blobs"`
	Checkpoints *Part   `json:"checkpoints,omitempty"`
	// Missing lists files the snapshot references that the store did not
	// have (only with AllowMissing).
	Missing []Missing `json:"missing,omitempty"`
}

// Part is one file inside the backup.
type Part struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Table is one table's rows, in parts of at most chunkSize bytes (a
// tar entry needs its size before its content; a bounded buffer keeps
// memory flat without a temporary file).
type Table struct {
	Table   string   `json:"table"`
	Columns []string `json:"columns"`
	Rows    int64    `json:"rows"`
	Parts   []Part   `json:"parts"`
}

// Missing is a referenced file the store did not have.
type Missing struct {
	Key    string `json:"key"`
	Column string `json:"column"`
}

// parts lists every part of the manifest, by name.
func (m Manifest) parts() map[string]Part {
	out := make(map[string]Part, len(m.Tables)+len(m.Blobs)+1)
	for _, t := range m.Tables {
		for _, p := range t.Parts {
			out[p.Name] = p
		}
	}
	for _, b := range m.Blobs {
		out[b.Name] = b
	}
	if m.Checkpoints != nil {
		out[m.Checkpoints.Name] = *m.Checkpoints
	}
	return out
}
