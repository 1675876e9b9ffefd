package integration

import (
	"context"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/mailbox"
)

// Move takes a plain workflow action (review, resume, close) on case
// caseID, with casework's transition table for a head of unit.
func (s *Service) Move(ctx context.Context, c apiclient.Client, caseID int64, action casework.Action, reason string) (casework.Case, error) {
	staff, err := s.principal(ctx, c)
	if err != nil {
		return casework.Case{}, err
	}
	switch action {
	case casework.ActReview, casework.ActResume, casework.ActClose:
	default:
		return casework.Case{}, fault.Fields("invalid action", fault.FieldError{Field: "action", Key: "api.invalid.action",
			Text: "action must be review, resume or close"})
	}
	return s.cases.Move(ctx, staff, caseID, action, reason)
}

// PostMessage writes to the applicant of case caseID (mailbox).
func (s *Service) PostMessage(ctx context.Context, c apiclient.Client, caseID int64, subject, body string) (mailbox.Message, error) {
	staff, err := s.principal(ctx, c)
	if err != nil {
		return mailbox.Message{}, err
	}
	return s.mb.PostToApplicant(ctx, staff, caseID, mailbox.Post{Subject: subject, Body: body})
}

// Decide decides case caseID with the notice PDF of c's system.
func (s *Service) Decide(ctx context.Context, c apiclient.Client, caseID int64, outcome casework.Outcome, title string, pdf []byte) (casework.Notice, error) {
	staff, err := s.principal(ctx, c)
	if err != nil {
		return casework.Notice{}, err
	}
	return s.cases.SendExternalNotice(ctx, staff, caseID, outcome, title, pdf)
}
