package subscriber

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/blob/keyring"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/store"
)

// API is the part of the Submission API a subscriber uses (*Client).
type API interface {
	List(ctx context.Context, destination string) ([]SubmissionRef, error)
	Get(ctx context.Context, id string) (Submission, error)
	Attachment(ctx context.Context, id, attachmentID string) (string, error)
	PostEvent(ctx context.Context, caseID, set string) error
}

// Deps are what a Service works with; all are required.
type Deps struct {
	DB      *store.DB
	Keyring *keyring.Keyring
	Apply   *apply.Service
	API     API
	Log     *slog.Logger
	// Every is how often the poll job runs (default 5 minutes).
	Every time.Duration
}

// Service receives FIT-Connect submissions for the configured
// destinations and files or rejects them.
type Service struct {
	db    *store.DB
	kr    *keyring.Keyring
	apply *apply.Service
	api   API
	log   *slog.Logger
	every time.Duration
	now   func() time.Time
}

// New returns a Service; register its job with RegisterJobs.
func New(d Deps) (*Service, error) {
	if d.DB == nil || d.Keyring == nil || d.Apply == nil || d.API == nil || d.Log == nil {
		return nil, errors.New("fitconnect/subscriber: New needs DB, Keyring, Apply, API and Log")
	}
	if d.Every <= 0 {
		d.Every = 5 * time.Minute
	}
	return &Service{db: d.DB, kr: d.Keyring, apply: d.Apply, api: d.API, log: d.Log, every: d.Every, now: time.Now}, nil
}

// PollJob picks up the destinations' new submissions.
type PollJob struct{}

// Kind names the job.
func (PollJob) Kind() string { return "fitconnect.poll" }

// RegisterJobs registers the poll job's worker on q and schedules it
// every Deps.Every: the queue runs it in one process at a time.
func (s *Service) RegisterJobs(q *jobs.Queue) {
	jobs.Register(q, func(ctx context.Context, _ PollJob) error { return s.Poll(ctx) })
	q.AddPeriodic(jobs.Periodic{Every: s.every, Args: PollJob{}})
}

// Poll processes every waiting submission of every configured
// destination and sends the events still owed. A failure of one
// destination does not stop the others; the first is returned.
func (s *Service) Poll(ctx context.Context) error {
	var first error
	keep := func(err error) {
		if err != nil && first == nil {
			first = err
		}
	}
	keep(s.resend(ctx))
	rows, err := s.db.QueryContext(ctx, `SELECT destination_id FROM fitconnect_destination ORDER BY destination_id`)
	if err != nil {
		return fmt.Errorf("fitconnect: destinations: %w", err)
	}
	ids, err := store.Collect(rows, nil, func(r store.Row) (string, error) {
		var id string
		return id, r.Scan(&id)
	})
	if err != nil {
		return fmt.Errorf("fitconnect: destinations: %w", err)
	}
	for _, id := range ids {
		keep(s.pollDestination(ctx, id))
	}
	return first
}

func (s *Service) pollDestination(ctx context.Context, id string) error {
	d, err := LoadDestination(ctx, s.db, s.kr, id)
	if err != nil {
		return err
	}
	refs, err := s.api.List(ctx, id)
	if err != nil {
		return err
	}
	var first error
	for _, r := range refs {
		if err := s.Process(ctx, d, r.SubmissionID); err != nil {
			s.log.Warn("fitconnect: submission not processed, will retry", "submission", r.SubmissionID, "err", err)
			if first == nil {
				first = err
			}
		}
	}
	return first
}
