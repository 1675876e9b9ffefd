package casework

import "time"

// Signal is what the inbox marks on a case for the case worker to act on
// (Signal im Posteingang); each is also a filter (Filter.Signal).
type Signal string

// The inbox signals.
const (
	// SignalUnread: the applicant replied to a request, wrote or uploaded
	// something the assignee (or, unassigned, the unit) has not opened
	// (ungelesene Aktivität). Opening the case page clears it.
	SignalUnread Signal = "unread"
	// SignalDueSoon: open, the deadline is within the warning window
	// (Frist läuft bald ab); see Flags.DeadlineSoon.
	SignalDueSoon Signal = "due_soon"
	// SignalOverdue: open and past the deadline (Frist überschritten).
	SignalOverdue Signal = "overdue"
	// SignalWaiting: waiting for the applicant (wartet auf Antragsteller):
	// status waiting or an open request.
	SignalWaiting Signal = "waiting"
	// SignalFiction: open with a Genehmigungsfiktion whose deadline is
	// within the warning window or passed (Genehmigungsfiktion naht).
	SignalFiction Signal = "fiction"
)

// Signals lists the inbox signals in the order the inbox shows them.
func Signals() []Signal {
	return []Signal{SignalUnread, SignalDueSoon, SignalOverdue, SignalWaiting, SignalFiction}
}

// MaxWarnDays is the longest "due soon" window a staff member may choose.
const MaxWarnDays = 60

// CountCap is where the inbox stops counting the cases of a status: a
// count is an index range scan of at most CountCap entries, whatever the
// volume (1,000,000 cases cost what 10,000 do); the page says "10,000 or
// more".
const CountCap = 10000

// openStatuses is the SQL condition of Status.Open.
const openStatuses = "c.status IN ('received', 'in_review', 'waiting')"

// signalCond adds the condition of signal sig at now with window to w.
func signalCond(w *where, sig Signal, now time.Time, window time.Duration) {
	switch sig {
	case SignalUnread:
		w.add("c.unread_since IS NOT NULL")
	case SignalDueSoon:
		w.add(openStatuses + " AND c.deadline_at >= " + w.arg(now) + " AND c.deadline_at <= " + w.arg(now.Add(window)) +
			" AND COALESCE(c.warn_at, c.received_at) <= " + w.arg(now))
	case SignalOverdue:
		w.add(openStatuses + " AND c.deadline_at < " + w.arg(now))
	case SignalWaiting:
		w.add(`c.status = 'waiting' OR (` + openStatuses + ` AND EXISTS (SELECT 1 FROM case_request r
			WHERE r.case_id = c.id AND r.tenant_id = c.tenant_id AND r.status = 'open'))`)
	case SignalFiction:
		w.add(openStatuses + " AND c.approval_fiction = " + w.arg(true) + " AND c.deadline_at <= " + w.arg(now.Add(window)) +
			" AND COALESCE(c.warn_at, c.received_at) <= " + w.arg(now))
	}
}
