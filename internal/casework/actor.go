package casework

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Actor kinds of a history step (Bearbeiter eines Verfahrensschritts), as
// Event.ActorKind names them.
const (
	ActorStaff     = "staff"     // a staff member's account
	ActorClient    = "apiclient" // a specialised system through the API
	ActorApplicant = "applicant"
	ActorSystem    = "system"
)

// ActorKind is the kind of e's actor (ActorStaff, ActorClient,
// ActorApplicant or ActorSystem) and, for staff and API clients, its id.
func (e Event) ActorKind() (string, int64) {
	kind, id, ok := strings.Cut(e.Actor, ":")
	if !ok {
		if e.Actor == ActorApplicant {
			return ActorApplicant, 0
		}
		return ActorSystem, 0
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || (kind != ActorStaff && kind != ActorClient) {
		return ActorSystem, 0
	}
	return kind, n
}

// nameActors fills ActorName of the events: the staff member's name from
// the account, the API client's name, both only within tenantID. A
// deleted account (its name is erased) or a removed client leaves "".
func nameActors(ctx context.Context, db *store.DB, tenantID tenant.ID, events []Event) error {
	names := map[string]string{}
	for i, e := range events {
		if name, ok := names[e.Actor]; ok {
			events[i].ActorName = name
			continue
		}
		name, err := actorName(ctx, db, tenantID, e)
		if err != nil {
			return err
		}
		names[e.Actor], events[i].ActorName = name, name
	}
	return nil
}

// actorName reads the name of one event's actor ("" when it has none).
func actorName(ctx context.Context, db *store.DB, tenantID tenant.ID, e Event) (string, error) {
	kind, id := e.ActorKind()
	var q string
	switch kind {
	case ActorStaff:
		c, err := account.ContactOf(ctx, db, tenantID, id)
		if fault.Is(err, fault.NotFound) || (err == nil && c.State == account.StateDeleted) {
			return "", nil
		}
		if err != nil {
			return "", fmt.Errorf("casework: name of %s: %w", e.Actor, err)
		}
		return strings.TrimSpace(c.Name), nil
	case ActorClient:
		q = `SELECT name FROM api_client WHERE id = $1 AND tenant_id = $2`
	default:
		return "", nil
	}
	var name string
	err := db.QueryRowContext(ctx, q, id, tenantID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("casework: name of %s: %w", e.Actor, err)
	}
	return strings.TrimSpace(name), nil
}
