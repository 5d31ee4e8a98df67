package providers

import (
	"strings"
	"testing"
)

func TestCheckBaseURL(t *testing.T) {
	ok := []string{
		"https://api.flashswitch.flash-group.com",
		"https://api.1flow.org/",
		"https://flowix.web.id/api/v1",
		"http://127.0.0.1:8700/flash",
		"http://127.8.9.10/x",
		"http://[::1]:8700/flash",
		"http://localhost:8700",
		"http://LOCALHOST",
	}
	for _, u := range ok {
		if err := CheckBaseURL(u); err != nil {
			t.Errorf("CheckBaseURL(%q) = %v, want nil", u, err)
		}
	}
	bad := map[string]string{
		"":                                  "empty",
		"   ":                               "empty",
		"http://api.flashswitch.com":        "https",
		"http://10.0.0.1:8700":              "https",
		"http://localhost.evil.com":         "https",
		"ftp://127.0.0.1":                   "https",
		"api.flash.com":                     "https",
		"https://":                          "no host",
		"https://api.example.com/?key=abc":  "query",
		"https://api.example.com/?":         "query",
		"https://api.example.com/#frag":     "fragment",
		"https://user:hunter2@example.com/": "user name",
		"https://exa mple.com":              "valid URL",
	}
	for u, want := range bad {
		err := CheckBaseURL(u)
		if err == nil {
			t.Errorf("CheckBaseURL(%q) = nil, want error about %q", u, want)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("CheckBaseURL(%q) = %q, want it to mention %q", u, err, want)
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("CheckBaseURL(%q) leaked the password: %q", u, err)
		}
	}
}

func TestIsLoopbackAddr(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:8700": true, "localhost:0": true, "[::1]:80": true,
		":8700": false, "0.0.0.0:8700": false, "192.168.1.2:8700": false, "127.0.0.1": false,
	} {
		if got := IsLoopbackAddr(addr); got != want {
			t.Errorf("IsLoopbackAddr(%q) = %v, want %v", addr, got, want)
		}
	}
}
