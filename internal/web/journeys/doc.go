// Package journeys holds the tests that cross audiences: a citizen's
// application worked on in the back office and answered in the mailbox,
// the authorization matrix over every route, the isolation of tenants
// across all pages and APIs. They start the whole app through
// package webtest; the package itself holds nothing else.
package journeys
