package casework

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// InboxView is a staff member's saved inbox view (gespeicherte
// Ansicht): the filters and the order they chose last, kept per staff
// account (case_inbox_view) until they change or reset them. Search text
// and receipt dates are one-off lookups and not kept.
type InboxView struct {
	Status      Status   `json:"status,omitempty"`
	ProcedureID string   `json:"procedure,omitempty"`
	Assigned    Assigned `json:"assigned,omitempty"`
	Signal      Signal   `json:"signal,omitempty"`
	Sort        Sort     `json:"sort,omitempty"`
	Desc        bool     `json:"desc,omitempty"`
	WarnDays    int      `json:"warnDays,omitempty"`
}

// Apply sets the view's filters and order on f.
func (v InboxView) Apply(f Filter) Filter {
	f.Status = nil
	if v.Status != "" {
		f.Status = []Status{v.Status}
	}
	f.ProcedureID, f.Assigned, f.Signal, f.Sort, f.Desc, f.WarnDays = v.ProcedureID, v.Assigned, v.Signal, v.Sort, v.Desc, v.WarnDays
	return f
}

// Check refuses a view the inbox cannot show, naming the field.
func (v InboxView) Check() error {
	if v.Status != "" && !slices.Contains(Statuses(), v.Status) {
		return fault.Fields("unknown status", fault.FieldError{Field: "status", Key: "field.invalid", Text: "unknown status"})
	}
	switch v.Assigned {
	case AssignedAny, AssignedMe, AssignedNone:
	default:
		return fault.Fields("unknown assignment filter", fault.FieldError{Field: "assigned", Key: "field.invalid", Text: "unknown assignment filter"})
	}
	return v.Apply(Filter{}).check()
}

// InboxView returns staff's saved view; the zero view if there is none.
func (s *Service) InboxView(ctx context.Context, staff Staff) (InboxView, error) {
	var raw string
	err := s.db.QueryRowContext(ctx, `SELECT settings FROM case_inbox_view WHERE tenant_id = $1 AND account_id = $2`,
		staff.TenantID, staff.AccountID).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return InboxView{}, nil
	}
	if err != nil {
		return InboxView{}, fmt.Errorf("casework: inbox view: %w", err)
	}
	var v InboxView
	if json.Unmarshal([]byte(raw), &v) != nil || v.Check() != nil {
		return InboxView{}, nil // a view saved by an older version: start afresh
	}
	return v, nil
}

// SaveInboxView keeps v as staff's inbox view; a view with an unknown
// value is fault.Invalid with its field, and nothing is saved.
func (s *Service) SaveInboxView(ctx context.Context, staff Staff, v InboxView) error {
	if staff.AccountID == 0 {
		return fault.New(fault.Forbidden, "only staff accounts keep an inbox view")
	}
	if err := v.Check(); err != nil {
		return err
	}
	raw, err := jsonString(v)
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO case_inbox_view (tenant_id, account_id, settings, updated_at)
		VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, account_id)
		DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
		staff.TenantID, staff.AccountID, raw, s.now())
	if err != nil {
		return fmt.Errorf("casework: save inbox view: %w", err)
	}
	return nil
}

// ResetInboxView forgets staff's inbox view: the inbox shows every case
// again, oldest first.
func (s *Service) ResetInboxView(ctx context.Context, staff Staff) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM case_inbox_view WHERE tenant_id = $1 AND account_id = $2`,
		staff.TenantID, staff.AccountID); err != nil {
		return fmt.Errorf("casework: reset inbox view: %w", err)
	}
	return nil
}
