package i18n

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"till/sale"
)

// The domain's refusals a cashier reads (sale/limits.go, sale/auth.go):
// their catalogue texts, keyed "err."+sale.Error.Key. The English here is
// what the catalogue holds for completeness; English tills show the
// domain's own Message, which spells plurals and durations.
var errorTexts = map[string]Text{
	"err.exposure_count": {"the till already has %d unresolved sales (the limit is %d): settle some before selling again",
		"till sudah punya %d transaksi yang belum selesai (batasnya %d): selesaikan sebagian dulu sebelum menjual lagi"},
	"err.exposure_value": {"unresolved sales already add up to %s; with this sale they would pass the limit of %s: settle some before selling again",
		"transaksi yang belum selesai sudah berjumlah %s; dengan transaksi ini batas %s terlewati: selesaikan sebagian dulu sebelum menjual lagi"},
	"err.over_most": {"%s is more than any one sale may be (%s): no override allows it; check the amount",
		"%s melebihi batas satu transaksi (%s): izin supervisor pun tidak bisa; periksa jumlahnya"},
	"err.override_used": {"the supervisor's override (journal event %d) was already used for a sale: ask again",
		"izin supervisor (catatan jurnal %d) sudah dipakai untuk transaksi lain: minta lagi"},
	"err.supervised": {"a %s needs a supervisor: they authorise it with their own PIN",
		"%s memerlukan supervisor: supervisor mengizinkannya dengan PIN-nya sendiri"},
	"err.over_limit": {"%s is over the per-sale limit of %s for %s: a supervisor must authorise it",
		"%s melebihi batas per transaksi %s untuk %s: supervisor harus mengizinkannya"},
	"err.same_target": {"sale %s of %s to %s is still %s: settle it before selling again, or ask a supervisor to override",
		"transaksi %s (%s) ke %s masih %s: selesaikan dulu sebelum menjual lagi, atau minta izin supervisor"},
	"err.over_limit_same_target": {"%s is over the per-sale limit of %s for %s; and sale %s of %s to %s is still %s: settle it before selling again, or ask a supervisor to override",
		"%s melebihi batas per transaksi %s untuk %s; dan transaksi %s (%s) ke %s masih %s: selesaikan dulu sebelum menjual lagi, atau minta izin supervisor"},
	"err.pin_locked": {"%s is locked out after %d wrong PINs until %s: wait, or ask a supervisor to unlock",
		"%s terkunci setelah %d kali salah PIN sampai pukul %s: tunggu, atau minta supervisor membuka kuncinya"},
	"err.pin_wrong": {"wrong PIN for %s: %d tries left before a lockout",
		"PIN %s salah: tinggal %d kali lagi sebelum terkunci"},
	"err.pin_lockout": {"wrong PIN for %s %d times: locked out for %s, until %s",
		"PIN %s salah %d kali: terkunci selama %s, sampai pukul %s"},
	"err.cashier_disabled": {"%s is disabled: a supervisor can enable them again",
		"%s dinonaktifkan: supervisor dapat mengaktifkannya lagi"},
	"err.not_supervisor": {"%s is not a supervisor: only a supervisor's own PIN authorises this",
		"%s bukan supervisor: hanya PIN supervisor sendiri yang dapat mengizinkan ini"},
}

func init() {
	for k, t := range errorTexts {
		catalogue[k] = t
	}
}

// Error is what err says to a cashier in l: a domain refusal with a
// catalogue entry in l's words (its amounts, kinds, states and durations
// too), anything else as sale.ErrorMessage says it.
func (l Lang) Error(err error) string {
	var e *sale.Error
	if l != ID || !errors.As(err, &e) || e.Key == "" {
		return sale.ErrorMessage(err)
	}
	t, ok := catalogue["err."+e.Key]
	if !ok {
		return sale.ErrorMessage(err)
	}
	args := make([]any, len(e.Args))
	for i, a := range e.Args {
		args[i] = l.arg(a)
	}
	return fmt.Sprintf(t.ID, args...)
}

// arg is one argument of a domain message as l shows it.
func (l Lang) arg(a any) any {
	switch v := a.(type) {
	case sale.Money:
		return l.Money(v)
	case sale.Kind:
		if t, ok := catalogue["kind."+string(v)]; ok {
			return strings.ToLower(l.pick(t))
		}
		return string(v)
	case sale.State:
		if t, ok := catalogue["state."+string(v)]; ok {
			return l.pick(t)
		}
		return string(v)
	case time.Duration:
		return l.duration(v)
	}
	return a
}

func (l Lang) pick(t Text) string {
	if l == ID {
		return t.ID
	}
	return t.EN
}

// duration is d in whole hours or minutes, in l's words.
func (l Lang) duration(d time.Duration) string {
	hour, minute := "jam", "menit"
	if l != ID {
		hour, minute = "hours", "minutes"
	}
	switch {
	case d >= time.Hour && d%time.Hour == 0:
		return fmt.Sprintf("%d %s", d/time.Hour, hour)
	case d >= time.Minute && d%time.Minute == 0:
		return fmt.Sprintf("%d %s", d/time.Minute, minute)
	}
	return d.String()
}
