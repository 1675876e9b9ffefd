// Package outagetest runs a private PostgreSQL server that a test may stop
// and start again, to try crisis mode (package outage) against a real
// database outage without touching the shared server every other test
// uses.
package outagetest

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
	"testing"
)

// Postgres is a private PostgreSQL server in a temporary directory.
type Postgres struct {
	// DSN connects to its database "postgres" as user postgres (trust).
	DSN  string
	bin  string
	dir  string // data directory
	port int
	cred *syscall.Credential // the postgres user's, when the test runs as root
}

// StartPostgres initialises and starts a private server on a free port of
// 127.0.0.1 and stops it when the test ends. The server binaries are taken
// from AMTSWEG_TEST_PG_BIN, else the newest /usr/lib/postgresql/*/bin.
// PostgreSQL refuses to run as root, so a root test runs it as the
// postgres user. Where that is impossible the test is skipped with the
// reason — or fails when CI is set, so CI never skips it silently.
func StartPostgres(t testing.TB) *Postgres {
	t.Helper()
	p := &Postgres{}
	if err := p.prepare(); err != nil {
		unavailable(t, err)
	}
	t.Cleanup(func() { p.Stop(); os.RemoveAll(filepath.Dir(p.dir)) })
	if err := p.run("initdb", "-D", p.dir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"); err != nil {
		unavailable(t, err)
	}
	if err := p.Start(); err != nil {
		unavailable(t, err)
	}
	return p
}

func unavailable(t testing.TB, err error) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("private PostgreSQL server (needed by the crisis-mode test in CI): %v", err)
	}
	t.Skipf("no private PostgreSQL server here: %v", err)
}

// prepare finds the binaries, the user and a free port and makes the
// directory.
func (p *Postgres) prepare() error {
	if p.bin = os.Getenv("AMTSWEG_TEST_PG_BIN"); p.bin == "" {
		dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
		if len(dirs) == 0 {
			return fmt.Errorf("no /usr/lib/postgresql/*/bin and no AMTSWEG_TEST_PG_BIN")
		}
		slices.SortFunc(dirs, func(a, b string) int { return version(a) - version(b) })
		p.bin = dirs[len(dirs)-1]
	}
	base, err := os.MkdirTemp("", "amtsweg-pg-")
	if err != nil {
		return err
	}
	p.dir = filepath.Join(base, "data")
	if os.Geteuid() == 0 {
		if err := p.asPostgresUser(base); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	p.port = ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	p.DSN = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", p.port)
	return nil
}

// version is the major version in a /usr/lib/postgresql/N/bin path.
func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

// asPostgresUser makes base the postgres user's and runs the server
// binaries as that user.
func (p *Postgres) asPostgresUser(base string) error {
	u, err := user.Lookup("postgres")
	if err != nil {
		return fmt.Errorf("running as root, and no postgres user: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	p.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	return os.Chown(base, uid, gid)
}

// Stop stops the server at once, as a crash or a pulled cable would:
// pg_ctl stop -m immediate; open connections break.
func (p *Postgres) Stop() error {
	return p.run("pg_ctl", "-D", p.dir, "-m", "immediate", "-w", "stop")
}

// Start starts the (stopped) server again on the same port and waits
// until it accepts connections.
func (p *Postgres) Start() error {
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", p.port, filepath.Dir(p.dir))
	return p.run("pg_ctl", "-D", p.dir, "-l", filepath.Join(filepath.Dir(p.dir), "server.log"), "-w", "-t", "60", "-o", opts, "start")
}

func (p *Postgres) run(name string, args ...string) error {
	cmd := exec.Command(filepath.Join(p.bin, name), args...)
	cmd.Dir = filepath.Dir(p.dir)
	cmd.Env = []string{"PATH=/usr/bin:/bin", "LANG=C.UTF-8", "HOME=" + filepath.Dir(p.dir)}
	if p.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: p.cred}
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w: %s", name, err, bytes.TrimSpace(out.Bytes()))
	}
	return nil
}
