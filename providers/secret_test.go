package providers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

type config struct {
	BaseURL string
	APIKey  Secret
	Nested  struct{ Token Secret }
}

func TestSecretNeverPrints(t *testing.T) {
	const key = "sk_live_hunter2"
	c := config{BaseURL: "https://x", APIKey: key}
	c.Nested.Token = key

	var outs []string
	for _, verb := range []string{"%s", "%v", "%+v", "%#v", "%q", "%x", "%X", "%d", "%10s", "%T"} {
		outs = append(outs, fmt.Sprintf(verb, c), fmt.Sprintf(verb, c.APIKey))
	}
	outs = append(outs, fmt.Sprint(c), fmt.Sprintln(c.APIKey), c.APIKey.String(), c.APIKey.GoString())
	j, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	outs = append(outs, string(j))

	var buf bytes.Buffer
	for _, h := range []slog.Handler{slog.NewTextHandler(&buf, nil), slog.NewJSONHandler(&buf, nil)} {
		l := slog.New(h)
		l.Info("cfg", "config", c, "key", c.APIKey)
		l.Info("cfg", slog.Any("config", c), slog.Any("ptr", &c))
	}
	outs = append(outs, buf.String())

	for _, o := range outs {
		if strings.Contains(o, "hunter2") {
			t.Errorf("secret leaked: %s", o)
		}
	}
	if !strings.Contains(buf.String(), Redacted) {
		t.Errorf("logs do not show %s: %s", Redacted, buf.String())
	}
	if c.APIKey.Reveal() != key {
		t.Errorf("Reveal() = %q", c.APIKey.Reveal())
	}
	var s Secret
	if err := s.UnmarshalText([]byte("abc")); err != nil || s.Reveal() != "abc" {
		t.Errorf("UnmarshalText: %v %q", err, s.Reveal())
	}
}
