package casework

import "strconv"

// InboxQueries returns the statements Inbox runs for staff and f (counts,
// total, page) with their arguments, for the volume benchmark's EXPLAIN
// plans. It mirrors Inbox's assembly; keep the two together.
func InboxQueries(s *Service, staff Staff, f Filter) (sqls []string, args [][]any) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	w := s.where(staff, f)
	sqls = append(sqls, `SELECT c.status, COUNT(*) FROM case_record c WHERE `+w.sql()+` GROUP BY c.status`)
	args = append(args, w.args)
	w = s.where(staff, f)
	if len(f.Status) > 0 {
		w.add("c.status IN (" + w.list(statusArgs(f.Status)) + ")")
	}
	sqls = append(sqls, `SELECT COUNT(*) FROM case_record c WHERE `+w.sql(),
		`SELECT `+caseColumns+caseFrom+` WHERE `+w.sql()+` ORDER BY `+order(f)+
			` LIMIT `+itoa(f.Limit)+` OFFSET `+itoa(max(f.Offset, 0)))
	args = append(args, w.args, w.args)
	return sqls, args
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

func itoa(n int) string { return strconv.Itoa(n) }
