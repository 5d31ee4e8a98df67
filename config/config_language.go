package config

import "till/i18n"

// LanguageFor is the till's LanguageFor: [till] LanguageFor when set (validate
// checks it is "en" or "id"), else the locale's (LC_ALL, LC_MESSAGES, LANG:
// Indonesian is id, anything else en).
func (t *TillConfig) LanguageFor(getenv func(string) string) i18n.Lang {
	if t.lang != "" {
		return t.lang
	}
	if getenv == nil {
		return i18n.EN
	}
	return i18n.FromEnv(getenv)
}
