package multiproc_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// cluster is N serve processes of one installation: one PostgreSQL
// database, one blob store, one mail folder, the same secrets, each with
// its own data directory (audit checkpoint file, nothing shared on disk but
// the blob and mail folders), behind a balancer.
type cluster struct {
	bin     string
	dsn     string
	blobURL string
	blobDir string // where the blobs' files are (the bucket's directory, or the folder)
	mailDir string
	env     []string // the shared secrets as AMTSWEG_* variables
	args    []string // extra serve flags of every process
	procs   []*proc
	base    string // the balancer
	lb      *balancer
}

// proc is one running serve process.
type proc struct {
	name string
	cmd  *exec.Cmd
	base string
	done chan error
}

// needPostgres skips without PostgreSQL: several processes on one SQLite
// file is not a supported setup (one writer, one machine).
func needPostgres(t *testing.T) {
	if os.Getenv(storetest.EnvPostgres) == "" {
		t.Skip("several processes need PostgreSQL: set " + storetest.EnvPostgres)
	}
}

// newCluster prepares a fresh database, blob and mail folders and secrets.
func newCluster(t *testing.T, bin string, args ...string) *cluster {
	dir := t.TempDir()
	c := &cluster{bin: bin, dsn: storetest.DSN(t, store.Postgres), mailDir: filepath.Join(dir, "mail"), args: args}
	c.blobURL, c.blobDir = blobStore(t, dir)
	t.Logf("blob store: %s", strings.SplitN(c.blobURL, "?", 2)[0])
	c.env = []string{"AMTSWEG_SEAL_SECRET=" + randomHex(32), "AMTSWEG_AUDIT_KEY=" + randomHex(32),
		"AMTSWEG_BLOB_MASTER_KEY=" + hex.EncodeToString(blobtest.MasterKey)} // every process wraps and unwraps the same data keys
	return c
}

// blobStore is the cluster's one blob store: a fresh bucket on a real S3
// server (versitygw, package blobtest; the URL names a credentials file,
// so the processes need no AWS variables) and the directory its objects
// are in (Root/Bucket, for their size). AMTSWEG_MULTIPROC_BLOBS=disk uses
// a folder every process shares instead.
func blobStore(t *testing.T, dir string) (string, string) {
	if os.Getenv("AMTSWEG_MULTIPROC_BLOBS") == "disk" {
		blobs := filepath.Join(dir, "blobs")
		return "file://" + blobs, blobs
	}
	s := blobtest.StartS3(t)
	return s.URL, filepath.Join(s.Root, s.Bucket)
}

// start starts processes at once and waits until each is ready. All of
// them migrate the empty database and seed the demo at the same moment:
// one does it, the others wait for its lock and find the work done.
func (c *cluster) start(t *testing.T, names ...string) []*proc {
	var ps []*proc
	for _, name := range names {
		ps = append(ps, c.launch(t, name))
	}
	for _, p := range ps {
		waitReady(t, p)
	}
	c.procs = append(c.procs, ps...)
	return ps
}

// launch starts one serve process of the cluster.
func (c *cluster) launch(t *testing.T, name string) *proc {
	addr := freeAddr(t)
	args := append([]string{"serve", "--data", filepath.Join(filepath.Dir(c.mailDir), name), "--addr", addr,
		"--database", c.dsn, "--blob-url", c.blobURL, "--mail-dir", c.mailDir, "--log-level", "warn",
		"--demo", "--demo-history=false"}, c.args...)
	p := &proc{name: name, cmd: exec.Command(c.bin, args...), base: "http://" + addr, done: make(chan error, 1)}
	p.cmd.Env = append(os.Environ(), c.env...)
	p.cmd.Stdout, p.cmd.Stderr = os.Stderr, os.Stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() {
		p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(30 * time.Second):
			p.cmd.Process.Kill()
		}
	})
	return p
}

// waitReady polls /readyz until 200 (at most 90 s: the first process
// seeds the demo) or the process exits.
func waitReady(t *testing.T, p *proc) {
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-p.done:
			t.Fatalf("%s exited before it was ready: %v", p.name, err)
		default:
		}
		if res, err := http.Get(p.base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s not ready after 90 s", p.name)
}

// balance puts the running processes behind a balancer.
func (c *cluster) balance(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	var bases []string
	for _, p := range c.procs {
		bases = append(bases, p.base)
	}
	c.lb = newBalancer(ctx, bases...)
	srv := httptest.NewServer(c.lb)
	t.Cleanup(srv.Close)
	c.base = srv.URL
}

// kill ends p with SIGKILL (no graceful shutdown) and waits for its exit.
func (p *proc) kill(t *testing.T) {
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-p.done
	p.done <- nil // for the cleanup
}

// cli runs another amtsweg command on the cluster's database.
func (c *cluster) cli(t *testing.T, args ...string) string {
	args = append(args, "--data", filepath.Join(filepath.Dir(c.mailDir), "cli"), "--database", c.dsn, "--blob-url", c.blobURL)
	cmd := exec.Command(c.bin, args...)
	cmd.Env = append(os.Environ(), c.env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("amtsweg %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (c *cluster) open(t testing.TB) *store.DB {
	db, err := store.Open(context.Background(), c.dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// count runs a COUNT query.
func count(t testing.TB, db *store.DB, q string, args ...any) int {
	var n int
	if err := db.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}
