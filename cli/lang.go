package cli

import (
	"errors"

	"till/config"
	"till/i18n"
	"till/sale"
	"till/ui"
)

// The command line speaks the till's language ([till] language, else the
// locale): the messages a cashier or a shop owner meets (a sale's outcome,
// what to give back, refusals, the QRIS deposit, resolve's summary, the
// drawer and end-of-day lines) are keys of the catalogue, cli.* in
// i18n/texts/cli.toml, and keyed domain refusals go through Lang.Error.
// What stays English, on purpose: --help and usage (a reference for the
// IT person), --json and the export (machine-readable), log lines,
// doctor's checks, the sandbox, and configuration errors that come before
// the config's language is known. Exit codes never change with language.

// noteLang remembers the language of a loaded config (config()).
func (c *cli) noteLang(cfg *config.Config) {
	if cfg != nil {
		c.lng = cfg.Till.LanguageFor(c.env)
	}
}

// lang is the language of this run's messages: the loaded config's, the
// running till's for a command run through its back office, else the
// config's as a quick read finds it (a refusal of a flag comes before the
// till is opened); English when no config can be read.
func (c *cli) lang() i18n.Lang {
	if c.lng != "" {
		return c.lng
	}
	if c.held != nil && c.held.Cfg != nil {
		return c.held.Cfg.Till.Lang()
	}
	c.lng = i18n.EN
	switch {
	case c.demo:
		c.lng = config.Demo().Till.LanguageFor(c.env)
	default:
		path, err := config.Find(c.configPath, c.env)
		if err != nil || path == "" {
			break
		}
		if cfg, err := config.Load(path, c.env); err == nil {
			c.lng = cfg.Till.LanguageFor(c.env)
		}
	}
	return c.lng
}

// t is the catalogue's text of key in this run's language, its arguments
// (amounts, states, kinds, durations) in that language's words
// (i18n.Lang.Tf): English is byte for byte what the English text says.
func (c *cli) t(key string, args ...any) string { return c.lang().Tf(key, args...) }

// tell prints a line of the catalogue's (c.t) on stderr, after "till: ".
func (c *cli) tell(text string) { c.errorf("%s", text) }

// said is what err says to a cashier in this run's language: a refusal
// the command line built (refuse) or a keyed domain refusal in its words
// (i18n.Lang.Error), anything else as sale.ErrorMessage says it.
func (c *cli) said(err error) string {
	var k *keyedError
	if errors.As(err, &k) {
		return c.t(k.key, k.args...)
	}
	return c.lang().Error(err)
}

// why is err as "%v" printed it, or in this run's language when it is a
// refusal with words of its own (said): for the errors of a check of what
// was typed, which need not be the domain's.
func (c *cli) why(err error) string {
	var k *keyedError
	var e *sale.Error
	if errors.As(err, &k) || errors.As(err, &e) {
		return c.said(err)
	}
	return err.Error()
}

// keyedError is a refusal the command line builds: a *sale.Error (its
// Code decides the exit code, its Message is the English) with the
// catalogue key and arguments said shows it with in the till's language.
type keyedError struct {
	err  *sale.Error
	key  string
	args []any
}

func (e *keyedError) Error() string { return e.err.Message }
func (e *keyedError) Unwrap() error { return e.err }

// refuse is a refusal with code and the catalogue's text of key.
func refuse(code, key string, args ...any) error {
	return &keyedError{err: &sale.Error{Code: code, Message: i18n.EN.Tf(key, args...)}, key: key, args: args}
}

// amountWhy is why a typed amount was refused, as an argument of a
// refusal's text: in English the parse error itself (err, printed as it
// always was), in another language sale.ParseMoney's keyed reason in its
// words (i18n.Lang.Error).
func (c *cli) amountWhy(err error) any {
	if c.lang() == i18n.EN {
		return err
	}
	if err == nil {
		return c.t("cli.wait_negative")
	}
	return c.lang().Error(err)
}

// outcome is a sale's outcome message as the cashier reads it: the till's
// own client messages in the till's language (i18n.Lang.Said), a
// provider's words as it sent them, cleaned of anything that could move
// the cursor or change the terminal (ui.Clean).
func (c *cli) outcome(msg string) string { return ui.Clean(c.lang().Said(msg)) }
