package blob

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/minio/minio-go/v7/pkg/credentials"
)

// s3Params are the query parameters an s3:// URL may carry; any other is
// an error, so a typo does not silently fall back to a default.
var s3Params = map[string]string{
	"endpoint":         "HOST:PORT of the S3 service (default s3.amazonaws.com)",
	"region":           "the bucket's region (default: asked from the service)",
	"prefix":           "a folder inside the bucket for amtsweg's objects",
	"tls":              "true (default) or false for plain HTTP (only on loopback or a trusted network)",
	"path_style":       "true for path-style addressing (http://host/bucket/key), false for virtual hosts; default: chosen by the endpoint",
	"credentials_file": "a file in the AWS credentials format to read the keys from instead of AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY",
	"profile":          "the profile in the credentials file (default: AWS_PROFILE, else default)",
}

var (
	bucketRE = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	prefixRE = regexp.MustCompile(`^[A-Za-z0-9._/-]*$`)
)

// openS3 opens the S3 store an s3:// URL names, with credentials from the
// URL's credentials_file or else the usual AWS variables.
func openS3(ctx context.Context, u *url.URL) (Lister, error) {
	cfg, err := ParseS3URL(u)
	if err != nil {
		return nil, err
	}
	return NewS3(ctx, cfg)
}

// ParseS3URL reads s3://BUCKET?endpoint=HOST:PORT&region=R&prefix=P&tls=false
// &path_style=true&credentials_file=PATH&profile=NAME into a configuration.
// Keys and passwords never belong in the URL: user:pass is refused.
func ParseS3URL(u *url.URL) (S3Config, error) {
	bad := func(format string, args ...any) (S3Config, error) {
		return S3Config{}, fmt.Errorf("blob URL %q: %s", u.Redacted(), fmt.Sprintf(format, args...))
	}
	if u.User != nil {
		return bad("credentials do not belong in the URL; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or credentials_file=)")
	}
	if !bucketRE.MatchString(u.Host) {
		return bad("the bucket name %q is not valid (3–63 characters: a-z, 0-9, dot, dash)", u.Host)
	}
	if u.Path != "" && u.Path != "/" {
		return bad("a path after the bucket is not used; give the folder as prefix=%s", strings.Trim(u.Path, "/"))
	}
	cfg := S3Config{Bucket: u.Host, Endpoint: "s3.amazonaws.com", TLS: true}
	q := u.Query()
	for name, vals := range q {
		if _, ok := s3Params[name]; !ok {
			return bad("unknown parameter %q (known: %s)", name, knownS3Params())
		}
		if len(vals) != 1 {
			return bad("parameter %q is given %d times; give it once", name, len(vals))
		}
		if vals[0] == "" {
			return bad("parameter %q is empty", name)
		}
	}
	if err := cfg.setParams(q); err != nil {
		return bad("%v", err)
	}
	return cfg, nil
}

// setParams applies the checked query parameters.
func (c *S3Config) setParams(q url.Values) error {
	if v := q.Get("endpoint"); v != "" {
		if strings.Contains(v, "/") {
			return fmt.Errorf("parameter endpoint: give HOST:PORT without a scheme or path, not %q", v)
		}
		c.Endpoint = v
	}
	c.Region = q.Get("region")
	if v := q.Get("prefix"); v != "" {
		if !prefixRE.MatchString(v) || strings.HasPrefix(v, "/") || strings.Contains(v, "..") {
			return fmt.Errorf("parameter prefix: %q may hold only letters, digits and . _ - / and must not start with /", v)
		}
		c.Prefix = strings.TrimSuffix(v, "/") + "/"
	}
	var err error
	if c.TLS, err = boolParam(q, "tls", true); err != nil {
		return err
	}
	if v := q.Get("path_style"); v != "" {
		ps, err := boolParam(q, "path_style", false)
		if err != nil {
			return err
		}
		c.PathStyle = &ps
	}
	if f := q.Get("credentials_file"); f != "" {
		c.Credentials = credentials.NewFileAWSCredentials(f, q.Get("profile"))
	} else if q.Get("profile") != "" {
		c.Credentials = credentials.NewFileAWSCredentials("", q.Get("profile"))
	}
	return nil
}

func boolParam(q url.Values, name string, def bool) (bool, error) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("parameter %s: want true or false, not %q", name, v)
	}
	return b, nil
}

func knownS3Params() string {
	names := make([]string, 0, len(s3Params))
	for n := range s3Params {
		names = append(names, n)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}
