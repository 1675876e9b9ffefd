package api_test

import (
	"bytes"
	"io"
	"net/http"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestOpenAPIValidatorBites: the response check used by every API test
// rejects a body that breaks the document, so its passing means something.
func TestOpenAPIValidatorBites(t *testing.T) {
	t.Parallel()
	f := newFx(t, storetest.Open(t, store.SQLite))
	req, _ := http.NewRequest("GET", f.url+"/api/v1/submissions", nil)
	route, params, err := f.validator.router.FindRoute(req)
	check(t, err)
	for _, body := range []string{`{"items": "x", "next": 0}`, `{"items": [{"caseId": "1"}], "next": 0}`, `{"next": 0}`} {
		in := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
			Status:                 200, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(bytes.NewReader([]byte(body))),
		}
		if openapi3filter.ValidateResponse(bg(), in) == nil {
			t.Errorf("body %s passed the validator", body)
		}
	}
	// Every operation of the route table is in the served document.
	for _, op := range []string{"listSubmissions", "getSubmission", "getAttachment", "acknowledgeSubmission", "changeStatus",
		"postMessage", "uploadNotice", "listEvents", "issueToken", "listServices", "findResponsibility"} {
		found := false
		for _, item := range f.validator.doc.Paths.Map() {
			for _, o := range item.Operations() {
				found = found || o.OperationID == op
			}
		}
		if !found {
			t.Errorf("operation %s missing from the document", op)
		}
	}
}
