package backup_test

import (
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/app"
	"github.com/amtsweg/amtsweg/internal/blob/keyring"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestRestoreNeedsSourceMaster: the backup holds the data keys only
// wrapped by the source's master key, which is never in it. A restored
// installation started with another master key (its own, or the new one
// after a master rotation) refuses to start and names the master it
// lacks; given the source's as an accepted older master
// (DATA/blob-master-accepted.keys, as after a rotation) it starts and
// serves the source's receipt and notice.
func TestRestoreNeedsSourceMaster(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			src, f, _ := small(t, d, "unused.tar")
			secret, err := src.w.Mailbox.GuestLink(ctx, f.app.ID, f.owner, "", mail.German)
			check(t, err)
			before := serveAndFetch(t, src, f, secret)
			path := writeBackup(t, src, "b.tar")

			dst := newInstall(t, d, false) // with a master key of its own
			check(t, os.WriteFile(filepath.Join(dst.dir, "seal.key"), fmt.Appendf(nil, "%x\n", sealSecret), 0o600))
			_, err = restoreInto(dst, path)
			check(t, err)
			srcMaster, err := keyring.NewMaster(src.master)
			check(t, err)
			err = startApp(dst)
			if err == nil || !strings.Contains(err.Error(), "which this process does not have") || !strings.Contains(err.Error(), srcMaster.ID) {
				t.Fatalf("start with another master key than the source's: %v", err)
			}

			accepted := filepath.Join(dst.dir, "blob-master-accepted.keys")
			check(t, os.WriteFile(accepted, []byte(hex.EncodeToString(src.master)+"\n"), 0o600))
			after := serveAndFetch(t, dst, f, secret)
			if string(after.receipt) != string(before.receipt) || string(after.notice) != string(before.notice) {
				t.Error("with the source's master accepted, the restored installation serves another receipt or notice")
			}
		})
	}
}

// startApp builds the app on the installation as `amtsweg serve` does
// and returns its error; a started app is closed at once.
func startApp(in *install) error {
	cfg := config.Config{DataDir: in.dir, DatabaseURL: in.dsn, BlobURL: in.blobURL, Addr: "127.0.0.1:0",
		MaxInflight: 8, MaxBody: 1 << 20, ShutdownIn: time.Second, LogFormat: "text", LogLevel: "warn"}
	a, err := app.New(context.Background(), cfg, quiet)
	if err == nil {
		a.Close()
	}
	return err
}

// TestRestoreIntoStartedInstallation: an installation started once with
// the source's keys and never used (serve's first start records the
// keyring's state in blob_keyring) still takes the backup, and starts on
// it. Since encryption came, such a target was refused as "not empty".
func TestRestoreIntoStartedInstallation(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			src, _, path := small(t, d, "b.tar")
			dst := newInstall(t, d, false)
			giveSecrets(t, src, dst)
			check(t, startApp(dst))
			_, err := restoreInto(dst, path)
			check(t, err)
			checkKeyringState(t, dst)
			check(t, startApp(dst))
		})
	}
}
