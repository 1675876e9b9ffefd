package account

import (
	"context"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// stageAfterLogin is the stage a new session starts in: complete, or the
// second factor (a code, or the set-up for staff) still due. A login at
// Substantial or higher (eID) owes none, and neither does a demo staff
// account in demo mode (demoWaived).
func (s *Service) stageAfterLogin(a Account, level Level) Stage {
	switch {
	case level >= LevelSubstantial || s.demoWaived(a):
		return StageComplete
	case a.SecondFactor:
		return StageSecondFactor
	case a.Kind == KindStaff:
		return StageEnrol
	}
	return StageComplete
}

// demoWaived reports whether a's second factor is waived: only for a demo
// staff account (Demo-Zugang, seeded by SeedDemoStaff) and only while the
// process runs with --demo (Config.DemoWaiver). A real staff account owes
// its second factor in demo mode too, and without --demo the marker
// grants nothing.
func (s *Service) demoWaived(a Account) bool {
	return s.cfg.DemoWaiver && a.Demo && a.Kind == KindStaff
}

// SeedDemoStaff creates the demo staff accounts (Demo-Zugänge) of `serve
// --demo` that do not exist yet (by e-mail address in their tenant) and
// returns how many it created. Each is marked as a demo account, so its
// second factor is waived while the process runs in demo mode. Each
// distinct password is hashed once, so a demo start stays quick.
func (s *Service) SeedDemoStaff(ctx context.Context, actor string, staff []NewStaff) (int, error) {
	hashes := map[string]string{}
	created := 0
	for _, in := range staff {
		email, err := NormalizeEmail(in.Email)
		if err != nil {
			return created, err
		}
		if _, err := ByEmail(ctx, s.db, in.TenantID, email); err == nil {
			continue
		} else if !fault.Is(err, fault.NotFound) {
			return created, err
		}
		if err := validateRoles(in.Roles); err != nil {
			return created, err
		}
		if err := CheckPassword(in.Password, email); err != nil {
			return created, err
		}
		if hashes[in.Password] == "" {
			if hashes[in.Password], err = s.hasher.Hash(in.Password); err != nil {
				return created, err
			}
		}
		if _, _, err := s.createStaff(ctx, actor, in, email, hashes[in.Password], true); err != nil {
			return created, err
		}
		created++
	}
	return created, nil
}

// ErrDemoOnly refuses a login to a demo account while the process does
// not run with --demo.
var ErrDemoOnly = fault.New(fault.Forbidden, "demo accounts can only log in while the portal runs in demo mode")

// demoOutsideDemo refuses a session for a demo staff account without
// --demo: its password is public (the demo's login page lists it), so
// an installation that was once started as a demo and later runs for
// real must not let anyone holding that password enrol their own second
// factor and work as staff.
func (s *Service) demoOutsideDemo(a Account) error {
	if a.Demo && a.Kind == KindStaff && !s.cfg.DemoWaiver {
		return ErrDemoOnly
	}
	return nil
}

// ErrDemoAccount refuses to change or delete a demo account in demo mode:
// its password, address and existence are shared by every visitor.
var ErrDemoAccount = fault.New(fault.Forbidden, "the demo accounts cannot be changed")

// keepDemo refuses a change of a demo account in demo mode.
func (s *Service) keepDemo(a Account) error {
	if s.demoWaived(a) {
		return ErrDemoAccount
	}
	return nil
}
