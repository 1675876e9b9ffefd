package app

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/amtsweg/amtsweg/internal/demo"
	"github.com/amtsweg/amtsweg/internal/web/site"
)

// demoLogins is what the login page lists in demo mode: the demo staff
// accounts of the request's tenant (package demo). Without --demo it is
// nil, so no page lists an account or shows the demo banner.
func (a *App) demoLogins() func(tenantSlug string) []site.DemoLogin {
	if !a.cfg.Demo {
		return nil
	}
	return func(slug string) []site.DemoLogin {
		var out []site.DemoLogin
		for _, s := range demo.StaffAccounts(slug) {
			out = append(out, site.DemoLogin{Name: s.Name, Email: s.Email, Password: s.Password,
				Role: string(s.Role), Authority: s.AuthorityName})
		}
		return out
	}
}

// seedDemoStaff seeds the demo staff and, with --demo-history, the twelve
// weeks of demo cases; New runs it under the demo seeding lock.
func (a *App) seedDemoStaff(ctx context.Context, log *slog.Logger) error {
	if err := demo.SeedStaff(ctx, a.DB, a.Accounts, log); err != nil {
		return fmt.Errorf("demo staff: %w", err)
	}
	if !a.cfg.DemoHistory {
		return nil
	}
	if err := demo.SeedHistory(ctx, a.DB, log); err != nil {
		return fmt.Errorf("demo history: %w", err)
	}
	if err := demo.SeedHistoryNotices(ctx, a.DB, a.Backoffice.Cases, log); err != nil {
		return fmt.Errorf("demo history notices: %w", err)
	}
	return nil
}
