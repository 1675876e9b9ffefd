package app_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/app"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// proxy is a TCP relay that can be cut and restored on the same address,
// standing in for a database server that goes away and comes back.
type proxy struct {
	addr, target string
	mu           sync.Mutex
	ln           net.Listener
	conns        []net.Conn
}

func (p *proxy) start(t *testing.T) {
	t.Helper()
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			u, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, u)
			p.mu.Unlock()
			go func() { io.Copy(u, c); u.Close() }()
			go func() { io.Copy(c, u); c.Close() }()
		}
	}()
}

func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ln.Close()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// TestReadyzFollowsTheDatabase: /readyz is "ready" while PostgreSQL
// answers, "degraded" (still 200, so the load balancer keeps the process
// serving the catalog; 503 with ?strict=1) while it is unreachable, and
// ready again after it returns — without a restart of amtsweg. /healthz
// stays 200 throughout.
func TestReadyzFollowsTheDatabase(t *testing.T) {
	t.Parallel()
	if len(storetest.Dialects()) < 2 {
		t.Skip("needs PostgreSQL (" + storetest.EnvPostgres + ")")
	}
	dsn, err := url.Parse(storetest.DSN(t, store.Postgres))
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{addr: "127.0.0.1:0", target: dsn.Host}
	p.start(t)
	dsn.Host = p.addr
	cfg := config.Config{DataDir: t.TempDir(), DatabaseURL: dsn.String(), Addr: "127.0.0.1:0",
		MaxInflight: 16, MaxBody: 1 << 20, ShutdownIn: 5 * time.Second}
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.New(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := a.Listen(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx) }()
	defer func() { cancel(); <-done }()

	expect := func(path string, want int, body string) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		got, text := 0, ""
		for time.Now().Before(deadline) {
			if res, err := http.Get(a.URL() + path); err == nil {
				b, _ := io.ReadAll(res.Body)
				got, text = res.StatusCode, string(b)
				res.Body.Close()
				if got == want && strings.HasPrefix(text, body) {
					return
				}
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("%s: want %d %q, last %d %q", path, want, body, got, text)
	}
	expect("/readyz", 200, "ready")
	p.cut()
	expect("/readyz", 200, "degraded: database unavailable")
	expect("/readyz?strict=1", 503, "degraded: database unavailable")
	expect("/healthz", 200, "ok")
	p.start(t)
	expect("/readyz", 200, "ready")
	expect("/readyz?strict=1", 200, "ready")
}
