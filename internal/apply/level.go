package apply

import (
	"context"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
)

// LevelError says that a login is below the assurance level
// (Vertrauensniveau) an application's procedure requires: the data was
// given at that level and is shown or changed only at that level again.
// It is wrapped in a fault.Unauthorized; the web pages offer a stronger
// login (step-up) instead of a refusal.
type LevelError struct {
	ApplicationID int64
	Need          account.Level
	Title         procedure.Text // the procedure's title
}

func (e *LevelError) Error() string {
	return fmt.Sprintf("application %d needs a login at assurance level %s", e.ApplicationID, e.Need)
}

// ReadLevel is the assurance level an account's login needs to read or
// change application a, its receipt, messages and notices: the level its
// procedure version required when it was started. An unknown level is
// the highest, so nothing passes by mistake.
func (s *Service) ReadLevel(ctx context.Context, a Application) (account.Level, procedure.Text, error) {
	v, _, err := s.sharedVersion(ctx, s.db, a.ProcedureID, a.Version)
	if err != nil {
		return account.LevelHigh, procedure.Text{}, err
	}
	need, err := account.ParseLevel(v.Definition.Assurance)
	if err != nil {
		need = account.LevelHigh
	}
	return need, v.Definition.Title, nil
}

// levelSuffices returns a fault.Unauthorized wrapping a *LevelError when
// owner's login is below a's ReadLevel. Guests hold the resume secret of a
// procedure that admits guests; their secret is the credential.
func (s *Service) levelSuffices(ctx context.Context, a Application, owner Owner) error {
	if owner.Guest() {
		return nil
	}
	need, title, err := s.ReadLevel(ctx, a)
	if err != nil {
		return err
	}
	if owner.Level.Satisfies(need) {
		return nil
	}
	return fault.Wrap(&LevelError{ApplicationID: a.ID, Need: need, Title: title}, fault.Unauthorized,
		"this application needs a login at assurance level %s", need)
}
