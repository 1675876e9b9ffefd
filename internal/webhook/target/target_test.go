package target

import (
	"net/netip"
	"strings"
	"testing"
)

// TestPublicCorpus decides (never dials) a corpus of addresses: every
// special-purpose block of RFC 6890 and its updates is refused, including
// all of 0.0.0.0/8 and 100.64.0.0/10, IPv4-mapped and IPv4-embedding IPv6
// forms; ordinary public addresses pass.
func TestPublicCorpus(t *testing.T) {
	t.Parallel()
	refused := []string{
		"0.0.0.0", "0.1.2.3", "0.255.255.255", "10.0.0.1", "10.255.255.255", "100.64.0.1", "100.127.255.254",
		"127.0.0.1", "127.1.2.3", "169.254.169.254", "172.16.0.1", "172.31.255.255", "192.0.0.8", "192.0.0.170",
		"192.0.2.1", "192.31.196.1", "192.52.193.1", "192.88.99.1", "192.168.0.1", "192.175.48.1", "198.18.0.1",
		"198.19.255.255", "198.51.100.7", "203.0.113.9", "224.0.0.251", "239.255.255.250", "240.0.0.1",
		"255.255.255.255",
		"::", "::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:0.0.0.0", "64:ff9b::7f00:1", "64:ff9b:1::1",
		"100::1", "2001::1", "2001:0:4136:e378::1", "2001:db8::1", "2002:7f00:1::1", "3fff::1", "5f00::1",
		"fc00::1", "fd00:ec2::254", "fe80::1", "fe80::1%eth0", "fec0::1", "ff02::1",
	}
	for _, s := range refused {
		if Public(netip.MustParseAddr(s)) {
			t.Errorf("Public(%s) = true", s)
		}
	}
	for _, s := range []string{"93.184.216.34", "1.1.1.1", "8.8.8.8", "100.63.255.255", "100.128.0.1", "172.32.0.1",
		"192.169.0.1", "2a00:1450:4001::1", "2606:4700::1111", "::ffff:93.184.216.34"} {
		if !Public(netip.MustParseAddr(s)) {
			t.Errorf("Public(%s) = false", s)
		}
	}
}

// TestCheckURLCorpus: the scheme and host are decided at registration.
func TestCheckURLCorpus(t *testing.T) {
	t.Parallel()
	allow := []string{"127.0.0.1", "hooks.internal"}
	refused := map[string]string{
		"":                                "absolute",
		"hooks.example/x":                 "absolute",
		"/relative":                       "absolute",
		"ftp://hooks.example/x":           "https",
		"file:///etc/passwd":              "absolute",
		"gopher://hooks.example/":         "https",
		"javascript:alert(1)":             "absolute",
		"http://hooks.example/x":          "https",
		"https://user:pw@hooks.example/x": "user name",
		"https://0.0.0.0/x":               "non-public",
		"https://0.1.2.3:8443/x":          "non-public",
		"https://100.64.1.1/x":            "non-public",
		"https://169.254.169.254/latest":  "non-public",
		"https://[::1]/x":                 "non-public",
		"https://[::ffff:127.0.0.1]/x":    "non-public",
		"https://[fe80::1%25eth0]/x":      "valid host",
		"https://10.0.0.1/x":              "non-public",
		"http://127.0.0.2/x":              "https",
		"https:///nohost":                 "absolute",
		"https://hooks.example\\@evil/x":  "",
	}
	for raw, want := range refused {
		err := CheckURL(raw, allow)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CheckURL(%q) = %v, want an error naming %q", raw, err, want)
		}
	}
	for _, raw := range []string{"https://hooks.example/amtsweg", "https://93.184.216.34:8443/x",
		"http://127.0.0.1:9999/hook", "http://hooks.internal/x", "https://127.0.0.1/x"} {
		if err := CheckURL(raw, allow); err != nil {
			t.Errorf("CheckURL(%q) = %v", raw, err)
		}
	}
}
