package casework

// InboxQueries returns the statements Inbox runs for staff and f (the
// counts per status, the page) with their arguments, for the volume
// benchmark's EXPLAIN plans.
func InboxQueries(s *Service, staff Staff, f Filter) (sqls []string, args [][]any) {
	cq, cargs := s.CountsSQL(staff, f)
	pq, pargs, err := s.InboxSQL(staff, f)
	if err != nil {
		panic(err) // a benchmark's own filter
	}
	return []string{cq, pq}, [][]any{cargs, pargs}
}

// CaseQueries are the main statements of the case page with their
// arguments: the case by reference, its row, its events and requests.
func CaseQueries(tenantID int64, reference string, id int64) (sqls []string, args [][]any) {
	return []string{
		`SELECT id FROM case_record WHERE tenant_id = $1 AND reference = $2`,
		`SELECT ` + caseColumns + caseFrom + ` WHERE c.id = $1 AND c.tenant_id = $2`,
		`SELECT id, case_id, at, actor, action, from_status, to_status, details FROM case_event WHERE case_id = $1 ORDER BY id`,
		`SELECT id, subject, due_at, status FROM case_request WHERE case_id = $1 ORDER BY id`,
	}, [][]any{{tenantID, reference}, {id, tenantID}, {id}, {id}}
}
