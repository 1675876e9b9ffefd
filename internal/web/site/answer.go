package site

import (
	"bytes"
	"net/http"
	"strconv"
)

// AnswerFirst sends the page render writes completely (with its length,
// flushed) and only then runs work. A page that must not tell whether
// something exists (the reset request: a known address costs a token and
// a mail, an unknown one nothing) is thus answered in the same time
// either way: the work that differs happens after the answer.
func AnswerFirst(w http.ResponseWriter, render func(http.ResponseWriter), work func()) {
	b := &bufferedPage{ResponseWriter: w, status: http.StatusOK}
	render(b)
	w.Header().Set("Content-Length", strconv.Itoa(b.buf.Len()))
	w.WriteHeader(b.status)
	w.Write(b.buf.Bytes())
	http.NewResponseController(w).Flush() // an error leaves the answer to the handler's end
	work()
}

// bufferedPage keeps the status and body a page writes; headers go to the
// real writer.
type bufferedPage struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (b *bufferedPage) WriteHeader(status int)      { b.status = status }
func (b *bufferedPage) Write(p []byte) (int, error) { return b.buf.Write(p) }
