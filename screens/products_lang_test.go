package screens

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"till/i18n"
	"till/sale"
)

// verbRE cuts an English text at its fmt verbs and between its sentences
// and clauses, so a screen showing part of a text is caught too.
var verbRE = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]|[.:;?]\s|\s[—(]|\)`)

func idFixture(t *testing.T) *fixture {
	return newFixture(t, func(*fixture) fixtureOption { return indonesian })
}

// airtimeIDViews are the airtime flow's screens of an Indonesian till at
// 80×24, by name: each input step, the sale in flight and each result.
func airtimeIDViews(t *testing.T) map[string]func() *fixture {
	return map[string]func() *fixture{
		"air_products_id": func() *fixture {
			f := idFixture(t)
			f.openAirtime()
			f.press("down", "down")
			return f
		},
		"air_mobile_id": func() *fixture {
			f := idFixture(t)
			f.openAirtime()
			f.press("1")
			f.typeText("082 123 4567") // a Vodacom prefix on another network: the proposal
			return f
		},
		"air_amount_id": func() *fixture {
			f := idFixture(t)
			f.openAirtime()
			f.press("3")
			f.typeText("0821234567")
			f.press("enter")
			f.typeText("750")
			f.press("enter")
			return f
		},
		"air_confirm_id": func() *fixture {
			f := idFixture(t)
			f.toConfirm("4", "082 123 4567", "999.50")
			return f
		},
		"air_processing_id": func() *fixture {
			f := idFixture(t)
			f.toProcessing()
			return f
		},
		"air_delivered_id": func() *fixture {
			f := idFixture(t)
			f.prov.script(delivered())
			f.toConfirm("4", "0821234567", "10")
			f.sell()
			return f
		},
		"air_declined_id": soldID(t, sale.Outcome{Result: sale.ResultDeclined, Code: "1011", Message: "Insufficient balance"}, "2", "0831234567", "25"),
		"air_in_doubt_id": soldID(t, sale.Outcome{Result: sale.ResultInDoubt, Code: "timeout", Message: "timeout"}, "1", "0841234567", "12.50"),
		"air_not_sent_id": soldID(t, sale.Outcome{Result: sale.ResultNotSent, Code: "dial", Message: "dial"}, "1", "0841234567", "12.50"),
		"air_pending_id":  soldID(t, sale.Outcome{Result: sale.ResultPending, Code: "pending", Message: "pending"}, "1", "0841234567", "12.50"),
	}
}

// soldID is the airtime sale of an Indonesian till whose provider answers
// out: product (by its place in the list), number and amount.
func soldID(t *testing.T, out sale.Outcome, product, mobile, amount string) func() *fixture {
	return func() *fixture {
		f := idFixture(t)
		f.prov.script(out)
		f.toConfirm(product, mobile, amount)
		f.sell()
		return f
	}
}

// TestProductsIndonesianGolden pins the airtime flow of a till set to
// Bahasa Indonesia at 80×24: its steps and results.
func TestProductsIndonesianGolden(t *testing.T) {
	for name, build := range airtimeIDViews(t) {
		t.Run(name, func(t *testing.T) { requireView(t, build()) })
	}
}

// englishOf are the English texts of the catalogue keys with prefix, cut
// at their fmt verbs into the fixed pieces an English screen would show
// (pieces shorter than min runes are left out: "to ", "Ref").
func englishOf(prefix string, min int) []string {
	var out []string
	for _, k := range i18n.Keys() {
		if !strings.HasPrefix(k, prefix) {
			continue
		}
		en, id := i18n.EN.T(k), i18n.ID.T(k)
		for _, p := range verbRE.Split(en, -1) {
			p = strings.TrimSpace(p)
			if len([]rune(p)) >= min && !strings.Contains(id, p) {
				out = append(out, p)
			}
		}
	}
	return out
}

// No screen of the airtime flow of an Indonesian till shows an English
// text of the catalogue's airtime or shared product keys, and each shows
// the Indonesian that stands for it.
func TestAirtimeSpeaksIndonesian(t *testing.T) {
	en := append(englishOf("air.", 8), englishOf("prod.", 8)...)
	for _, k := range []string{"fxr.follow", "fxr.no_printer", "fxr.press_p", "fxr.printed", "outcome.no_resell", "tui.res.delivered", "tui.res.declined", "tui.res.in_doubt", "tui.res.not_sent", "tui.confirm.note_pulsa"} {
		en = append(en, i18n.EN.T(k))
	}
	en = append(en, "Product", "Network", "Mobile  ", "Reference", "Paid by", "Last answer", "Take payment")
	for name, build := range airtimeIDViews(t) {
		v := build().view()
		for _, s := range en {
			if strings.Contains(v, s) {
				t.Errorf("%s: Indonesian airtime shows English %q:\n%s", name, s, v)
			}
		}
		if strings.Contains(v, "R 999.50") {
			t.Errorf("%s: an amount is not grouped the Indonesian way:\n%s", name, v)
		}
	}
	for name, want := range map[string]string{
		"air_products_id":   "Pilih operator",
		"air_mobile_id":     "Nomor HP pelanggan",
		"air_confirm_id":    "Jual pulsa ini?",
		"air_processing_id": "JANGAN JUAL ULANG",
		"air_delivered_id":  "BERHASIL",
		"air_declined_id":   "GAGAL",
		"air_in_doubt_id":   "BELUM PASTI",
		"air_pending_id":    "DIPROSES",
	} {
		if v := airtimeIDViews(t)[name]().view(); !strings.Contains(v, want) {
			t.Errorf("%s lacks %q:\n%s", name, want, v)
		}
	}
}

func idWaterFixture(t *testing.T) *waterFixture {
	f := newWaterFixture(t)
	f.app.env.D.Language = i18n.ID
	return f
}

// waterIDViews are the water flow's screens of an Indonesian till at
// 80×24, by name: each input step, the recharge in flight and each result.
func waterIDViews(t *testing.T) map[string]func() *fixture {
	return map[string]func() *fixture{
		"wat_find_id": func() *fixture {
			f := idWaterFixture(t)
			f.open()
			return f.fixture
		},
		"wat_phone_id": func() *fixture {
			f := idWaterFixture(t)
			f.open()
			f.press("1")
			f.typeText("0712 345 678")
			return f.fixture
		},
		"wat_device_pick_id": func() *fixture {
			f := idWaterFixture(t)
			f.open()
			f.lookup("1", "0712345678")
			f.press("down")
			return f.fixture
		},
		"wat_amount_id": func() *fixture {
			f := idWaterFixture(t)
			f.open()
			f.lookup("1", "0712345678")
			f.press("1")
			f.typeText("100")
			return f.fixture
		},
		"wat_confirm_id": func() *fixture {
			f := idWaterFixture(t)
			f.toConfirm("1", "1250")
			return f.fixture
		},
		"wat_sending_id": func() *fixture {
			f := idWaterFixture(t)
			f.toConfirm("1", "100")
			f.tick(time.Second)
			f.press("enter")
			f.press("1", "enter")
			s, err := f.journal.Create(f.screen().Order, f.clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			f.send(SaleUpdateMsg{Sale: s})
			f.tick(3 * time.Second)
			return f.fixture
		},
		"wat_pending_id": func() *fixture {
			f := idWaterFixture(t)
			f.water.sends = []sale.Outcome{accepted()}
			f.toConfirm("1", "100")
			f.sell()
			f.tick(12 * time.Second)
			return f.fixture
		},
		"wat_completed_id": func() *fixture {
			f := idWaterFixture(t)
			f.water.sends = []sale.Outcome{accepted()}
			f.water.checks = []sale.Outcome{completed(10000)}
			f.toConfirm("1", "100")
			s := f.sell()
			f.tick(5 * time.Second)
			f.settle(s.Ref)
			return f.fixture
		},
		"wat_lost_id": func() *fixture {
			f := idWaterFixture(t)
			f.water.sends = []sale.Outcome{lostAnswer()}
			f.toConfirm("2", "50.91")
			f.sell()
			return f.fixture
		},
		"wat_supervisor_id": func() *fixture {
			f := idWaterFixture(t)
			f.water.sends = []sale.Outcome{lostAnswer()}
			f.toConfirm("2", "50.91")
			s := f.sell()
			f.settle(s.Ref)
			return f.fixture
		},
	}
}

// TestWaterIndonesianGolden pins the water flow of a till set to Bahasa
// Indonesia at 80×24: its steps and results.
func TestWaterIndonesianGolden(t *testing.T) {
	for name, build := range waterIDViews(t) {
		t.Run(name, func(t *testing.T) { requireView(t, build()) })
	}
}

// No screen of the water flow of an Indonesian till shows an English text
// of the catalogue's water or shared product keys.
func TestWaterSpeaksIndonesian(t *testing.T) {
	en := append(englishOf("wat.", 8), englishOf("prod.", 8)...)
	for _, k := range []string{"fxr.no_printer", "fxr.press_p", "fxr.printed", "outcome.no_resell", "tui.res.delivered", "tui.res.not_sent", "tui.res.supervisor"} {
		en = append(en, i18n.EN.T(k))
	}
	en = append(en, "Customer", "Meter ", "Reference", "Last answer", "Take payment", "Attempts", "Litres", "Balance", "Sell water")
	// 1Flow's own messages (the fixture's) are shown as 1Flow sent them.
	own := strings.Join([]string{accepted().Message, lostAnswer().Message, completed(10000).Message}, "\n")
	for name, build := range waterIDViews(t) {
		v := build().view()
		for _, s := range en {
			if strings.Contains(v, s) && !strings.Contains(own, s) {
				t.Errorf("%s: Indonesian water shows English %q:\n%s", name, s, v)
			}
		}
		if strings.Contains(v, "KES 1250.00") || strings.Contains(v, "KES 100.00") {
			t.Errorf("%s: an amount is not grouped the Indonesian way:\n%s", name, v)
		}
	}
	for name, want := range map[string]string{
		"wat_find_id":      "Cari pelanggan 1Flow",
		"wat_confirm_id":   "KES 1.250,00",
		"wat_sending_id":   "JANGAN JUAL ULANG",
		"wat_completed_id": "BERHASIL",
		"wat_lost_id":      "BELUM PASTI",
		"wat_pending_id":   "DIPROSES",
	} {
		if v := waterIDViews(t)[name]().view(); !strings.Contains(v, want) {
			t.Errorf("%s lacks %q:\n%s", name, want, v)
		}
	}
}
