package site

import (
	"net/url"
	"path"
	"strings"
)

// LocalPath returns next when it is a path on this site and "/" otherwise.
// It is the one check for every way back a request names (next of the
// login, the code page, the provider login, the language switch, …), so
// that no form can redirect elsewhere (an open redirect, ASVS 5.0 V3.7.4).
//
// Browsers repair what they are given before they follow it: they drop
// tabs and line breaks, read "\" as "/" and strip surrounding spaces, so
// "/\t/evil.example" becomes "//evil.example", another host. A prefix
// check on the raw text cannot see that. next is therefore accepted only
// when it is printable ASCII without "\", parses as a bare path (no
// scheme, host or user) and its decoded path is already in its clean
// form: starting with one "/", without empty, "." or ".." segments and
// without control characters, so "%2f%2f", "%5c", "%09", "/.//" and "///"
// are refused whatever a browser or a proxy later makes of them.
func LocalPath(next string) string {
	if len(next) > 2048 || !printableASCII(next) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !cleanPath(u.Path) {
		return "/"
	}
	return next
}

// printableASCII reports whether s holds only visible ASCII characters
// other than the backslash (no space, tab, line break or non-ASCII
// look-alike such as "／").
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || c == '\\' {
			return false
		}
	}
	return s != ""
}

// cleanPath reports whether the decoded path p is a canonical absolute
// path without control characters or backslashes.
func cleanPath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.Contains(p, "//") || strings.Contains(p, "\\") {
		return false
	}
	for i := 0; i < len(p); i++ {
		if p[i] < ' ' || p[i] == 0x7f {
			return false
		}
	}
	if strings.HasSuffix(p, "/") && len(p) > 1 {
		p = p[:len(p)-1] // "/konto/" is as good as "/konto"
	}
	return path.Clean(p) == p
}
