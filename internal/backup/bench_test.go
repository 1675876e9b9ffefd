package backup_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/bintest"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestBackupFigures measures `amtsweg backup` and `amtsweg restore` as
// processes (wall time, peak resident memory) on an installation of
// AMTSWEG_BACKUP_BENCH applications, each with a 20 KB upload and its
// receipt, every tenth decided with a message file and a notice
// (docs/benchmarks.md, "Backup and restore"). Off unless the variable is
// set. With AMTSWEG_BACKUP_BENCH_STORE=s3 the files are in a versitygw
// bucket and the restore goes into another.
func TestBackupFigures(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("AMTSWEG_BACKUP_BENCH"))
	if n <= 0 {
		t.Skip("set AMTSWEG_BACKUP_BENCH=2000 to measure")
	}
	bin := bintest.Build(t)
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) { figures(t, d, bin, n) })
	}
}

func figures(t *testing.T, d store.Dialect, bin string, n int) {
	ctx := context.Background()
	from, to := "", ""
	if os.Getenv("AMTSWEG_BACKUP_BENCH_STORE") == "s3" {
		from, to = blobtest.S3(t), blobtest.S3(t)
	}
	src := newInstallOn(t, d, true, from)
	src.seed(t)
	src.uploadSize = 20 << 10
	start := time.Now()
	for i := range n {
		_, err := src.submit(ctx, i, i%10 == 0)
		check(t, err)
	}
	src.checkpoint(t)
	t.Logf("%s: %d applications seeded in %s", d, n, time.Since(start).Round(time.Second))
	out := filepath.Join(t.TempDir(), "sicherung.tar")
	measure(t, d, "backup", bin, "backup", "--data", src.dir, "--database", src.dsn, "--blob-url", from, "--out", out, "--log-level", "warn")
	fi, err := os.Stat(out)
	check(t, err)
	t.Logf("%s: backup file %.1f MB", d, float64(fi.Size())/1e6)
	dst := newInstallOn(t, d, false, to)
	giveSecrets(t, src, dst)
	dst.db.Close()
	measure(t, d, "restore", bin, "restore", "--data", dst.dir, "--database", dst.dsn, "--blob-url", to, "--log-level", "warn", out)
	measure(t, d, "gzip backup", bin, "backup", "--data", src.dir, "--database", src.dsn, "--blob-url", from, "--out", out+".gz", "--log-level", "warn")
	fi, err = os.Stat(out + ".gz")
	check(t, err)
	t.Logf("%s: compressed backup file %.1f MB", d, float64(fi.Size())/1e6)
}

// measure runs the binary and logs its wall time and peak memory.
func measure(t *testing.T, d store.Dialect, what, bin string, args ...string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", what, err, out)
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	t.Logf("%s %s: %s wall, %.1f s CPU, peak RSS %d MB\n%s", d, what, time.Since(start).Round(time.Millisecond),
		time.Duration(ru.Utime.Nano()+ru.Stime.Nano()).Seconds(), ru.Maxrss/1024, fmt.Sprint(string(out)))
}
