package wasihttp

import (
	"net"
	"net/http"
	"strings"
	"time"
)

// Config configures the wasi:http host. It is an immutable value: each
// With method returns a changed copy. The zero Config denies every
// outgoing request.
type Config struct {
	allowed   []string
	client    *http.Client
	forbidden []string
	timeout   time.Duration
}

// WithAllowedHosts returns a copy that lets outgoing requests reach the
// given hosts: "example.com" (any port), "127.0.0.1:8080" (that port only)
// or "*" (anywhere). Names are compared case-insensitively.
func (c Config) WithAllowedHosts(hosts ...string) Config {
	c.allowed = append(append([]string(nil), c.allowed...), hosts...)
	return c
}

// WithClient returns a copy that makes outgoing requests with client
// instead of a default client without redirects.
func (c Config) WithClient(client *http.Client) Config {
	c.client = client
	return c
}

// WithForbiddenHeaders returns a copy that also forbids the guest to set
// the given header names (beyond the hop-by-hop headers always forbidden).
func (c Config) WithForbiddenHeaders(names ...string) Config {
	c.forbidden = append(append([]string(nil), c.forbidden...), names...)
	return c
}

// WithOutgoingTimeout returns a copy that bounds each outgoing request,
// from sending it to the end of the response headers, by d (0: no bound
// beyond the guest's own request-options).
func (c Config) WithOutgoingTimeout(d time.Duration) Config {
	c.timeout = d
	return c
}

// allows reports whether an outgoing request may go to authority
// ("host" or "host:port").
func (c Config) allows(authority string, defaultPort string) bool {
	host, port, err := net.SplitHostPort(authority)
	if err != nil {
		host, port = strings.Trim(authority, "[]"), defaultPort
	}
	for _, a := range c.allowed {
		if a == "*" {
			return true
		}
		ah, ap, err := net.SplitHostPort(a)
		if err != nil {
			ah, ap = strings.Trim(a, "[]"), ""
		}
		if strings.EqualFold(ah, host) && (ap == "" || ap == port) {
			return true
		}
	}
	return false
}

// newClient returns the client outgoing requests use: the configured one,
// or one of its own that leaves redirects to the guest.
func (c Config) newClient() *http.Client {
	if c.client != nil {
		return c.client
	}
	return &http.Client{
		Transport:     http.DefaultTransport.(*http.Transport).Clone(),
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
