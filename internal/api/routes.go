package api

import "github.com/amtsweg/amtsweg/internal/apiclient"

// routes is the table of every operation (see route).
func (a *API) routes() []route {
	return append([]route{
		// Service catalog (public; tenant by host).
		{method: "GET", path: "/api/v1/services", id: "listServices", summary: "Search the service catalog",
			params: []param{query("q", "string", "search text"), query("topic", "string", "topic slug"),
				query("situation", "string", "life situation"), query("audience", "string", "citizens or businesses"),
				query("page", "integer", "page, from 1"), query("perPage", "integer", "items per page"), langParam},
			ok: jsonOf[ServiceList](200), public: a.listServices},
		{method: "GET", path: "/api/v1/services/{key}", id: "getService", summary: "A service by its LeiKa key or service key",
			params: []param{{name: "key", in: "path", typ: "string", required: true, description: "LeiKa key or service key"}, langParam},
			ok:     jsonOf[Service](200), public: a.getService},
		{method: "GET", path: "/api/v1/suggestions", id: "suggest", summary: "Search suggestions",
			params: []param{query("q", "string", "prefix")}, ok: jsonOf[Suggestions](200), public: a.suggestions},
		{method: "GET", path: "/api/v1/regions", id: "listRegions", summary: "Municipalities by postal code or name",
			params: []param{query("q", "string", "postal code or start of the name")}, ok: jsonOf[RegionList](200), public: a.listRegions},
		{method: "GET", path: "/api/v1/responsibilities", id: "findResponsibility", summary: "The authority responsible for a service in a region",
			params: []param{query("leikaKey", "string", "LeiKa key"), query("ars", "string", "12-digit regional key"),
				query("audience", "string", "citizens or businesses")},
			ok: jsonOf[Responsibility](200), public: a.findResponsibility},
		{method: "GET", path: "/api/v1/authorities/{id}", id: "getAuthority", summary: "An authority with its contact data",
			params: []param{pathID("id", "authority id")}, ok: jsonOf[Authority](200), public: a.getAuthority},

		// OAuth2 client credentials.
		{method: "POST", path: "/api/oauth/token", id: "issueToken", summary: "Issue a short-lived bearer token (OAuth2 client credentials)",
			body: &body{mediaType: "application/x-www-form-urlencoded", form: []param{
				{name: "grant_type", typ: "string", required: true, enum: []string{"client_credentials"}},
				{name: "client_id", typ: "string"}, {name: "client_secret", typ: "string"},
				{name: "scope", typ: "string", description: "space-separated subset of the client's scopes"}}},
			ok: jsonOf[TokenResponse](200), public: a.issueToken},

		// Submissions of the client's authority (Fachverfahren).
		{method: "GET", path: "/api/v1/submissions", id: "listSubmissions", summary: "The authority's submissions, oldest first",
			scope: apiclient.SubmissionsRead, params: []param{
				query("status", "string", "new (default: unacknowledged) or all"),
				query("after", "integer", "cursor: the last caseId of the previous page"), query("limit", "integer", "1–200")},
			ok: jsonOf[SubmissionList](200), authed: a.listSubmissions},
		{method: "GET", path: "/api/v1/submissions/{id}", id: "getSubmission", summary: "A submission with its data and attachments",
			scope: apiclient.SubmissionsRead, params: []param{pathID("id", "case id")},
			ok: jsonOf[Submission](200), authed: a.getSubmission},
		{method: "GET", path: "/api/v1/submissions/{id}/attachments/{attachment}", id: "getAttachment", summary: "Download an attachment",
			scope: apiclient.SubmissionsRead, params: []param{pathID("id", "case id"), pathID("attachment", "attachment id")},
			ok: response{status: 200, mediaType: "application/octet-stream"}, authed: a.getAttachment},
		{method: "POST", path: "/api/v1/submissions/{id}/ack", id: "acknowledgeSubmission", summary: "Acknowledge receipt (idempotent)",
			scope: apiclient.SubmissionsAck, params: []param{pathID("id", "case id")},
			ok: jsonOf[Submission](200), authed: a.acknowledge},

		// Cases.
		{method: "POST", path: "/api/v1/cases/{id}/status", id: "changeStatus", summary: "Take a workflow action (review, resume, close)",
			scope: apiclient.CasesWrite, params: []param{pathID("id", "case id")}, body: jsonBody[StatusChange](),
			ok: jsonOf[CaseStatus](200), authed: a.changeStatus},
		{method: "POST", path: "/api/v1/cases/{id}/messages", id: "postMessage", summary: "Write to the applicant's mailbox",
			scope: apiclient.MessagesWrite, params: []param{pathID("id", "case id")}, body: jsonBody[NewMessage](),
			ok: jsonOf[MessageCreated](201), authed: a.postMessage},
		{method: "POST", path: "/api/v1/cases/{id}/notice", id: "uploadNotice", summary: "Decide the case with a notice PDF",
			scope: apiclient.CasesWrite, params: []param{pathID("id", "case id"),
				{name: "outcome", in: "query", typ: "string", required: true, enum: []string{"approved", "rejected", "partly_approved"}},
				{name: "title", in: "query", typ: "string", required: true, description: "the notice's title"}},
			body: &body{mediaType: "application/pdf"}, ok: jsonOf[NoticeCreated](201), authed: a.uploadNotice},

		// Events.
		{method: "GET", path: "/api/v1/events", id: "listEvents", summary: "The event feed after a cursor, in order",
			scope: apiclient.EventsRead, params: []param{query("after", "integer", "cursor: the seq of the last event processed (0: from the start)"),
				query("limit", "integer", "1–500"),
				{name: "format", in: "query", typ: "string", enum: []string{"cloudevents", "amtsweg"},
					description: "cloudevents: a CloudEvents 1.0 batch (application/cloudevents-batch+json, also chosen by that Accept header) " +
						"with a Link to the next page; amtsweg (the default until the sunset, deprecated): the page below"}},
			ok: eventsResponse, authed: a.listEvents},
	}, a.fitConnectRoutesTable()...) // FIT-Connect: fitconnect.go
}

// langParam chooses the language of the catalog's display fields
// (displayName); without it the Accept-Language header does.
var langParam = query("lang", "string", "language of displayName: de or en (default: Accept-Language, else de)")
