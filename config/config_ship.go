package config

import (
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// ShipConfig is the [ship] table: the chain's head-office PostgreSQL that
// `till ship` and the running till send the journal to (ship/, cli/ship.go).
type ShipConfig struct {
	// URL is postgres://user:password@host:port/db?sslmode=...; TILL_SHIP_URL
	// in the environment wins. TLS is required unless the host is loopback
	// or a Unix socket.
	URL string `toml:"url"`
	// Every is how often the running till ships (default "1m").
	Every string `toml:"every"`
	every time.Duration
}

// defaultShipEvery is how often the running till ships by default.
const defaultShipEvery = time.Minute

// validateShip checks the [ship] table and fills its defaults.
func (c *Config) validateShip(bad func(string, ...any)) {
	s := c.Ship
	if s == nil {
		return
	}
	s.every = defaultShipEvery
	if s.Every != "" {
		d, err := parsePositiveDuration(s.Every)
		switch {
		case err != nil:
			bad("[ship] every: %v", err)
		case d < time.Second:
			bad("[ship] every is %s: at least 1s", s.Every)
		default:
			s.every = d
		}
	}
	if s.URL == "" {
		bad("[ship] url is missing (or set TILL_SHIP_URL)")
		return
	}
	if err := checkShipURL(s.URL); err != "" {
		bad("[ship] url: %s", err)
	}
}

// checkShipURL checks a head-office URL: postgres:// form, parseable, and
// encrypted unless every host it may connect to is on this machine. It
// returns "" or what is wrong, never the password.
func checkShipURL(raw string) string {
	if !strings.HasPrefix(raw, "postgres://") && !strings.HasPrefix(raw, "postgresql://") {
		return "it must start with postgres:// (e.g. postgres://till@hq.example:5432/chain?sslmode=verify-full)"
	}
	cfg, err := pgconn.ParseConfig(raw)
	if err != nil {
		return "cannot be parsed (check its form; it is not shown here since it may hold a password)"
	}
	type target struct {
		host  string
		plain bool
	}
	targets := []target{{cfg.Host, cfg.TLSConfig == nil}}
	for _, f := range cfg.Fallbacks {
		targets = append(targets, target{f.Host, f.TLSConfig == nil})
	}
	for _, t := range targets {
		if t.plain && !localHost(t.host) {
			return "head office at " + t.host + " must be reached over TLS: add sslmode=verify-full (or require); sslmode=disable, allow and prefer are only for 127.0.0.1, ::1, localhost or a Unix socket"
		}
	}
	return ""
}

// localHost reports whether host is this machine: a loopback address,
// localhost, or a Unix socket directory.
func localHost(host string) bool {
	if strings.HasPrefix(host, "/") || host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// shipURLHoldsPassword reports whether the [ship] url in the file carries a
// password, which makes the config a file of secrets (mode 0600).
func (c *Config) shipURLHoldsPassword() bool {
	if c.Ship == nil || c.Ship.URL == "" {
		return false
	}
	u, err := url.Parse(c.Ship.URL)
	if err != nil {
		return true
	}
	_, has := u.User.Password()
	return has || u.Query().Has("password")
}
