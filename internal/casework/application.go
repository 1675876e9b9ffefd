package casework

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// submission is what casework reads of a submitted application: package
// apply's read model.
type submission = apply.Submission

// attachmentRow is one file of a submitted application (apply's read model).
type attachmentRow = apply.SubmittedFile

func loadSubmission(ctx context.Context, q store.Querier, id int64) (submission, error) {
	return apply.LoadSubmission(ctx, q, id)
}

func loadAttachments(ctx context.Context, q store.Querier, applicationID int64) ([]attachmentRow, error) {
	return apply.SubmittedFiles(ctx, q, applicationID)
}

// applicantName finds the applicant's name in the answers: a "name" field,
// or "vornamen" + "familienname", or a company name, at the top level or in
// a (non-repeated) group; else the account's name (account's read model);
// else "".
func applicantName(ctx context.Context, q store.Querier, a submission) string {
	if n := nameIn(a.Answers, 0); n != "" {
		return n
	}
	if a.AccountID == 0 {
		return ""
	}
	c, _ := account.ContactOf(ctx, q, a.TenantID, a.AccountID)
	return strings.TrimSpace(c.Name)
}

func nameIn(m map[string]any, depth int) string {
	str := func(k string) string { s, _ := m[k].(string); return strings.TrimSpace(s) }
	if n := str("name"); n != "" {
		return n
	}
	if f := str("familienname"); f != "" {
		return strings.TrimSpace(str("vornamen") + " " + f)
	}
	for _, k := range []string{"firma", "firmenname"} {
		if n := str(k); n != "" {
			return n
		}
	}
	if depth >= 2 {
		return ""
	}
	for _, k := range []string{"antragsteller", "person", "applicant"} {
		if sub, ok := m[k].(map[string]any); ok {
			if n := nameIn(sub, depth+1); n != "" {
				return n
			}
		}
	}
	return ""
}

// fold lower-cases s and folds umlauts and ß, for search.
func fold(s string) string {
	return strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss").Replace(strings.ToLower(strings.TrimSpace(s)))
}

// applicantEmail returns the address, language and tenant name of the
// applicant's active account in tenantID; no address for guests and
// deleted accounts.
func applicantEmail(ctx context.Context, q store.Querier, tenantID tenant.ID, accountID int64) mail.Addressee {
	if accountID == 0 {
		return mail.Addressee{}
	}
	c, err := account.ContactOf(ctx, q, tenantID, accountID)
	if err != nil || !c.Active {
		return mail.Addressee{}
	}
	portal, _ := tenant.Name(ctx, q, tenantID)
	return mail.Addressee{To: c.Email, Lang: mail.Lang(c.Lang), Portal: portal}
}

// portal is the name that signs a notification: the tenant's, else the
// configured portal name.
func (s *Service) portal(to mail.Addressee) string {
	if to.Portal != "" {
		return to.Portal
	}
	return s.cfg.Portal
}

// AuthorityOfApplication is the authority whose case application
// applicationID of tenantID is (0 while it has no case), read through q:
// the read model the mailbox files its events under.
func AuthorityOfApplication(ctx context.Context, q store.Querier, tenantID tenant.ID, applicationID int64) (int64, error) {
	var authority int64
	err := q.QueryRowContext(ctx, `SELECT authority_id FROM case_record WHERE application_id = $1 AND tenant_id = $2`,
		applicationID, tenantID).Scan(&authority)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("casework: authority of application %d: %w", applicationID, err)
	}
	return authority, nil
}
