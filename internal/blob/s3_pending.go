package blob

import (
	"context"
	"fmt"
	"net/url"
)

// openS3 opens an S3-compatible store (replaced by the S3 implementation).
func openS3(_ context.Context, u *url.URL) (Lister, error) {
	return nil, fmt.Errorf("blob URL %q: S3 storage is not built yet", u.Redacted())
}
