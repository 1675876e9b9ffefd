package casework

import "time"

// The "due soon" warning (Frist läuft bald ab) starts when both hold:
//
//   - the deadline is within the window: Config.WarnBefore (default 7
//     days), or the staff member's own choice in the inbox (1 to
//     MaxWarnDays days);
//   - three quarters of the processing period (receipt to deadline) have
//     passed (warnAt): the warning covers at most the last quarter of the
//     period, so a case of a procedure with a short period is never
//     flagged on arrival.
//
// case_record.warn_at stores warnAt for the inbox's filter.

// warnShare is the part of the processing period the warning may cover.
const warnShare = 4 // one quarter

// warnAt is the earliest time case c may be flagged "due soon"; zero
// without a deadline.
func warnAt(received, deadline time.Time) time.Time {
	if deadline.IsZero() {
		return time.Time{}
	}
	return deadline.Add(-deadline.Sub(received) / warnShare)
}

// WarnDays is the configured "due soon" window in whole days
// (Config.WarnBefore), for the inbox's hint.
func (s *Service) WarnDays() int { return int(s.cfg.WarnBefore / (24 * time.Hour)) }

// window is the "due soon" window of days (0: the configured one).
func (s *Service) window(days int) time.Duration {
	if days > 0 {
		return time.Duration(days) * 24 * time.Hour
	}
	return s.cfg.WarnBefore
}

// flags computes the markers of c at the service clock's now with the
// configured window.
func (s *Service) flags(c Case) Flags { return s.flagsWithin(c, s.cfg.WarnBefore) }

// flagsWithin computes the markers of c with the "due soon" window.
func (s *Service) flagsWithin(c Case, window time.Duration) Flags {
	now := s.now()
	f := Flags{Unread: !c.UnreadSince.IsZero()}
	if !c.NextRequestDue.IsZero() && now.After(c.NextRequestDue) {
		f.RequestOverdue = true
	}
	if !c.Status.Open() {
		return f
	}
	f.AwaitingApplicant = c.Status == Waiting || !c.NextRequestDue.IsZero()
	if c.Deadline.IsZero() {
		return f
	}
	switch {
	case now.After(c.Deadline):
		f.Overdue = true
		f.FictionReached = c.ApprovalFiction
	case !now.Before(c.Deadline.Add(-window)) && !now.Before(warnAt(c.ReceivedAt, c.Deadline)):
		f.DeadlineSoon = true
		f.FictionAtRisk = c.ApprovalFiction
	}
	return f
}
