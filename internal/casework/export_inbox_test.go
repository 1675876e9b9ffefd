package casework

// InboxSQL is the statement of the inbox page for f, for the plan test.
func (s *Service) InboxSQL(staff Staff, f Filter) (string, []any, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	return s.inboxQuery(staff, f)
}

// CountsSQL is the statement of the counts per status for f.
func (s *Service) CountsSQL(staff Staff, f Filter) (string, []any) { return s.countsQuery(staff, f) }

// CursorAt is the cursor of case c in f's order (for a deep page).
func CursorAt(f Filter, c Case) string {
	return encodeCursor(f, inboxRow{Case: c, folded: fold(c.ApplicantName)})
}
