package receipts

import (
	"strconv"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"till/i18n"
	"till/sale"
)

// flashSlips are the Flash products' slips as they print: tokens, PINs,
// vouchers, a redemption with change, a cash-out PIN and its cancellation,
// and an electricity sale still in doubt.
func flashSlips() map[string]sale.Sale {
	elec := flashSale(sale.KindElectricity,
		sale.Item{Label: "Key change token 1", Value: "1111 2222 3333 4444 5555", Secret: true},
		sale.Item{Label: "Credit token", Value: "6666 7777 8888 9999 0000", Secret: true},
		sale.Item{Label: "Units", Value: "45.6 kWh"},
		sale.Item{Label: "Tariff", Value: "Home Light"})
	elec.Order.ProductName = "Eskom prepaid electricity"
	elec.Order.Target = sale.Target{Kind: sale.TargetMeter, Value: "01234567891"}
	elecDoubt := elec
	elecDoubt.State, elecDoubt.Outcome = sale.StateInDoubt, sale.Outcome{Result: sale.ResultInDoubt, Code: "timeout"}
	voucher := flashSale(sale.KindVoucher, sale.Item{Label: "PIN", Value: "1111 2222 3333 4444", Secret: true},
		sale.Item{Label: "Serial", Value: "1V000123"}, sale.Item{Label: "Expiry", Value: "2027-12-06"})
	voucher.Order.ProductName = "1Voucher"
	gift := flashSale(sale.KindGiftVoucher, sale.Item{Label: "Voucher code", Value: "GV-9911-2233", Secret: true},
		sale.Item{Label: "Serial", Value: "GV5521"})
	gift.Order.ProductName = "Takealot gift voucher"
	eezi := flashSale(sale.KindEezi, sale.Item{Label: "PIN", Value: "5555 6666 7777 8888", Secret: true},
		sale.Item{Label: "Serial", Value: "EZ4410"})
	eezi.Order.ProductName = "Eezi airtime voucher"
	cashout := flashSale(sale.KindCashOut, sale.Item{Label: "PIN", Value: "1234 5678 9012", Secret: true},
		sale.Item{Label: "Serial", Value: "CO123"})
	cashout.Order.ProductName = "Cash-out PIN"
	redeem := flashSale(sale.KindVoucherRedeem, sale.Item{Label: "Redeemed", Value: "R 30.00"},
		sale.Item{Label: "CHANGE VOUCHER"}, sale.Item{Label: "Change PIN", Value: "1111 2222 3333 4444", Secret: true})
	redeem.Order.ProductName = "1Voucher redemption"
	cancel := flashSale(sale.KindCashOutCancel, sale.Item{Label: "Serial", Value: "CO123"})
	cancel.Order.ProductName = "Cash-out PIN cancellation"
	return map[string]sale.Sale{"electricity": elec, "electricity_in_doubt": elecDoubt, "1voucher": voucher,
		"giftvoucher": gift, "eezi": eezi, "cashout": cashout, "1voucher_redeem": redeem, "cashout_cancel": cancel}
}

// The Flash slips in English and in Bahasa Indonesia, at each paper width.
func TestFlashSlipsGolden(t *testing.T) {
	for name, s := range flashSlips() {
		for _, l := range []i18n.Lang{i18n.EN, i18n.ID} {
			for _, w := range []int{32, 42} {
				t.Run(name+"_"+string(l)+"/"+strconv.Itoa(w), func(t *testing.T) {
					out, err := Render(s, Options{Width: w, Language: l})
					if err != nil {
						t.Fatal(err)
					}
					checkPrintable(t, out, w)
					golden.RequireEqual(t, []byte(out))
				})
			}
		}
	}
}
