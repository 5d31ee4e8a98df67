package providers

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckConfigSecretAndURL(t *testing.T) {
	cases := []struct {
		err  error
		key  string
		want string
	}{
		{CheckConfigSecret("flash", "api_key", "", "TILL_FLASH_API_KEY"), "api_key", "[flash] api_key: is missing (set it in the config or TILL_FLASH_API_KEY)"},
		{CheckConfigSecret("flash", "api_key", "k\r\nX-Evil: 1", "TILL_FLASH_API_KEY"), "api_key", "[flash] api_key: contains a line break"},
		{CheckConfigURL("oneflow", "http://api.1flow.org"), "base_url", "[oneflow] base_url: refused"},
	}
	for _, c := range cases {
		var ce *ConfigError
		if !errors.As(c.err, &ce) || ce.Key != c.key || !strings.HasPrefix(c.err.Error(), c.want) {
			t.Errorf("got %v, want a ConfigError for %s starting %q", c.err, c.key, c.want)
		}
		if strings.Contains(c.err.Error(), "X-Evil") {
			t.Errorf("the secret leaked into the error: %v", c.err)
		}
	}
	if err := CheckConfigSecret("flash", "api_key", "k3y", "TILL_FLASH_API_KEY"); err != nil {
		t.Errorf("a good secret refused: %v", err)
	}
	if err := CheckConfigURL("flash", "https://api.flashswitch.flash-group.com"); err != nil {
		t.Errorf("a good base URL refused: %v", err)
	}
}
