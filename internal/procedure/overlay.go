package procedure

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"text/template"
	"time"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Overlay is a tenant's variation of a nationwide procedure
// (Mandantenanpassung). The shared definition is never copied: the
// effective definition is the shared version plus the overlay, computed
// on every use, so a new shared version reaches every tenant at once.
// Each part is applied on its own; a part that no longer fits the shared
// version is left out and reported as an OverlayProblem.
type Overlay struct {
	// Fees replaces the fee statement (Kosten).
	Fees Fees `json:"fees,omitzero"`
	// Hints are appended to the shared hints.
	Hints []Text `json:"hints,omitempty"`
	// Fields are local fields appended to a named page.
	Fields []LocalFields `json:"fields,omitempty"`
	// Deadline replaces the processing deadline, e.g. "P6W".
	Deadline string `json:"deadline,omitempty"`
	// Notice replaces parts of the notice template (package casework).
	Notice *NoticeOverlay `json:"notice,omitempty"`
}

// LocalFields are fields a tenant appends to page Page.
type LocalFields struct {
	Page   string  `json:"page"`
	Fields []Field `json:"fields"`
}

// NoticeOverlay holds text/template sources of a notice template, by
// outcome ("approved", "rejected", "partly_approved"); empty entries keep
// the shared template's text.
type NoticeOverlay struct {
	Title  map[string]string `json:"title,omitempty"`
	Body   map[string]string `json:"body,omitempty"`
	Remedy string            `json:"remedy,omitempty"`
}

// OverlayProblem is a part of an overlay that does not fit the shared
// version and was left out.
type OverlayProblem struct {
	Part    string // e.g. "fields[0] (page eltern)", "deadline", "notice"
	Message string
}

func (p OverlayProblem) String() string { return p.Part + ": " + p.Message }

// StoredOverlay is an overlay as stored for one tenant and procedure.
type StoredOverlay struct {
	TenantID    tenant.ID
	ProcedureID string
	Overlay     Overlay
	Raw         string // the JSON as saved, for display and editing
	BaseVersion int    // the shared version it was written against
	UpdatedBy   string
	UpdatedAt   time.Time
}

// noticeFuncs names the functions notice templates may call (see
// casework's template funcs); parsing needs the names only.
var noticeFuncs = template.FuncMap{"date": fmt.Sprint, "datetime": fmt.Sprint, "upper": strings.ToUpper,
	"lower": strings.ToLower, "trim": strings.TrimSpace, "default": fmt.Sprint}

// ApplyOverlay returns def with the parts of o that fit, and a problem for
// each part that does not: a page that no longer exists, fields whose
// rules no longer compile or whose ids clash, a malformed deadline, a
// notice template that does not parse. def itself is not changed.
func ApplyOverlay(def Definition, o Overlay) (Definition, []OverlayProblem) {
	out := clone(def)
	var problems []OverlayProblem
	if err := o.Fees.check(); err != nil {
		problems = append(problems, OverlayProblem{"fees", err.Error()})
	} else if o.Fees.DE != "" {
		out.Fees = o.Fees
	}
	out.Hints = append(out.Hints, o.Hints...)
	if o.Deadline != "" {
		try := clone(out)
		try.Deadline = o.Deadline
		if _, err := Compile(try, "overlay"); err != nil {
			problems = append(problems, OverlayProblem{"deadline", err.Error()})
		} else {
			out = try
		}
	}
	for i, lf := range o.Fields {
		part := fmt.Sprintf("fields[%d] (page %s)", i, lf.Page)
		try := clone(out)
		pi := pageIndex(try, lf.Page)
		if pi < 0 {
			problems = append(problems, OverlayProblem{part, fmt.Sprintf("page %q does not exist in version %d", lf.Page, def.Version)})
			continue
		}
		try.Pages[pi].Fields = append(try.Pages[pi].Fields, clone(lf.Fields)...)
		if _, err := Compile(try, "overlay"); err != nil {
			problems = append(problems, OverlayProblem{part, err.Error()})
			continue
		}
		out = try
	}
	if o.Notice != nil {
		if err := o.Notice.check(); err != nil {
			problems = append(problems, OverlayProblem{"notice", err.Error()})
		}
	}
	return out, problems
}

