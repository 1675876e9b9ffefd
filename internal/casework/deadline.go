package casework

// flags computes the deadline markers of c at the service clock's now.
func (s *Service) flags(c Case) Flags {
	now := s.now()
	var f Flags
	if !c.NextRequestDue.IsZero() && now.After(c.NextRequestDue) {
		f.RequestOverdue = true
	}
	if !c.Status.Open() || c.Deadline.IsZero() {
		return f
	}
	switch {
	case now.After(c.Deadline):
		f.Overdue = true
		f.FictionReached = c.ApprovalFiction
	case !now.Before(c.Deadline.Add(-s.cfg.WarnBefore)):
		f.DeadlineSoon = true
		f.FictionAtRisk = c.ApprovalFiction
	}
	return f
}
