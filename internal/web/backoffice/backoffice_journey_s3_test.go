package backoffice_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/minio/minio-go/v7"

	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestBackofficeJourneyS3 is TestBackofficeJourney with every file on a
// real S3 server (versitygw, --blob-url s3://…), on both databases: the
// guest's upload, the receipt PDF, the case worker's attachment, the
// citizen's answer and the notice all go to the bucket and come back
// from it; the data folder holds none of them.
func TestBackofficeJourneyS3(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			srv := blobtest.StartS3(t)
			w := boJourney(t, d, func(c *config.Config) { c.BlobURL = srv.URL })
			n := 0
			for obj := range srv.Client(t).Client.ListObjects(t.Context(), srv.Bucket, minio.ListObjectsOptions{Recursive: true}) {
				if obj.Err != nil {
					t.Fatal(obj.Err)
				}
				n++
			}
			t.Logf("%d objects in the bucket", n)
			// upload, receipt, attachment, answer, notice (and their copies in the case file)
			if n < 5 {
				t.Errorf("the bucket holds %d objects, want at least the journey's 5 files", n)
			}
			local, _ := filepath.Glob(filepath.Join(w.Dir, "blobs", "??", "*"))
			if _, err := os.Stat(filepath.Join(w.Dir, "blobs")); err == nil && len(local) > 0 {
				t.Errorf("files on the local disk despite --blob-url: %v", local)
			}
		})
	}
}
