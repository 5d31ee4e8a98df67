package config

import (
	"strings"
	"testing"

	"till/i18n"
)

// [till] language is strict; unset, the locale decides.
func TestConfigLanguage(t *testing.T) {
	withLang := func(v string) string {
		return strings.Replace(goodConfig, "[till]\n", "[till]\nlanguage = \""+v+"\"\n", 1)
	}
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	for _, c := range []struct {
		body string
		env  func(string) string
		want i18n.Lang
	}{
		{withLang("id"), noEnv, i18n.ID},
		{withLang("en"), env("LANG", "id_ID.UTF-8"), i18n.EN},
		{goodConfig, noEnv, i18n.EN},
		{goodConfig, env("LANG", "id_ID.UTF-8"), i18n.ID},
		{goodConfig, env("LC_ALL", "en_ZA.UTF-8", "LANG", "id_ID.UTF-8"), i18n.EN},
		{goodConfig, env("LC_ALL", "id_ID"), i18n.ID},
		{goodConfig, env("LANG", "C.UTF-8"), i18n.EN},
	} {
		cfg, err := Load(writeConfig(t, c.body, 0o600), c.env)
		if err != nil {
			t.Fatal(err)
		}
		if got := cfg.Till.LanguageFor(c.env); got != c.want {
			t.Errorf("language = %q, want %q", got, c.want)
		}
	}
	for _, bad := range []string{"ID", "id_ID", "indonesian", "fr", " "} {
		_, err := Load(writeConfig(t, withLang(bad), 0o600), noEnv)
		if err == nil || !strings.Contains(err.Error(), "language") {
			t.Errorf("language %q: err %v, want it refused", bad, err)
		}
	}
}
