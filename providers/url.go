package providers

import (
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
)

// BaseURLError says why a configured base URL was refused. Its message never
// repeats a password that was put in the URL.
type BaseURLError struct {
	URL    string // the URL with any password redacted; empty if unparsable
	Reason string
}

// Error says why the URL was refused.
func (e *BaseURLError) Error() string {
	if e.URL == "" {
		return "base URL: " + e.Reason
	}
	return fmt.Sprintf("base URL %q: %s", e.URL, e.Reason)
}

// CheckBaseURL accepts https URLs, and http URLs only on loopback
// (127.0.0.0/8, ::1, localhost). A URL without a host, with credentials, a
// query or a fragment is refused.
func CheckBaseURL(raw string) error {
	if strings.TrimSpace(raw) == "" {
		return &BaseURLError{Reason: "is empty"}
	}
	u, err := url.Parse(raw)
	if err != nil {
		return &BaseURLError{Reason: "is not a valid URL"}
	}
	shown := u.Redacted()
	if u.User != nil {
		return &BaseURLError{URL: shown, Reason: "must not carry a user name or password; put credentials in the config keys meant for them"}
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return &BaseURLError{URL: shown, Reason: "must start with https://"}
	}
	if u.Host == "" || u.Hostname() == "" {
		return &BaseURLError{URL: shown, Reason: "has no host"}
	}
	if u.RawQuery != "" || u.ForceQuery {
		return &BaseURLError{URL: shown, Reason: "must not have a query string (?...)"}
	}
	if u.Fragment != "" || strings.Contains(raw, "#") {
		return &BaseURLError{URL: shown, Reason: "must not have a fragment (#...)"}
	}
	if u.Opaque != "" {
		return &BaseURLError{URL: shown, Reason: "is not a valid URL"}
	}
	if u.Scheme == "http" && !IsLoopback(u.Hostname()) {
		return &BaseURLError{URL: shown, Reason: "must use https; plain http is allowed only for loopback (127.0.0.1, ::1, localhost)"}
	}
	return nil
}

// IsLoopback reports whether host (a name or an IP, without port or
// brackets) is localhost or a loopback address.
func IsLoopback(host string) bool {
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	return ip.Unmap().IsLoopback()
}

// IsLoopbackAddr reports whether a listen address such as "127.0.0.1:8700"
// names a loopback host. An empty host (":8700", all interfaces) is not.
func IsLoopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || host == "" {
		return false
	}
	return IsLoopback(host)
}