// check parses every template source of n in the restricted notice
// template language (ParseNoticeTemplate).
func (n NoticeOverlay) check() error {
	srcs := map[string]string{"remedy": n.Remedy}
	for o, s := range n.Title {
		srcs["title."+o] = s
	}
	for o, s := range n.Body {
		srcs["body."+o] = s
	}
	names := make([]string, 0, len(srcs))
	for k := range srcs {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if _, err := ParseNoticeTemplate(k, srcs[k], noticeFuncs); err != nil {
			return fmt.Errorf("%s is not a usable notice template: %v", k, err)
		}
	}
	return nil
}

func pageIndex(def Definition, id string) int {
	for i, p := range def.Pages {
		if p.ID == id {
			return i
		}
	}
	return -1
}

// clone deep-copies v through JSON (definitions are plain data).
func clone[T any](v T) T {
	var out T
	b, err := json.Marshal(v)
	if err == nil {
		err = json.Unmarshal(b, &out)
	}
	if err != nil {
		panic(fmt.Sprintf("procedure: clone: %v", err)) // plain data always round-trips
	}
	return out
}

// Effective returns the definition the tenant's citizens fill: the latest
// shared version of procedureID plus the tenant's overlay, with the
// problems of the overlay's parts that were left out. Without an overlay
// it is the shared definition.
func Effective(ctx context.Context, q store.Querier, tenantID tenant.ID, procedureID string) (Definition, []OverlayProblem, error) {
	v, err := Latest(ctx, q, procedureID)
	if err != nil {
		return Definition{}, nil, err
	}
	v, problems, err := EffectiveVersion(ctx, q, tenantID, v)
	return v.Definition, problems, err
}

// EffectiveVersion applies the tenant's overlay to the shared version v
// (a draft keeps the version it was started with). Hash becomes the hash
// of the effective definition, so caches keyed by it see overlay edits.
func EffectiveVersion(ctx context.Context, q store.Querier, tenantID tenant.ID, v Version) (Version, []OverlayProblem, error) {
	so, err := GetOverlay(ctx, q, tenantID, v.ProcedureID)
	if fault.Is(err, fault.NotFound) {
		return v, nil, nil
	}
	if err != nil {
		return v, nil, err
	}
	def, problems := ApplyOverlay(v.Definition, so.Overlay)
	canonical, err := json.Marshal(def)
	if err != nil {
		return v, nil, err
	}
	sum := sha256.Sum256(canonical)
	v.Definition, v.Hash = def, hex.EncodeToString(sum[:])
	return v, problems, nil
}

// LocalNotice returns the tenant's notice template overlay for
// procedureID, or nil when it has none or it does not parse (then the
// shared template applies; the admin page shows the problem).
func LocalNotice(ctx context.Context, q store.Querier, tenantID tenant.ID, procedureID string) (*NoticeOverlay, error) {
	so, err := GetOverlay(ctx, q, tenantID, procedureID)
	if fault.Is(err, fault.NotFound) {
		return nil, nil
	}
	if err != nil || so.Overlay.Notice == nil || so.Overlay.Notice.check() != nil {
		return nil, err
	}
	return so.Overlay.Notice, nil
}

// ParseOverlay decodes an overlay's JSON; unknown keys are errors.
func ParseOverlay(raw []byte) (Overlay, error) {
	var o Overlay
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&o); err != nil {
		return o, fault.New(fault.Invalid, "the overlay is not valid JSON for an overlay: %v", err)
	}
	return o, nil
}

