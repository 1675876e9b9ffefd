package subscriber

import "fmt"

// ProblemBase is the prefix of the FIT-Connect problem types a subscriber
// names in a reject-submission event.
const ProblemBase = "https://schema.fitko.de/fit-connect/events/problems/"

// The problem types (Problemtypen) amtsweg rejects a submission with, by
// their name in the FIT-Connect specification.
const (
	EncryptionIssue     = "encryption-issue"     // a JWE does not decrypt with the destination's key
	SyntaxViolation     = "syntax-violation"     // metadata or data are not well-formed JSON
	SchemaViolation     = "schema-violation"     // metadata or data break their schema
	MissingSchema       = "missing-schema"       // the metadata name no data schema
	UnsupportedSchema   = "unsupported-schema"   // the data schema is none the authority takes
	HashMismatch        = "hash-mismatch"        // a plaintext does not match its hash in the metadata
	MissingData         = "missing-data"         // the metadata announce data that is missing, or the reverse
	AttachmentsMismatch = "attachments-mismatch" // the metadata's attachments are not the submission's
	ServiceMismatch     = "service-mismatch"     // the metadata's service is not the submission's
)

// Problem is one reason of a rejection (RFC 7807 problem object as the
// reject-submission event carries it). Instance names the part:
// "metadata", "data" or "attachment:<attachmentId>".
type Problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Detail   string `json:"detail"`
	Instance string `json:"instance"`
}

var problemTitles = map[string]string{
	EncryptionIssue:     "Entschlüsselungsfehler",
	SyntaxViolation:     "Syntax-Fehler",
	SchemaViolation:     "Schema-Fehler",
	MissingSchema:       "Schema-Referenz fehlt",
	UnsupportedSchema:   "Schema nicht unterstützt",
	HashMismatch:        "Prüfsumme stimmt nicht",
	MissingData:         "Fachdaten fehlen",
	AttachmentsMismatch: "Anlagen stimmen nicht überein",
	ServiceMismatch:     "Verwaltungsleistung stimmt nicht überein",
}

// problem builds a Problem of type name for instance.
func problem(name, instance, format string, args ...any) Problem {
	return Problem{Type: ProblemBase + name, Title: problemTitles[name], Detail: fmt.Sprintf(format, args...), Instance: instance}
}

// Rejection is the outcome of a submission that is not filed.
type Rejection struct{ Problems []Problem }

func (r *Rejection) Error() string {
	if len(r.Problems) == 0 {
		return "fitconnect: rejected"
	}
	return "fitconnect: rejected: " + r.Problems[0].Type + ": " + r.Problems[0].Detail
}

func reject(p ...Problem) *Rejection { return &Rejection{Problems: p} }

// KnownProblem reports whether name is one of the problem types above
// (a page names those in words; others it shows as they are).
func KnownProblem(name string) bool {
	_, ok := problemTitles[name]
	return ok
}
