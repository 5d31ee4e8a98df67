package cli

import "till/i18n"

// language is the till's language: [till] language when set (validate
// checks it is "en" or "id"), else the locale's (LC_ALL, LC_MESSAGES, LANG:
// Indonesian is id, anything else en).
func (t *TillConfig) language(getenv func(string) string) i18n.Lang {
	if t.lang != "" {
		return t.lang
	}
	if getenv == nil {
		return i18n.EN
	}
	return i18n.FromEnv(getenv)
}
