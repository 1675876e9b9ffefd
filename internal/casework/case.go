package casework

import (
	"time"

	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Status is where a case is in its workflow (Bearbeitungsstand).
type Status string

// The statuses of a case.
const (
	Received  Status = "received"  // eingegangen: routed, not yet in review
	InReview  Status = "in_review" // in Bearbeitung
	Waiting   Status = "waiting"   // wartet auf Antragsteller (open request)
	Decided   Status = "decided"   // entschieden: the notice was sent
	Closed    Status = "closed"    // abgeschlossen (zu den Akten)
	Withdrawn Status = "withdrawn" // zurückgenommen by the applicant
)

// Statuses lists every status in workflow order.
func Statuses() []Status { return []Status{Received, InReview, Waiting, Decided, Closed, Withdrawn} }

// Open reports whether a case in s still waits for a decision, so its
// processing deadline runs.
func (s Status) Open() bool { return s == Received || s == InReview || s == Waiting }

// Outcome is the decision (Entscheidung) of a case.
type Outcome string

// The outcomes of a decision.
const (
	Approved       Outcome = "approved"        // stattgegeben / bewilligt
	Rejected       Outcome = "rejected"        // abgelehnt
	PartlyApproved Outcome = "partly_approved" // teilweise stattgegeben
)

// Valid reports whether o is one of the outcomes.
func (o Outcome) Valid() bool { return o == Approved || o == Rejected || o == PartlyApproved }

// Label is the German name of the outcome as printed on the notice.
func (o Outcome) Label() string {
	switch o {
	case Approved:
		return "stattgegeben"
	case Rejected:
		return "abgelehnt"
	case PartlyApproved:
		return "teilweise stattgegeben"
	}
	return ""
}

// Case is a case (Vorgang): what an authority does with one submitted
// application.
type Case struct {
	ID             int64
	TenantID       tenant.ID
	ApplicationID  int64
	Reference      string // Aktenzeichen, the application's reference number
	ProcedureID    string
	Version        int    // procedure version of the application
	ProcedureTitle string // German title of the procedure
	AuthorityID    int64  // the authority in charge (the clearing office for clearing cases)
	// Clearing marks a case no responsible authority was found for; it
	// sits with the tenant's clearing office (Clearingstelle) until it is
	// forwarded.
	Clearing      bool
	Status        Status
	Outcome       Outcome // set once decided
	AssigneeID    int64   // staff account working the case; 0 for unassigned
	AssigneeName  string
	ApplicantName string
	// ApplicantAccountID is the applicant's account; 0 for a guest.
	ApplicantAccountID int64
	ReceivedAt         time.Time
	Deadline           time.Time // processing deadline (Bearbeitungsfrist); zero for none
	// ApprovalFiction marks a Genehmigungsfiktion: the application counts
	// as approved when the deadline passes without a decision.
	ApprovalFiction bool
	DecidedAt       time.Time
	ClosedAt        time.Time
	UpdatedAt       time.Time
	// NextRequestDue is the earliest due date of an open request; zero
	// for none.
	NextRequestDue time.Time
	// UnreadSince is the applicant's first activity the assignee (or,
	// unassigned, the unit) has not opened; zero for none. Set by the
	// inbox only (Service.Inbox).
	UnreadSince time.Time
	Flags       Flags
}

// Flags are the deadline markers of a case at the time of the query.
type Flags struct {
	// DeadlineSoon: open, the deadline is within the warning window
	// (default 7 days) and the last quarter of the processing period has
	// begun (deadline.go).
	DeadlineSoon bool
	// Overdue: open, and the deadline has passed.
	Overdue bool
	// FictionReached: overdue with a Genehmigungsfiktion — the application
	// may count as approved by law.
	FictionReached bool
	// FictionAtRisk: DeadlineSoon with a Genehmigungsfiktion.
	FictionAtRisk bool
	// RequestOverdue: an open request's due date has passed.
	RequestOverdue bool
	// Unread: the applicant's activity not opened yet (SignalUnread);
	// known in the inbox only.
	Unread bool
	// AwaitingApplicant: open, waiting for the applicant (SignalWaiting).
	AwaitingApplicant bool
}

// Event is one workflow step of a case (Bearbeitungsschritt).
type Event struct {
	ID     int64
	CaseID int64
	At     time.Time
	Actor  string // "staff:<id>", "apiclient:<id>", "applicant", "system"
	// ActorName is the staff member's or API client's name as it is now
	// ("" for a deleted account, a removed client, the applicant, system).
	ActorName string
	Action    string
	From      Status
	To        Status
	Details   map[string]any
}

// Note is an internal note (Vermerk); never visible to the applicant.
type Note struct {
	ID         int64
	CaseID     int64
	AuthorID   int64
	AuthorName string
	Body       string
	CreatedAt  time.Time
}
