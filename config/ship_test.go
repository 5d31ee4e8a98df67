package config

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

func TestShipConfig(t *testing.T) {
	good := func(add string) string { return goodConfig + "\n[ship]\n" + add }
	cases := []struct {
		name, body, want string
		env              map[string]string
		mode             os.FileMode
	}{
		{"remote without tls", good(`url = "postgres://till@hq.example:5432/chain"`), "must be reached over TLS", nil, 0o600},
		{"remote with tls disabled", good(`url = "postgres://till@10.0.0.5/chain?sslmode=disable"`), "head office at 10.0.0.5 must be reached over TLS", nil, 0o600},
		{"remote tls preferred", good(`url = "postgres://till@hq.example/chain?sslmode=prefer"`), "sslmode=disable, allow and prefer are only for", nil, 0o600},
		{"not a postgres url", good(`url = "https://hq.example/chain"`), "it must start with postgres://", nil, 0o600},
		{"key=value form", good(`url = "host=hq.example dbname=chain"`), "it must start with postgres://", nil, 0o600},
		{"missing url", good(`every = "1m"`), "[ship] url is missing (or set TILL_SHIP_URL)", nil, 0o600},
		{"bad every", good(`url = "postgres://till@127.0.0.1/chain?sslmode=disable"` + "\nevery = \"often\""), "[ship] every: \"often\" is not a duration", nil, 0o600},
		{"every too short", good(`url = "postgres://till@127.0.0.1/chain?sslmode=disable"` + "\nevery = \"10ms\""), "at least 1s", nil, 0o600},
		{"unknown key", good(`url = "postgres://till@127.0.0.1/chain?sslmode=disable"` + "\nbatch = 5"), `unknown key "ship.batch"`, nil, 0o600},
		{"env url checked too", good(`every = "1m"`), "must be reached over TLS", map[string]string{"TILL_SHIP_URL": "postgres://till:pw@hq.example/chain"}, 0o600},
		{"password makes the file secret", strings.Replace(good(`url = "postgres://till:s3cret@127.0.0.1/chain?sslmode=disable"`), `api_key = "k3y"`, "", 1),
			"chmod 600", map[string]string{"TILL_FLASH_API_KEY": "k"}, 0o644},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(writeConfig(t, tc.body, tc.mode), func(k string) string { return tc.env[k] })
			if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.As(err, new(*Error)) {
				t.Fatalf("error %v, want %q (exit 2)", err, tc.want)
			}
			if strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), ":pw@") {
				t.Fatalf("the error shows the password: %v", err)
			}
		})
	}
	for _, u := range []string{
		"postgres://till@127.0.0.1:5432/chain?sslmode=disable",
		"postgres://till@[::1]/chain?sslmode=disable",
		"postgres://till@localhost/chain",
		"postgres:///chain?host=/var/run/postgresql",
		"postgres://till@hq.example/chain?sslmode=require",
		"postgresql://till@hq.example/chain?sslmode=verify-full",
	} {
		cfg, err := Load(writeConfig(t, good(fmt.Sprintf("url = %q", u)), 0o600), noEnv)
		if err != nil {
			t.Errorf("%s: %v", u, err)
			continue
		}
		if cfg.Ship.every != time.Minute {
			t.Errorf("%s: every %v, want the default 1m", u, cfg.Ship.every)
		}
	}
	env := func(k string) string {
		if k == "TILL_SHIP_URL" {
			return "postgres://till:pw@hq.example/chain?sslmode=verify-full"
		}
		return ""
	}
	cfg, err := Load(writeConfig(t, good(`url = "postgres://till@127.0.0.1/x?sslmode=disable"`+"\nevery = \"30s\""), 0o600), env)
	if err != nil || !strings.Contains(cfg.Ship.URL, "hq.example") || cfg.Ship.every != 30*time.Second {
		t.Fatalf("TILL_SHIP_URL should win: %+v %v", cfg.Ship, err)
	}
}
