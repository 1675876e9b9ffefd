package tenant_test

// owners names the package (directory below internal/) that owns each
// table: the only one whose SQL writes and reads it. The schema's
// migrations (package store) create all of them.
var owners = map[string]string{
	"goose_db_version": "store",
	"tenant":           "tenant",

	"job":               "jobs",
	"audit_log":         "audit",
	"audit_head":        "audit",
	"audit_checkpoint":  "audit",
	"event":             "events",
	"event_head":        "events",
	"mail_outbox":       "mail",
	"webhook_delivery":  "webhook",
	"api_client":        "apiclient",
	"api_token":         "apiclient",
	"api_ack":           "integration",
	"catalog_version":   "catalog",
	"service":           "catalog",
	"region":            "catalog",
	"region_postcode":   "catalog",
	"authority":         "catalog",
	"responsibility":    "catalog",
	"procedure_version": "procedure",
	"procedure_overlay": "procedure",

	"account":               "account",
	"account_identity":      "account",
	"account_recovery_code": "account",
	"account_session":       "account",
	"account_token":         "account",
	"account_totp":          "account",
	"login_throttle":        "account",
	"org_member":            "account",
	"organisation":          "account",
	"staff_role":            "account",

	"application":                   "apply",
	"application_attachment":        "apply",
	"application_reference_counter": "apply",

	"case_record":   "casework",
	"case_event":    "casework",
	"case_note":     "casework",
	"case_notice":   "casework",
	"case_request":  "casework",
	"case_clearing": "casework",
	"case_seal_key": "casework",

	"case_four_eyes": "casework", // four-eyes rules (00175, replaces case_setting)

	"case_inbox_view": "casework", // saved inbox views (issue 14)

	"akte_file":      "akte",
	"akte_plan_unit": "akte",
	"akte_disposal":  "akte",
	"akte_document":  "akte",

	"mailbox_message":    "mailbox",
	"mailbox_attachment": "mailbox",
	"mailbox_guest":      "mailbox",
	"mailbox_seen":       "mailbox",

	"fitconnect_attachment":  "fitconnect",
	"fitconnect_cursor":      "fitconnect",
	"fitconnect_key":         "fitconnect",
	"fitconnect_signing_key": "fitconnect",
	"fitconnect_submission":  "fitconnect",

	"fitconnect_destination": "fitconnect/subscriber", // FIT-Connect inbox (00245)
	"fitconnect_inbox":       "fitconnect/subscriber",
	"application_channel":    "apply",

	"blob_key":     "blob/keyring", // wrapped data keys of the encrypted file store (00200)
	"blob_keyring": "blob/keyring",
}

// The reasons of foreignTables, one line each.
const (
	blobReferences = "the orphan-blob sweep: apply, akte, casework and the mailbox share the blob store, and a blob is kept while any table names it; one statement checks them all under the write lock, so no row can start naming a blob between the check and the delete"
	staffNames     = "casework's list and detail queries join the staff's display names (Inbox, case, notes, assignees); a read model call per row would cost a query per listed case. Next step: an account read model for staff names (issue 13, not done)"
	submissionAPI  = "the API's submission read model (integration, FIT-Connect) joins the case and its application in one paged query; next step: apply's and casework's read models for the API (issue 13, not done)"
	clientWebhooks = "webhook dispatch locks and moves its cursor, a column of api_client (webhook_cursor), and dead letters are scoped through their client's tenant; next step: move the cursor into a webhook table (a migration) and scope through apiclient's read model (issue 13, not done)"
	ackShared      = "FIT-Connect lists its submissions with the acknowledgements of package integration (api_ack), which both API paths share; next step: integration's read model (issue 13, not done)"
	noticeTenant   = "public notice verification (by hash, no tenant on the request) joins the notice's tenant for its name, which also scopes the statement for TestQueriesAreTenantScoped"
	demoMarker     = "the demo seed (test and demo content only) looks for its own audit entry to run once"
)

// foreignTables names the statements (function and table) that touch a
// table of another package, with the reason. Each entry is checked to
// still match; new code uses the owner's API, read model or events.
var foreignTables = map[string]string{
	"apply.Service.dropReferenced akte_document":      blobReferences,
	"apply.Service.dropReferenced case_notice":        blobReferences,
	"apply.Service.dropReferenced mailbox_attachment": blobReferences,
	"apply.Service.blobReferenced akte_document":      blobReferences,
	"apply.Service.blobReferenced case_notice":        blobReferences,
	"apply.Service.blobReferenced mailbox_attachment": blobReferences,

	"casework.actorName api_client":         staffNames,
	"casework.queryTenantCase account":      staffNames,
	"casework.Service.Notes account":        staffNames,
	"casework.Service.Assignees account":    staffNames,
	"casework.Service.Assignees staff_role": staffNames,

	"casework.Service.InboxAssignees account":    staffNames, // bulk assignment in the inbox (issue 14)
	"casework.Service.InboxAssignees staff_role": staffNames,

	"integration.Service.List application":   submissionAPI,
	"integration.Service.List case_record":   submissionAPI,
	"integration.Service.Get application":    submissionAPI,
	"integration.Service.Get case_record":    submissionAPI,
	"fitconnect.Service.content application": submissionAPI,
	"fitconnect.Service.List api_ack":        ackShared,
	"fitconnect.Service.Get api_ack":         ackShared,

	"webhook.Service.dispatchClient api_client": clientWebhooks,
	"webhook.DeadLetters api_client":            clientWebhooks,
	"webhook.Service.redeliver api_client":      clientWebhooks,

	"casework.verifyHash tenant": noticeTenant,
	"demo.seeded audit_log":      demoMarker,
}