// SaveOverlay validates raw against the latest shared version of
// procedureID and stores it as the tenant's overlay, written against that
// version. An overlay with problems is refused (fault.Invalid naming
// them); nothing is stored then.
func SaveOverlay(ctx context.Context, db *store.DB, actor string, tenantID tenant.ID, procedureID string, raw []byte) error {
	o, err := ParseOverlay(raw)
	if err != nil {
		return err
	}
	v, err := Latest(ctx, db, procedureID)
	if err != nil {
		return err
	}
	if _, problems := ApplyOverlay(v.Definition, o); len(problems) > 0 {
		fe := make([]fault.FieldError, len(problems))
		for i, p := range problems {
			fe[i] = fault.FieldError{Field: "overlay", Key: "overlay.problem", Text: p.String()}
		}
		return fault.Fields("the overlay does not fit the procedure", fe...)
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	return db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE procedure_overlay SET overlay = $1, base_version = $2, updated_by = $3, updated_at = $4
			WHERE tenant_id = $5 AND procedure_id = $6`, string(raw), v.Version, actor, now, tenantID, procedureID)
		if err != nil {
			return fmt.Errorf("update overlay: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO procedure_overlay (tenant_id, procedure_id, overlay, base_version, updated_by, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6)`, tenantID, procedureID, string(raw), v.Version, actor, now); err != nil {
				return fmt.Errorf("insert overlay: %w", err)
			}
		}
		sum := sha256.Sum256(raw)
		return audit.Append(ctx, tx, audit.Entry{TenantID: int64(tenantID), Actor: actor, Action: "procedure.overlay",
			ObjectType: "procedure", ObjectID: procedureID,
			Details: map[string]any{"base_version": v.Version, "sha256": hex.EncodeToString(sum[:])}})
	})
}

const overlayColumns = `tenant_id, procedure_id, overlay, base_version, updated_by, updated_at`

// GetOverlay returns the tenant's overlay of procedureID, or
// fault.NotFound. A stored overlay that no longer decodes is returned
// empty with its Raw text, so it is reported rather than failing the form.
func GetOverlay(ctx context.Context, q store.Querier, tenantID tenant.ID, procedureID string) (StoredOverlay, error) {
	row := q.QueryRowContext(ctx, `SELECT `+overlayColumns+` FROM procedure_overlay
		WHERE tenant_id = $1 AND procedure_id = $2`, tenantID, procedureID)
	so, err := scanOverlay(row)
	if errors.Is(err, sql.ErrNoRows) {
		return so, fault.New(fault.NotFound, "no overlay of %s", procedureID)
	}
	return so, err
}

// ListOverlays returns the tenant's overlays ordered by procedure.
func ListOverlays(ctx context.Context, q store.Querier, tenantID tenant.ID) ([]StoredOverlay, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+overlayColumns+` FROM procedure_overlay
		WHERE tenant_id = $1 ORDER BY procedure_id`, tenantID)
	if err != nil {
		return nil, fmt.Errorf("list overlays: %w", err)
	}
	return store.Collect(rows, nil, scanOverlay)
}

func scanOverlay(row interface{ Scan(...any) error }) (StoredOverlay, error) {
	var so StoredOverlay
	if err := row.Scan(&so.TenantID, &so.ProcedureID, &so.Raw, &so.BaseVersion, &so.UpdatedBy, &so.UpdatedAt); err != nil {
		return so, err
	}
	so.UpdatedAt = so.UpdatedAt.UTC()
	so.Overlay, _ = ParseOverlay([]byte(so.Raw)) // a stale key leaves it empty; Check reports it
	return so, nil
}

// CheckOverlay returns the problems of the tenant's overlay of procedureID
// against the latest shared version (for the admin page and logs).
func CheckOverlay(ctx context.Context, q store.Querier, so StoredOverlay) ([]OverlayProblem, error) {
	v, err := Latest(ctx, q, so.ProcedureID)
	if err != nil {
		return nil, err
	}
	if _, err := ParseOverlay([]byte(so.Raw)); err != nil {
		return []OverlayProblem{{"overlay", err.Error()}}, nil
	}
	_, problems := ApplyOverlay(v.Definition, so.Overlay)
	return problems, nil
}
