// Package integration is what a specialised system (Fachverfahren) may do
// through the API, for the authority (or tenant) its API client belongs to:
// read the authority's submissions with their data and files, acknowledge
// their receipt, move cases, write to the applicant and decide with a
// notice PDF. Every function takes the authenticated apiclient.Client and
// scopes by construction: a case of another authority is fault.NotFound.
//
// The client acts in casework as a head of unit of its authority (a
// system principal with account id 0, see principal), so casework's
// transition table and checks apply unchanged. Each call is recorded in
// the audit log under the client's actor "apiclient:<id>" by the API layer.
package integration

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/mailbox"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Config tunes the package.
type Config struct {
	// AckWithin is how long after receipt a submission may stay
	// unacknowledged before it is flagged overdue (default 24h).
	AckWithin time.Duration
}

// Deps are what a Service works with.
type Deps struct {
	DB      *store.DB
	Cases   *casework.Service
	Mailbox *mailbox.Service
	Clock   func() time.Time // nil: time.Now
	Config  Config
}

// Service carries out the operations of API clients.
type Service struct {
	db    *store.DB
	cases *casework.Service
	mb    *mailbox.Service
	clock func() time.Time
	cfg   Config
}

// New returns a Service; it needs DB, Cases and Mailbox.
func New(d Deps) (*Service, error) {
	if d.DB == nil || d.Cases == nil || d.Mailbox == nil {
		return nil, errors.New("integration: New needs DB, Cases and Mailbox")
	}
	if d.Clock == nil {
		d.Clock = time.Now
	}
	if d.Config.AckWithin <= 0 {
		d.Config.AckWithin = 24 * time.Hour
	}
	return &Service{db: d.DB, cases: d.Cases, mb: d.Mailbox, clock: d.Clock, cfg: d.Config}, nil
}

// principal is the casework principal of client c: head of unit of its
// authority, or of every authority of its tenant for a tenant-wide client.
func (s *Service) principal(ctx context.Context, c apiclient.Client) (casework.Staff, error) {
	ids := []int64{c.AuthorityID}
	if c.AuthorityID == 0 {
		var err error
		if ids, err = s.tenantAuthorities(ctx, c.TenantID); err != nil {
			return casework.Staff{}, err
		}
	}
	roles := make([]account.StaffRole, len(ids))
	for i, id := range ids {
		roles[i] = account.StaffRole{AuthorityID: id, Role: account.RoleHeadOfUnit}
	}
	return casework.NewSystem(c.TenantID, "apiclient:"+strconv.FormatInt(c.ID, 10), "Fachverfahren "+c.Name, roles), nil
}

func (s *Service) tenantAuthorities(ctx context.Context, tenantID tenant.ID) ([]int64, error) {
	auths, err := catalog.ListAuthorities(ctx, s.db, tenantID) // the catalog's read model
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(auths))
	for i, a := range auths {
		ids[i] = a.ID
	}
	return ids, nil
}
