package web_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestWaitingRoomServesInTicketOrder: with a submit capacity of 1 and the
// slot held, browsers that submit get tickets; following the waiting
// page's Refresh address like a browser (no JavaScript), all of them are
// submitted, each once, in ticket order. An API-like client (no
// text/html) gets 503 with Retry-After as before. Both engines.
func TestWaitingRoomServesInTicketOrder(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			w := webtest.Start(t, d, func(c *config.Config) { c.MaxSubmitInflight, c.SubmitQueueWait = 1, time.Millisecond })
			const n = 5
			clients := make([]*applicantClient, n)
			for i := range clients {
				clients[i] = newApplicant(t, w.Base, fmt.Sprintf("Person %d", i))
			}
			release := holdSubmitSlot(t, w.Base)
			for i, c := range clients { // one after the other: the ticket order is known
				c.queue(t, i)
			}
			res, body := newCrisisClient(t, w.Base).do("POST", "/antraege/1/einreichen", url.Values{"einwilligung": {"ja"}},
				"Accept", "application/json")
			if res.StatusCode != 503 || res.Header.Get("Retry-After") == "" {
				t.Errorf("API-like client while the slot is held: %d %q, want 503 with Retry-After", res.StatusCode, body)
			}
			release()
			var wg sync.WaitGroup
			for _, c := range clients {
				wg.Go(func() { c.followRefresh(t) })
			}
			wg.Wait()
			checkSubmittedInOrder(t, w, clients)
		})
	}
}

// applicantClient is a guest with a draft at its review.
type applicantClient struct {
	*crisisClient
	app  int64
	key  string
	wait string // the waiting room's address
	seq  int    // the ticket's number
}

var reviewKey = regexp.MustCompile(`name="schluessel" value="([^"]+)"`)

func newApplicant(t *testing.T, base, name string) *applicantClient {
	c := &applicantClient{crisisClient: newCrisisClient(t, base)}
	res, _ := c.want("POST", "/antrag/bo-matrix", url.Values{"leistung": {""}}, http.StatusSeeOther)
	page := res.Header.Get("Location")
	id, _ := strings.CutPrefix(page, "/antraege/")
	id, _, _ = strings.Cut(id, "/")
	c.app, _ = strconv.ParseInt(id, 10, 64)
	c.want("POST", page, url.Values{"name": {name}, "aktion": {"weiter"}}, http.StatusSeeOther)
	_, review := c.want("GET", "/antraege/"+id+"/pruefen", nil, 200)
	m := reviewKey.FindStringSubmatch(review)
	if m == nil {
		t.Fatalf("no idempotency key on the review:\n%s", excerpt(review))
	}
	c.key = m[1]
	return c
}

// queue submits while the slot is held: the answer must send the
// browser to the waiting room with a ticket.
func (c *applicantClient) queue(t *testing.T, i int) {
	res, _ := c.do("POST", fmt.Sprintf("/antraege/%d/einreichen", c.app),
		url.Values{"einwilligung": {"ja"}, "schluessel": {c.key}}, "Accept", "text/html")
	c.wait = res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(c.wait, "/warteraum?") {
		t.Fatalf("client %d: %d to %q, want the waiting room", i, res.StatusCode, c.wait)
	}
	u, _ := url.Parse(c.wait)
	seq, _, _ := strings.Cut(u.Query().Get("t"), "-")
	c.seq, _ = strconv.Atoi(seq)
}

// followRefresh behaves like a browser on the waiting page: it reloads
// the Refresh address after the given seconds until it is sent to the
// receipt.
func (c *applicantClient) followRefresh(t *testing.T) {
	next := c.wait
	for range 200 {
		res, body := c.do("GET", next, nil, "Accept", "text/html", "Sec-Fetch-Site", "same-origin")
		switch {
		case res.StatusCode == http.StatusSeeOther && strings.HasSuffix(res.Header.Get("Location"), "/eingangsbestaetigung"):
			c.want("GET", res.Header.Get("Location"), nil, 200)
			return
		case res.StatusCode != http.StatusAccepted || !strings.Contains(body, `id="waiting-status"`):
			t.Errorf("app %d: waiting page %d:\n%s", c.app, res.StatusCode, excerpt(body))
			return
		}
		secs, u, ok := strings.Cut(res.Header.Get("Refresh"), "; url=")
		n, err := strconv.Atoi(secs)
		if !ok || err != nil || n < 1 {
			t.Errorf("app %d: Refresh %q", c.app, res.Header.Get("Refresh"))
			return
		}
		time.Sleep(time.Duration(n) * time.Second) // what the browser does
		next = u
	}
	t.Errorf("app %d: never served", c.app)
}

// holdSubmitSlot takes the only submit slot with a POST whose body does
// not arrive yet, and waits until the app counts it; release sends the
// rest of the body and reads the answer.
func holdSubmitSlot(t *testing.T, base string) (release func()) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	body := "einwilligung=ja&schluessel=held"
	fmt.Fprintf(conn, "POST /antraege/999999/einreichen HTTP/1.1\r\nHost: %s\r\nOrigin: %s\r\n"+
		"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s",
		strings.TrimPrefix(base, "http://"), base, len(body), body[:5])
	waitSubmitMetric(t, base, "amtsweg_submit_inflight 1")
	return func() {
		io.WriteString(conn, body[5:])
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
}

func waitSubmitMetric(t *testing.T, base, line string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get(base + "/metrics")
		if err == nil {
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if strings.Contains(string(b), "\n"+line+"\n") {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("metric %q not seen", line)
}

// checkSubmittedInOrder: every client's application is submitted, once,
// and they were submitted in ticket order.
func checkSubmittedInOrder(t *testing.T, w *webtest.World, clients []*applicantClient) {
	t.Helper()
	rows, err := w.DB.QueryContext(t.Context(),
		`SELECT id FROM application WHERE status = 'submitted' AND id <> 999999 ORDER BY submitted_at, id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var order []int64
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		order = append(order, id)
	}
	if len(order) != len(clients) {
		t.Fatalf("%d submitted, want %d", len(order), len(clients))
	}
	for i, c := range clients {
		if order[i] != c.app || (i > 0 && c.seq <= clients[i-1].seq) {
			t.Fatalf("submitted %v; tickets in order were for %v", order, apps(clients))
		}
	}
}

func apps(cs []*applicantClient) []int64 {
	var out []int64
	for _, c := range cs {
		out = append(out, c.app)
	}
	return out
}
