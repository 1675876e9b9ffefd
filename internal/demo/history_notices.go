package demo

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// historySent is how many of the demo case worker's cases in review the
// demo decides through the real notice workflow (drafted, completed,
// sealed, delivered); historyCosign is how many rejections it drafts and
// leaves waiting for the head of unit's co-signature (Mitzeichnung).
const (
	historySent   = 24
	historyCosign = 4
)

// SeedHistoryNotices gives the demo history notices (Bescheide) through
// casework's real workflow, after SeedHistory: the demo case worker
// decides her most recent cases in review — every sixth a rejection,
// co-signed by the head of unit as the demo's rule asks — and the sealed
// notices reach the applicants' mailboxes; a few more rejections wait for
// the head's co-signature. Placeholders the template leaves are completed
// first (no sent notice has one). The bulk history's older decided cases
// carry no notice: sealing thousands of PDFs would make each demo start
// take minutes. A tenant that has notices is left alone (resume: the
// history's notices are written once).
func SeedHistoryNotices(ctx context.Context, db *store.DB, cases *casework.Service, log *slog.Logger) error {
	sn, err := tenant.BySlug(ctx, db, TenantSlug)
	if fault.Is(err, fault.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if has, err := casework.HasNotices(ctx, db, sn.ID); err != nil || has {
		return err
	}
	worker, err := demoStaff(ctx, db, sn.ID, 0)
	if fault.Is(err, fault.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	head, err := demoStaff(ctx, db, sn.ID, 1)
	if err != nil {
		return err
	}
	start := time.Now()
	page, err := cases.Inbox(ctx, worker, casework.Filter{Status: []casework.Status{casework.InReview},
		Assigned: casework.AssignedMe, Desc: true, Limit: historySent + historyCosign})
	if err != nil {
		return err
	}
	sent := 0
	for i, c := range page.Cases {
		cosign := i >= historySent
		outcome := casework.Approved
		if cosign || i%6 == 5 {
			outcome = casework.Rejected
		}
		if err := decideHistoryCase(ctx, cases, worker, head, c.ID, outcome, !cosign); err != nil {
			return fmt.Errorf("demo notice of %s: %w", c.Reference, err)
		}
		if !cosign {
			sent++
		}
	}
	log.Info("demo: history notices", "sent", sent, "awaiting co-signature", len(page.Cases)-sent,
		"took", time.Since(start).Round(time.Millisecond))
	return nil
}

// demoStaff is the casework principal of the i-th Saxon demo staff account.
func demoStaff(ctx context.Context, db *store.DB, tenantID tenant.ID, i int) (casework.Staff, error) {
	a, err := account.ByEmail(ctx, db, tenantID, StaffAccounts(TenantSlug)[i].Email)
	if err != nil {
		return casework.Staff{}, err
	}
	return casework.LoadStaff(ctx, db, tenantID, a.ID)
}

// decideHistoryCase drafts the notice of case caseID for outcome,
// completes its placeholders and, when send, has it co-signed where the
// rules ask and sends it.
func decideHistoryCase(ctx context.Context, cases *casework.Service, worker, head casework.Staff, caseID int64,
	outcome casework.Outcome, send bool) error {
	n, err := cases.DraftNotice(ctx, worker, caseID, outcome)
	if err != nil {
		return err
	}
	if len(casework.Placeholders(n.NoticeText)) > 0 {
		if n, err = cases.EditNotice(ctx, worker, n.ID, completed(n.NoticeText, outcome)); err != nil {
			return err
		}
	}
	if !send {
		return nil
	}
	if n.FourEyes {
		if n, err = cases.ApproveNotice(ctx, head, n.ID); err != nil {
			return err
		}
	}
	_, err = cases.SendNotice(ctx, worker, n.ID, casework.SendOptions{OpenRequestsAcknowledged: true})
	return err
}

// completed replaces every placeholder of t with what a case worker
// writes there for outcome.
func completed(t casework.NoticeText, outcome casework.Outcome) casework.NoticeText {
	fill := "Die Voraussetzungen liegen vor; die eingereichten Angaben und Nachweise sind vollständig und schlüssig."
	if outcome == casework.Rejected {
		fill = "Die erforderlichen Nachweise wurden trotz unserer Aufforderung nicht vollständig vorgelegt, " +
			"sodass die Voraussetzungen nicht festgestellt werden konnten."
	}
	for _, p := range casework.Placeholders(t) {
		m := p.Args["text"].(string)
		switch p.Field {
		case "title":
			t.Title = strings.Replace(t.Title, m, "Bescheid", 1)
		case "body":
			t.Body = strings.Replace(t.Body, m, fill, 1)
		case "remedy":
			t.Remedy = strings.Replace(t.Remedy, m, "", 1)
		}
	}
	return t
}
