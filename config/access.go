package config

import (
	"time"

	"till/i18n"
	"till/sale"
	"till/ui"
)

// The values validate parsed from the file's strings, read-only for the
// rest of the till.

// Source says which rule of the look-up order found the config.
func (c *Config) Source() string { return c.source }

// SetSource records which rule of the look-up order found the config.
func (c *Config) SetSource(s string) { c.source = s }

// Location is the shop's time zone ([till] timezone; the machine's if unset).
func (t *TillConfig) Location() *time.Location { return t.location }

// Lang is the language of the screens and slips (SetLang, LanguageFor).
func (t *TillConfig) Lang() i18n.Lang { return t.lang }

// SetLang sets the language the till speaks (from LanguageFor).
func (t *TillConfig) SetLang(l i18n.Lang) { t.lang = l }

// Window is [till] idempotency_window: how long a same-target sale needs a
// second look.
func (t *TillConfig) Window() time.Duration { return t.window }

// LockoutFor is [till] lockout: how long wrong PINs lock a cashier out.
func (t *TillConfig) LockoutFor() time.Duration { return t.lockout }

// IdleLockAfter is [till] idle_lock: the till locks after that long idle.
func (t *TillConfig) IdleLockAfter() time.Duration { return t.idleLock }

// BackupInterval is [till] backup_every (0: off).
func (t *TillConfig) BackupInterval() time.Duration { return t.backupEvery }

// SetBackupInterval overrides backup_every (tests of the backup loop).
func (t *TillConfig) SetBackupInterval(d time.Duration) { t.backupEvery = d }

// RequestTimeout is [flash] timeout.
func (f *FlashConfig) RequestTimeout() time.Duration { return parsed(f.timeout, f.Timeout) }

// RequestTimeout is [oneflow] timeout.
func (o *OneFlowConfig) RequestTimeout() time.Duration { return parsed(o.timeout, o.Timeout) }

// RequestTimeout is [flowix] timeout.
func (f *FlowixConfig) RequestTimeout() time.Duration { return parsed(f.timeout, f.Timeout) }

// RequestTimeout is [flutterwave] timeout.
func (f *FlutterwaveConfig) RequestTimeout() time.Duration { return parsed(f.timeout, f.Timeout) }

// RequestTimeout is [mpesaflow] timeout.
func (m *MpesaFlowConfig) RequestTimeout() time.Duration { return parsed(m.timeout, m.Timeout) }

// Sale is the [limits] table as the engine takes it.
func (l *LimitsConfig) Sale() sale.Limits { return l.limits }

// Interval is [ship] every.
func (s *ShipConfig) Interval() time.Duration { return s.every }

// Glyphs is how the screen draws QR codes ([tui] qr).
func (tc *TUIConfig) Glyphs() ui.QRGlyphs { return tc.glyphs }

// parsed is d, or, for a table built in code rather than validated (the
// demo's), its string parsed.
func parsed(d time.Duration, s string) time.Duration {
	if d == 0 && s != "" {
		d, _ = time.ParseDuration(s)
	}
	return d
}

// Message is the config error's text.
func (e *Error) Message() string { return e.msg }
