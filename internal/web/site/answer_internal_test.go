package site

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestAnswerFirst: the browser has the whole page before the work starts:
// the work waits until the client has read the body, which it could not
// if the answer waited for the work.
func TestAnswerFirst(t *testing.T) {
	read, result := make(chan struct{}), make(chan bool, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		AnswerFirst(w, func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusAccepted)
			io.WriteString(w, "gesendet")
		}, func() {
			select {
			case <-read:
				result <- true
			case <-time.After(10 * time.Second):
				result <- false
			}
		})
	}))
	defer srv.Close()
	res, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	close(read)
	if err != nil || res.StatusCode != http.StatusAccepted || string(body) != "gesendet" {
		t.Fatalf("answer: %d %q %v", res.StatusCode, body, err)
	}
	if !<-result {
		t.Fatal("the work ran before the answer was complete")
	}
}
