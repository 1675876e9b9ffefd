package multiproc_test

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

// roomPath is where the portal sends a browser whose submit found no free
// slot (Warteraum, package web/waitroom).
const roomPath = "/warteraum"

// maxRoomTime bounds a guest's stay in the waiting room; a real person
// would give up some time, the test must end.
const maxRoomTime = 15 * time.Minute

// roomVisit is what a guest saw in the waiting room.
type roomVisit struct {
	took    time.Duration // from the 303 to the room until leaving it
	reloads int           // automatic reloads (Refresh) and reloads after a lost answer
	ahead   int           // the largest number of people ahead shown
}

// inRoom reports whether r sends the browser to the waiting room.
func inRoom(r reply) bool {
	return r.status == 303 && strings.HasSuffix(pathOnly(r.location), roomPath)
}

// wait behaves like a browser in the waiting room: it follows the 303,
// then the Refresh header's address after its delay, until an answer
// leads elsewhere, and returns that answer (the 303 to the receipt, or to
// the review when the ticket was lost). A lost answer or a 503 is
// reloaded, as a person would.
func (g *guest) wait(first reply) (reply, error) {
	begin, loc := time.Now(), localPath(first.location)
	defer func() { g.room.took += time.Since(begin) }()
	for time.Since(begin) < maxRoomTime {
		r, err := g.get(loc)
		switch {
		case errors.Is(err, errRetry):
			g.room.reloads++
			time.Sleep(time.Second) // a person's reload after an error page
			continue
		case err != nil:
			return r, err
		case r.status != 202:
			return r, nil
		}
		g.room.ahead = max(g.room.ahead, aheadOf(r.body))
		delay, next, err := parseRefresh(r.refresh)
		if err != nil {
			return r, &stepError{kind: "waiting room: no Refresh", msg: fmt.Sprintf("waiting room: %v; body %.300q", err, text(r.body))}
		}
		g.room.reloads++
		time.Sleep(delay) // the browser's timer: the page asked for this delay
		if next != "" {
			loc = localPath(next)
		}
	}
	return reply{}, &stepError{kind: "waiting room: no turn in 15 min", msg: "waiting room: no turn within " + maxRoomTime.String()}
}

// parseRefresh reads "SECONDS; url=ADDRESS" (the address is optional).
func parseRefresh(h string) (time.Duration, string, error) {
	secs, rest, _ := strings.Cut(h, ";")
	n, err := strconv.Atoi(strings.TrimSpace(secs))
	if err != nil || n < 0 {
		return 0, "", fmt.Errorf("malformed Refresh header %q", h)
	}
	rest = strings.TrimSpace(rest)
	if len(rest) >= 4 && strings.EqualFold(rest[:4], "url=") {
		rest = strings.Trim(rest[4:], `'"`)
	}
	return time.Duration(n) * time.Second, rest, nil
}

// aheadOf is the number of people ahead the waiting page shows ("Vor
// Ihnen warten noch 12 Personen."; 0 for "Sie sind als Nächstes …").
func aheadOf(body string) int {
	p := between(body, `id="waiting-position">`, "</p>")
	for _, f := range strings.Fields(p) {
		if n, err := strconv.Atoi(f); err == nil {
			return n
		}
	}
	return 0
}

// localPath is an address's path and query without scheme and host (the
// balancer's base is prepended by the agent).
func localPath(loc string) string {
	if i := strings.Index(loc, "://"); i >= 0 {
		if j := strings.Index(loc[i+3:], "/"); j >= 0 {
			return loc[i+3+j:]
		}
		return "/"
	}
	return loc
}

func TestParseRefresh(t *testing.T) {
	for _, tc := range []struct {
		in    string
		delay time.Duration
		url   string
		bad   bool
	}{
		{"3; url=/antraege/7/warteraum?t=1-ab&k=x", 3 * time.Second, "/antraege/7/warteraum?t=1-ab&k=x", false},
		{"10;URL='/a?b=c'", 10 * time.Second, "/a?b=c", false},
		{"1", time.Second, "", false},
		{"", 0, "", true},
		{"soon; url=/x", 0, "", true},
	} {
		d, u, err := parseRefresh(tc.in)
		if (err != nil) != tc.bad || d != tc.delay || u != tc.url {
			t.Errorf("parseRefresh(%q) = %v, %q, %v", tc.in, d, u, err)
		}
	}
	if n := aheadOf(`<p class="kern-body kern-body--bold" id="waiting-position">Vor Ihnen warten noch 12 Personen.</p>`); n != 12 {
		t.Errorf("aheadOf: %d, want 12", n)
	}
}
