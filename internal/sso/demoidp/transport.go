package demoidp

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Transport is the portal's back channel to the demo provider without a
// network hop: it serves requests under Issuer (discovery, token, keys,
// userinfo) from Handler in-process, whatever --base-url says and
// whether or not that URL is reachable from the server itself. Any
// other URL is refused.
type Transport struct {
	Issuer  string // e.g. https://portal.example/demo-eid
	Handler http.Handler
}

// RoundTrip answers req from the provider's handler.
func (t Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	u := req.URL.Scheme + "://" + req.URL.Host + req.URL.Path
	if u != t.Issuer && !strings.HasPrefix(u, t.Issuer+"/") {
		return nil, fmt.Errorf("demo eID: %s is not the demo provider", req.URL.Redacted())
	}
	in := req.Clone(req.Context())
	in.RequestURI = req.URL.RequestURI()
	in.Host = req.URL.Host
	if in.Body == nil {
		in.Body = http.NoBody
	}
	w := &response{header: http.Header{}}
	t.Handler.ServeHTTP(w, in)
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return &http.Response{Status: fmt.Sprintf("%d %s", w.status, http.StatusText(w.status)), StatusCode: w.status,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: w.header, Request: req,
		Body: io.NopCloser(&w.body), ContentLength: int64(w.body.Len())}, nil
}

// response collects what the handler writes (our own small recorder, so
// the binary does not import net/http/httptest).
type response struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (w *response) Header() http.Header { return w.header }

func (w *response) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *response) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.body.Write(b)
}
