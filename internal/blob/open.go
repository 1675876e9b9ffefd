package blob

import (
	"context"
	"fmt"
	"net/url"
)

// Open returns the store rawURL names: "" is the local directory
// defaultDir, file:///DIR another local directory, s3://BUCKET?… an
// S3-compatible object store. A bad or unsupported URL is an error that
// says what is accepted.
func Open(ctx context.Context, rawURL, defaultDir string) (Lister, error) {
	if rawURL == "" {
		return NewDisk(defaultDir)
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("blob URL %q: %w", rawURL, err)
	}
	switch u.Scheme {
	case "file":
		if u.Path == "" || u.Host != "" {
			return nil, fmt.Errorf("blob URL %q: give file:///absolute/dir", rawURL)
		}
		return NewDisk(u.Path)
	case "s3":
		return openS3(ctx, u)
	}
	return nil, fmt.Errorf("blob URL %q: the scheme must be file or s3", rawURL)
}
