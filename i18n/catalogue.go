package i18n

import (
	"fmt"
	"strings"
)

// Text is one message in every language of the catalogue. A text may hold
// fmt verbs (%s, %d); both languages take the same arguments in the same
// order (catalogue_test.go checks it).
type Text struct{ EN, ID string }

// T is the text of key in l, formatted with args when there are any. A
// key missing from the catalogue is returned as it is (tests fail on it
// first: catalogue_test.go), an unknown language gets English.
func (l Lang) T(key string, args ...any) string {
	t, ok := catalogue[key]
	if !ok {
		return key
	}
	s := t.EN
	if l == ID {
		s = t.ID
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// Label translates a label a provider's answer carries ("Serial",
// "Token", "CHANGE VOUCHER"): the till journals those in English, and they
// are translated when printed or shown. A label the catalogue does not
// know is printed as the provider sent it.
func (l Lang) Label(label string) string {
	if l != ID {
		return label
	}
	if t, ok := catalogue["label."+strings.TrimSpace(label)]; ok {
		return t.ID
	}
	return label
}

// Screen translates a text of the TUI's frame given in English (a menu
// label, a screen's title, a key's help): the tui.* text whose English is
// en, or en itself when the catalogue has none or l is English.
func (l Lang) Screen(en string) string {
	if l != ID || en == "" {
		return en
	}
	if k, ok := screenIndex[en]; ok {
		return catalogue[k].ID
	}
	return en
}

// screenIndex maps the English of every tui.* text without fmt verbs to
// its key (catalogue_test.go checks no two share one with different
// Indonesian).
var screenIndex = func() map[string]string {
	m := map[string]string{}
	for k, t := range catalogue {
		if strings.HasPrefix(k, "tui.") && !strings.Contains(t.EN, "%") {
			if old, dup := m[t.EN]; !dup || k < old {
				m[t.EN] = k
			}
		}
	}
	return m
}()

// Has reports whether key is in the catalogue.
func Has(key string) bool { _, ok := catalogue[key]; return ok }

// Keys are the catalogue's keys, for tests.
func Keys() []string {
	out := make([]string, 0, len(catalogue))
	for k := range catalogue {
		out = append(out, k)
	}
	return out
}

// catalogue is every text of slips, reports and the TUI's frame. Keys are
// grouped by where they are used: slip.* (every sale slip), outcome.*,
// kind.*, target.*, tender.*, refund.*, voucher.*, elec.*, water.*, fx.*
// (Flowix), drawer.*, report.*, state.*, code.* (payment-code slips),
// label.* (labels of provider answers) and tui.*.
//
// Indonesian slips follow what Indonesian POS and PPOB slips print
// (BERHASIL, GAGAL, Kembalian, Struk), in plain words a customer reads.
var catalogue = map[string]Text{
	// Every sale slip (receipt.go).
	"slip.copy":       {"*** COPY %d ***", "*** SALINAN %d ***"},
	"slip.vat":        {"VAT No: %s", "NPWP: %s"},
	"slip.store":      {"Store %s", "Toko %s"},
	"slip.till":       {"Till %s", "Mesin %s"},
	"slip.date":       {"Date", "Tanggal"},
	"slip.cashier":    {"Cashier", "Kasir"},
	"slip.ref":        {"Ref", "No. Ref"},
	"slip.trans":      {"Trans ID", "ID Transaksi"},
	"slip.product":    {"Product", "Produk"},
	"slip.amount":     {"Amount", "Jumlah"},
	"slip.paid_by":    {"Paid by", "Dibayar dengan"},
	"slip.tendered":   {"Tendered", "Uang diterima"},
	"slip.change":     {"Change", "Kembalian"},
	"slip.payment":    {"Payment ref", "Ref pembayaran"},
	"slip.printed":    {"Printed", "Dicetak"},
	"slip.printed_by": {"Printed by", "Dicetak oleh"},
	"slip.none":       {"none", "tidak ada"},

	// How the sale ended (outcome.go).
	"outcome.delivered":   {"SUCCESSFUL", "BERHASIL"},
	"outcome.declined":    {"DECLINED", "GAGAL"},
	"outcome.not_sent":    {"NOT SENT", "TIDAK TERKIRIM"},
	"outcome.processing":  {"PROCESSING", "SEDANG DIPROSES"},
	"outcome.pending":     {"PENDING CONFIRMATION", "MENUNGGU KONFIRMASI"},
	"outcome.no_resell":   {"DO NOT RESELL", "JANGAN JUAL ULANG"},
	"outcome.again":       {"Do not buy again for this %s until it is confirmed.", "Jangan beli lagi untuk %s ini sampai terkonfirmasi."},
	"outcome.nothing":     {"No value was delivered.", "Tidak ada nilai yang terkirim."},
	"outcome.not_sent_is": {"The sale was not sent to the provider. No value was delivered.", "Transaksi tidak dikirim ke penyedia. Tidak ada nilai yang terkirim."},
	"outcome.processing_is": {"The provider is still processing this sale. %s Keep this slip.",
		"Penyedia masih memproses transaksi ini. %s Simpan struk ini."},
	"outcome.pending_is": {"The value may or may not have been delivered. The shop is confirming it with the provider. %s Keep this slip.",
		"Nilai mungkin sudah atau belum terkirim. Toko sedang memastikannya dengan penyedia. %s Simpan struk ini."},
	"outcome.reason":      {"Reason: %s", "Alasan: %s"},
	"outcome.reason_code": {"Reason: code %s", "Alasan: kode %s"},

	// What was sold (body.go): the heading over it, and its name when the
	// order has none.
	"kind.electricity":       {"PREPAID ELECTRICITY", "LISTRIK PRABAYAR"},
	"kind.water":             {"PREPAID WATER", "AIR PRABAYAR"},
	"kind.bill":              {"BILL PAYMENT", "PEMBAYARAN TAGIHAN"},
	"kind.cashout":           {"CASH OUT", "TARIK TUNAI"},
	"kind.giftvoucher":       {"GIFT VOUCHER", "VOUCHER HADIAH"},
	"kind.airtime":           {"AIRTIME", "PULSA"},
	"kind.pulsa":             {"PULSA", "PULSA"},
	"kind.deposit":           {"DEPOSIT", "DEPOSIT"},
	"kind.payout":            {"PAYOUT", "TRANSFER DANA"},
	"kind.1voucher":          {"1VOUCHER", "1VOUCHER"},
	"kind.1voucher-redeem":   {"1VOUCHER REDEEM", "PENUKARAN 1VOUCHER"},
	"kind.1voucher-refund":   {"1VOUCHER REFUND", "PENGEMBALIAN 1VOUCHER"},
	"kind.1voucher-disburse": {"1VOUCHER DISBURSE", "PENCAIRAN 1VOUCHER"},
	"kind.eezi":              {"EEZI", "EEZI"},
	"kind.cashout-cancel":    {"CASHOUT CANCEL", "PEMBATALAN TARIK TUNAI"},
	"kind.cashout-lookup":    {"CASHOUT LOOKUP", "CEK TARIK TUNAI"},
	"kind.bulk-card":         {"BULK CARD", "TAGIHAN KARTU MASSAL"},

	// The target in a sentence: "this number".
	"target.mobile":  {"number", "nomor"},
	"target.meter":   {"meter", "meteran"},
	"target.device":  {"device", "perangkat"},
	"target.card":    {"card", "kartu"},
	"target.account": {"account", "akun"},
	"target.voucher": {"voucher", "voucher"},
	"target.other":   {"product", "produk"},

	// How the customer paid (body.go, tender.go).
	"tender.cash":     {"Cash", "Tunai"},
	"tender.mpesa":    {"M-Pesa", "M-Pesa"},
	"tender.card":     {"Card", "Kartu"},
	"tender.1voucher": {"1Voucher", "1Voucher"},
	"tender.qris":     {"QRIS", "QRIS"},
	"tender.title":    {"%s PAYMENT", "PEMBAYARAN %s"},

	// Money owed back (tender.go).
	"refund.due":      {"REFUND DUE", "UANG HARUS DIKEMBALIKAN"},
	"refund.done":     {"REFUNDED", "SUDAH DIKEMBALIKAN"},
	"refund.cash":     {"%s was paid in cash and is owed back to the customer. Keep this slip until it is refunded.", "%s dibayar tunai dan harus dikembalikan kepada pelanggan. Simpan struk ini sampai uangnya dikembalikan."},
	"refund.tender":   {"%s was paid by %s (payment %s) and is owed back to the customer. Keep this slip until it is refunded.", "%s dibayar dengan %s (pembayaran %s) dan harus dikembalikan kepada pelanggan. Simpan struk ini sampai uangnya dikembalikan."},
	"refund.no_sale":  {"This payment paid for no sale: %s is owed back to the customer. Keep this slip until it is refunded.", "Pembayaran ini tidak untuk transaksi apa pun: %s harus dikembalikan kepada pelanggan. Simpan struk ini sampai uangnya dikembalikan."},
	"refund.customer": {"Refund to customer", "Kembalikan ke pelanggan"},

	// Vouchers and PINs (voucher.go).
	"voucher.cancelled":      {"*** PIN CANCELLED ***", "*** PIN DIBATALKAN ***"},
	"voucher.cancelled_by":   {"by %s: it cannot be used", "oleh %s: tidak dapat dipakai"},
	"voucher.keep_cashout":   {"Keep the PIN secret: anyone who has it can withdraw the cash. The shop can cancel an unused PIN with this slip.", "Rahasiakan PIN: siapa pun yang memegangnya dapat menarik uangnya. Toko dapat membatalkan PIN yang belum dipakai dengan struk ini."},
	"voucher.keep_give":      {"Give this voucher to the customer. Keep the PIN secret: it is worth its value.", "Berikan voucher ini kepada pelanggan. Rahasiakan PIN: nilainya sama dengan uang."},
	"voucher.keep":           {"Keep the PIN secret: it is worth its value. Lost PINs cannot be replaced.", "Rahasiakan PIN: nilainya sama dengan uang. PIN yang hilang tidak dapat diganti."},
	"voucher.keep_change":    {"Give the customer the change voucher. Keep its PIN secret: it is worth its value.", "Berikan voucher kembalian kepada pelanggan. Rahasiakan PIN-nya: nilainya sama dengan uang."},
	"voucher.cashout_cancel": {"CASH-OUT PIN CANCELLED", "PIN TARIK TUNAI DIBATALKAN"},
	"voucher.no_longer":      {"The PIN can no longer be used. Refund its value to the customer who bought it.", "PIN tidak dapat dipakai lagi. Kembalikan nilainya kepada pelanggan yang membelinya."},

	// Electricity (electricity.go).
	"elec.tokens": {"ENTER THE TOKENS IN THIS ORDER", "MASUKKAN TOKEN SESUAI URUTAN INI"},
	"elec.token":  {"ENTER THIS TOKEN ON THE METER", "MASUKKAN TOKEN INI DI METERAN"},

	// Water (water.go).
	"water.serial":    {"Device serial", "No. seri perangkat"},
	"water.card":      {"Card", "Kartu"},
	"water.name":      {"Device name", "Nama perangkat"},
	"water.customer":  {"Customer", "Pelanggan"},
	"water.recharged": {"Recharged", "Diisi"},
	"water.currency":  {"Currency", "Mata uang"},
	"water.litres":    {"Litres", "Liter"},
	"water.price":     {"Price per litre", "Harga per liter"},
	"water.balance":   {"Balance", "Saldo"},
	"water.completed": {"Completed", "Selesai"},
	"water.confirmed": {"Confirmed by a supervisor after checking the device.", "Dikonfirmasi oleh supervisor setelah memeriksa perangkat."},
	"water.no_resend": {"1Flow recharges carry no reference the till could resend safely: the shop checks the device before this sale is settled.",
		"Isi ulang 1Flow tidak membawa referensi yang aman untuk dikirim ulang: toko memeriksa perangkat sebelum transaksi ini diselesaikan."},

	// Flowix: pulsa, bills, payouts, deposits (flowix.go).
	"fx.service":       {"Service", "Layanan"},
	"fx.enter_token":   {"Enter the token on the meter's keypad.", "Masukkan token pada keypad meteran."},
	"fx.customer":      {"Customer", "Pelanggan"},
	"fx.period":        {"Period", "Periode"},
	"fx.bill":          {"Bill", "Tagihan"},
	"fx.admin_fee":     {"Admin fee", "Biaya admin"},
	"fx.total":         {"Total", "Total"},
	"fx.inquiry":       {"Inquiry", "ID cek tagihan"},
	"fx.transfer":      {"TRANSFER", "TRANSFER"},
	"fx.to":            {"To", "Kepada"},
	"fx.bank":          {"Bank", "Bank"},
	"fx.sent":          {"Sent", "Terkirim"},
	"fx.not_sent":      {"Not sent", "Tidak terkirim"},
	"fx.sending":       {"Sending", "Sedang dikirim"},
	"fx.method":        {"Method", "Metode"},
	"fx.deposit_ref":   {"Deposit ref", "Ref deposit"},
	"fx.requested":     {"Requested", "Diminta"},
	"fx.fee_by":        {"Fee paid by", "Biaya ditanggung"},
	"fx.fee_customer":  {"customer", "pelanggan"},
	"fx.fee_shop":      {"shop (off the deposit)", "toko (dipotong dari deposit)"},
	"fx.customer_paid": {"Customer paid", "Dibayar pelanggan"},
	"fx.pay_before":    {"Pay before", "Bayar sebelum"},
	"fx.credited":      {"Credited", "Masuk ke saldo"},

	// The cash drawer on X and Z (drawer.go).
	"drawer.title":      {"CASH DRAWER", "LACI KAS"},
	"drawer.none":       {"no cash moved", "tidak ada uang tunai bergerak"},
	"drawer.float":      {"Float", "Modal awal"},
	"drawer.paid_in":    {"Paid in", "Setoran masuk"},
	"drawer.cash_in":    {"Cash in", "Tunai masuk"},
	"drawer.cash_out":   {"Cash out", "Tunai keluar"},
	"drawer.drops":      {"Drops", "Disetor ke brankas"},
	"drawer.expected":   {"Cash expected", "Tunai seharusnya"},
	"drawer.held":       {"Held (unresolved)", "Ditahan (belum pasti)"},
	"drawer.given_back": {"Given back (failed)", "Dikembalikan (gagal)"},
	"drawer.counted":    {"Counted", "Dihitung"},
	"drawer.variance":   {"Variance", "Selisih"},
	"drawer.uncounted":  {"not counted", "belum dihitung"},

	// The X and Z reports (report.go).
	"report.open":         {"DAY OPEN", "HARI BERJALAN"},
	"report.closed":       {"DAY CLOSED", "HARI DITUTUP"},
	"report.z":            {"Z REPORT - %s", "LAPORAN Z - %s"},
	"report.x":            {"X REPORT - %s", "LAPORAN X - %s"},
	"report.day":          {"Business day", "Hari usaha"},
	"report.closed_at":    {"Closed", "Ditutup"},
	"report.closed_by":    {"Closed by", "Ditutup oleh"},
	"report.sales":        {"Sales", "Transaksi"},
	"report.first":        {"First ref", "Ref pertama"},
	"report.last":         {"Last ref", "Ref terakhir"},
	"report.reprints":     {"Reprints", "Cetak ulang"},
	"report.totals":       {"TOTALS (DELIVERED)", "TOTAL (BERHASIL)"},
	"report.sold":         {"Sold", "Terjual"},
	"report.paid_out":     {"Paid out", "Dibayarkan"},
	"report.collected":    {"Tenders collected", "Pembayaran diterima"},
	"report.by_product":   {"BY PRODUCT (DELIVERED)", "PER PRODUK (BERHASIL)"},
	"report.by_provider":  {"BY PROVIDER (DELIVERED)", "PER PENYEDIA (BERHASIL)"},
	"report.by_tender":    {"BY TENDER (DELIVERED)", "PER CARA BAYAR (BERHASIL)"},
	"report.by_cashier":   {"BY CASHIER (SALES)", "PER KASIR (TRANSAKSI)"},
	"report.by_drawer":    {"BY CASHIER (DRAWER, NET)", "PER KASIR (LACI, BERSIH)"},
	"report.by_outcome":   {"BY OUTCOME (ALL SALES)", "PER HASIL (SEMUA TRANSAKSI)"},
	"report.unresolved":   {"UNRESOLVED", "BELUM PASTI"},
	"report.head":         {"Journal head: event %d", "Ujung jurnal: kejadian %d"},
	"report.day_closed":   {"Day closed. New sales belong to %s or later.", "Hari ditutup. Transaksi baru masuk ke %s atau sesudahnya."},
	"report.closed_with":  {"Closed with %d unresolved sale(s): settle them.", "Ditutup dengan %d transaksi belum pasti: selesaikan."},
	"report.closed_read":  {"A reading of a closed day: the sales as they are now.", "Pembacaan hari yang sudah ditutup: transaksi seperti saat ini."},
	"report.x_only":       {"X report: a reading only. The day is still open.", "Laporan X: hanya pembacaan. Hari masih berjalan."},
	"report.none_tender":  {"none", "tanpa pembayaran"},
	"report.none_cashier": {"none", "tanpa kasir"},

	// A sale's state, as the reports list it.
	"state.NEW":              {"NEW", "BARU"},
	"state.SENDING":          {"SENDING", "MENGIRIM"},
	"state.PENDING":          {"PENDING", "DIPROSES"},
	"state.DELIVERED":        {"DELIVERED", "BERHASIL"},
	"state.DECLINED":         {"DECLINED", "GAGAL"},
	"state.NOT_SENT":         {"NOT_SENT", "TIDAK_TERKIRIM"},
	"state.IN_DOUBT":         {"IN_DOUBT", "BELUM_PASTI"},
	"state.NEEDS_SUPERVISOR": {"NEEDS_SUPERVISOR", "PERLU_SUPERVISOR"},

	// Payment-code slips: QRIS and 3-D Secure (code.go and its callers).
	"code.pay_before":  {"Pay before", "Bayar sebelum"},
	"code.scan_to_pay": {"SCAN TO PAY - %s", "PINDAI UNTUK BAYAR - %s"},
	"code.pay_to":      {"Pay to", "Bayar ke"},
	"code.total":       {"Total to pay", "Total dibayar"},
	"code.reference":   {"Reference", "Referensi"},
	"code.sale":        {"Sale", "Transaksi"},
	"code.qris_note": {"Scan with any QRIS banking or e-wallet app. This is not a receipt: the till prints one when the payment is confirmed.",
		"Pindai dengan aplikasi bank atau dompet digital QRIS apa pun. Ini bukan struk: kasir mencetak struk setelah pembayaran terkonfirmasi."},
	"code.card_title": {"APPROVE THE CARD PAYMENT", "SETUJUI PEMBAYARAN KARTU"},
	"code.charge":     {"Charge", "Tagihan"},
	"code.payment":    {"Payment", "Pembayaran"},
	"code.card_note": {"Scan with your phone and approve the payment with your bank (3-D Secure).",
		"Pindai dengan ponsel Anda dan setujui pembayaran di bank Anda (3-D Secure)."},

	// Labels of provider answers, journaled in English (Label).
	"label.Account name":     {"Account name", "Nama rekening"},
	"label.Address":          {"Address", "Alamat"},
	"label.Amount":           {"Amount", "Jumlah"},
	"label.Approve on phone": {"Approve on phone", "Setujui di ponsel"},
	"label.Arrears":          {"Arrears", "Tunggakan"},
	"label.Balance":          {"Balance", "Saldo"},
	"label.Bank":             {"Bank", "Bank"},
	"label.Call centre":      {"Call centre", "Pusat panggilan"},
	"label.Cancelled sale":   {"Cancelled sale", "Transaksi dibatalkan"},
	"label.Card":             {"Card", "Kartu"},
	"label.Change PIN":       {"Change PIN", "PIN kembalian"},
	"label.Change expiry":    {"Change expiry", "Kedaluwarsa kembalian"},
	"label.Change voucher":   {"Change voucher", "Voucher kembalian"},
	"label.CHANGE VOUCHER":   {"CHANGE VOUCHER", "VOUCHER KEMBALIAN"},
	"label.Charged":          {"Charged", "Ditagihkan"},
	"label.Completed":        {"Completed", "Selesai"},
	"label.Credit token":     {"Credit token", "Token kredit"},
	"label.Currency":         {"Currency", "Mata uang"},
	"label.Customer":         {"Customer", "Pelanggan"},
	"label.Debt outstanding": {"Debt outstanding", "Sisa utang"},
	"label.Debt recovered":   {"Debt recovered", "Utang dipotong"},
	"label.Deposit ref":      {"Deposit ref", "Ref deposit"},
	"label.Device":           {"Device", "Perangkat"},
	"label.Expires":          {"Expires", "Berlaku sampai"},
	"label.Expiry":           {"Expiry", "Kedaluwarsa"},
	"label.Fee":              {"Fee", "Biaya"},
	"label.Free basic":       {"Free basic", "Gratis dasar"},
	"label.Free basic token": {"Free basic token", "Token gratis dasar"},
	"label.How to recharge":  {"How to recharge", "Cara isi ulang"},
	"label.How to redeem":    {"How to redeem", "Cara menukar"},
	"label.Key change token": {"Key change token", "Token ganti kunci"},
	"label.Litres":           {"Litres", "Liter"},
	"label.Message":          {"Message", "Pesan"},
	"label.Meter":            {"Meter", "Meteran"},
	"label.METER":            {"METER", "METERAN"},
	"label.Meter codes":      {"Meter codes", "Kode meteran"},
	"label.Network":          {"Network", "Operator"},
	"label.Paid at":          {"Paid at", "Dibayar pada"},
	"label.Phone":            {"Phone", "Telepon"},
	"label.Price per litre":  {"Price per litre", "Harga per liter"},
	"label.Received":         {"Received", "Diterima"},
	"label.Recharge type":    {"Recharge type", "Jenis isi ulang"},
	"label.Recharged":        {"Recharged", "Diisi"},
	"label.Recorded as":      {"Recorded as", "Dicatat sebagai"},
	"label.Redeemed":         {"Redeemed", "Ditukar"},
	"label.Sent by SMS to":   {"Sent by SMS to", "Dikirim lewat SMS ke"},
	"label.Serial":           {"Serial", "No. seri"},
	"label.Status":           {"Status", "Status"},
	"label.Tariff":           {"Tariff", "Tarif"},
	"label.Tax invoice":      {"Tax invoice", "Faktur pajak"},
	"label.Terms":            {"Terms", "Ketentuan"},
	"label.Token":            {"Token", "Token"},
	"label.Token info":       {"Token info", "Info token"},
	"label.Token technology": {"Token technology", "Teknologi token"},
	"label.Total deducted":   {"Total deducted", "Total dipotong"},
	"label.Total to pay":     {"Total to pay", "Total dibayar"},
	"label.Transaction date": {"Transaction date", "Tanggal transaksi"},
	"label.Units":            {"Units", "Unit"},
	"label.Utility":          {"Utility", "Penyedia listrik"},
	"label.UTILITY":          {"UTILITY", "PENYEDIA LISTRIK"},
	"label.VA number":        {"VA number", "Nomor VA"},
	"label.VAT No":           {"VAT No", "NPWP"},
	"label.VAT included":     {"VAT included", "Termasuk PPN"},
	"label.Value":            {"Value", "Nilai"},
	"label.Vend limits":      {"Vend limits", "Batas pembelian"},
	"label.Voucher":          {"Voucher", "Voucher"},
	"label.Mobile":           {"Mobile", "Nomor HP"},
	"label.Account":          {"Account", "Akun"},
	"label.Target":           {"Target", "Tujuan"},
	"label.Serial number":    {"Serial number", "Nomor seri"},
	"label.Processor":        {"Processor", "Prosesor"},
	"label.Flutterwave ref":  {"Flutterwave ref", "Ref Flutterwave"},
	"label.M-Pesa receipt":   {"M-Pesa receipt", "Kuitansi M-Pesa"},
	"label.QRIS merchant":    {"QRIS merchant", "Merchant QRIS"},
	"label.Recharge ID":      {"Recharge ID", "ID isi ulang"},
	"label.Pay URL":          {"Pay URL", "URL bayar"},

	// The TUI's frame (screens/): the header, the breadcrumb, the help line,
	// the home menu and the result banners. Screen looks these up by their
	// English text, so a screen's own labels need no key of their own.
	"tui.live":          {"LIVE", "LIVE"},
	"tui.demo":          {"DEMO", "DEMO"},
	"tui.in_doubt_n":    {"%d in doubt", "%d belum pasti"},
	"tui.pending_n":     {"%d pending", "%d tertunda"},
	"tui.supervisor_n":  {"%d for a supervisor", "%d untuk supervisor"},
	"tui.sending_n":     {" %d sending ", " %d sedang dikirim "},
	"tui.keys":          {"keys", "tombol"},
	"tui.settled":       {" all settled ", " semua beres "},
	"tui.journal_error": {"JOURNAL ERROR", "JURNAL GALAT"},
	"tui.sign_in":       {"Sign in", "Masuk"},
	"tui.keys_locked":   {"keys are locked until the provider answers", "tombol terkunci sampai penyedia menjawab"},
	"tui.small_window":  {"The till needs a window of at least %d×%d.\nThis one is %d×%d: make it bigger.", "Kasir butuh jendela minimal %d×%d.\nJendela ini %d×%d: perbesar."},

	"tui.title.Home":             {"Home", "Beranda"},
	"tui.title.Journal":          {"Journal", "Jurnal"},
	"tui.title.Unresolved sales": {"Unresolved sales", "Transaksi tertunda"},
	"tui.title.End of day":       {"End of day", "Tutup hari"},
	"tui.title.Airtime":          {"Airtime", "Pulsa"},
	"tui.title.Water":            {"Water", "Air"},
	"tui.title.Electricity":      {"Electricity", "Listrik"},
	"tui.title.Pulsa & PPOB":     {"Pulsa & PPOB", "Pulsa & PPOB"},
	"tui.title.Bill":             {"Bill", "Tagihan"},
	"tui.title.QRIS deposit":     {"QRIS deposit", "Deposit QRIS"},
	"tui.title.Bank payout":      {"Bank payout", "Transfer bank"},
	"tui.title.Till check":       {"Till check", "Cek kasir"},

	"tui.help.select":              {"select", "pilih"},
	"tui.help.scroll":              {"scroll", "gulir"},
	"tui.help.choose":              {"choose", "pilih"},
	"tui.help.back":                {"back", "kembali"},
	"tui.help.quit":                {"quit", "keluar"},
	"tui.help.more keys":           {"more keys", "tombol lain"},
	"tui.help.open":                {"open", "buka"},
	"tui.help.pick":                {"pick", "pilih"},
	"tui.help.refresh balance":     {"refresh balance", "muat ulang saldo"},
	"tui.help.print":               {"print", "cetak"},
	"tui.help.try again":           {"try again", "coba lagi"},
	"tui.help.next":                {"next", "lanjut"},
	"tui.help.next field":          {"next field", "kolom berikut"},
	"tui.help.refresh":             {"refresh", "muat ulang"},
	"tui.help.cancel":              {"cancel", "batal"},
	"tui.help.confirm":             {"confirm", "konfirmasi"},
	"tui.help.new sale":            {"new sale", "transaksi baru"},
	"tui.help.home":                {"home", "beranda"},
	"tui.help.search":              {"search", "cari"},
	"tui.help.reprint":             {"reprint", "cetak ulang"},
	"tui.help.details":             {"details", "rincian"},
	"tui.help.sign in":             {"sign in", "masuk"},
	"tui.help.sign out":            {"sign out", "keluar shift"},
	"tui.help.unlock":              {"unlock", "buka kunci"},
	"tui.help.check now":           {"check now", "cek sekarang"},
	"tui.help.change number":       {"change number", "ganti nomor"},
	"tui.help.change amount":       {"change amount", "ganti jumlah"},
	"tui.help.print the code":      {"print the code", "cetak kode"},
	"tui.help.new bill":            {"new bill", "tagihan baru"},
	"tui.help.new deposit":         {"new deposit", "deposit baru"},
	"tui.help.new payout":          {"new payout", "transfer baru"},
	"tui.help.switch":              {"switch", "ganti"},
	"tui.help.unresolved":          {"unresolved", "tertunda"},
	"tui.help.supervisor override": {"supervisor override", "izin supervisor"},

	"tui.home.title":            {"What would you like to do?", "Mau melakukan apa?"},
	"tui.home.Sell airtime":     {"Sell airtime", "Jual pulsa"},
	"tui.home.hint_airtime":     {"prepaid airtime for any SA network (Flash)", "pulsa prabayar semua operator SA (Flash)"},
	"tui.home.Water":            {"Water", "Air"},
	"tui.home.hint_water":       {"recharge a water meter or card (1Flow)", "isi ulang meteran atau kartu air (1Flow)"},
	"tui.home.Electricity":      {"Electricity", "Listrik"},
	"tui.home.hint_elec":        {"prepaid electricity tokens: meter lookup first (Flash)", "token listrik prabayar: cek meteran dulu (Flash)"},
	"tui.home.1Voucher":         {"1Voucher", "1Voucher"},
	"tui.home.hint_1v":          {"sell, redeem, refund or disburse a 1Voucher", "jual, tukar, kembalikan atau cairkan 1Voucher"},
	"tui.home.Gift voucher":     {"Gift voucher", "Voucher hadiah"},
	"tui.home.hint_gift":        {"gift vouchers from the Flash catalogue", "voucher hadiah dari katalog Flash"},
	"tui.home.Eezi voucher":     {"Eezi voucher", "Voucher Eezi"},
	"tui.home.hint_eezi":        {"Eezi airtime vouchers for any network", "voucher pulsa Eezi semua operator"},
	"tui.home.Cash-out PIN":     {"Cash-out PIN", "PIN tarik tunai"},
	"tui.home.hint_cashout":     {"sell, look up or cancel a cash-out PIN", "jual, cek atau batalkan PIN tarik tunai"},
	"tui.home.Pulsa & PPOB":     {"Pulsa & PPOB", "Pulsa & PPOB"},
	"tui.home.hint_pulsa":       {"pulsa, data, PLN tokens, games (Flowix)", "pulsa, paket data, token PLN, game (Flowix)"},
	"tui.home.Pay a bill":       {"Pay a bill", "Bayar tagihan"},
	"tui.home.hint_bill":        {"PLN, BPJS, PDAM bills (Flowix)", "tagihan PLN, BPJS, PDAM (Flowix)"},
	"tui.home.QRIS deposit":     {"QRIS deposit", "Deposit QRIS"},
	"tui.home.hint_deposit":     {"top up the Flowix balance: the customer pays by QRIS", "isi saldo Flowix: pelanggan bayar dengan QRIS"},
	"tui.home.Bank payout":      {"Bank payout", "Transfer bank"},
	"tui.home.hint_payout":      {"send the customer's cash to a bank or e-wallet", "kirim uang pelanggan ke bank atau dompet digital"},
	"tui.home.Unresolved sales": {"Unresolved sales", "Transaksi tertunda"},
	"tui.home.Journal":          {"Journal", "Jurnal"},
	"tui.home.hint_journal":     {"today's sales, search and reprint", "transaksi hari ini, cari dan cetak ulang"},
	"tui.home.End of day":       {"End of day", "Tutup hari"},
	"tui.home.hint_eod":         {"X report, close the day (Z), export", "laporan X, tutup hari (Z), ekspor"},
	"tui.home.Till check":       {"Till check", "Cek kasir"},
	"tui.home.hint_doctor":      {"config, journal, providers, printer, clock", "konfigurasi, jurnal, penyedia, printer, jam"},
	"tui.home.Sign out":         {"Sign out", "Keluar shift"},
	"tui.home.hint_signout":     {"end your shift: the next cashier signs in", "akhiri shift: kasir berikutnya masuk"},
	"tui.home.Quit":             {"Quit", "Keluar"},
	"tui.home.hint_quit":        {"close the till", "tutup aplikasi kasir"},
	"tui.home.no_provider":      {"No provider is configured: add a [flash] table to the config to sell airtime.", "Belum ada penyedia: tambahkan tabel [flash] atau [flowix] di konfigurasi untuk berjualan."},
	"tui.home.demo":             {"  Sales go to the built-in sandbox: no real money or airtime moves.", "  Transaksi masuk ke sandbox bawaan: tidak ada uang atau pulsa sungguhan."},
	"tui.home.demo_config":      {"  A demo till: sales go to a sandbox on this machine, no real money moves.", "  Kasir demo: transaksi masuk ke sandbox di mesin ini, tidak ada uang sungguhan."},
	"tui.home.unres_one":        {"! 1 sale is still being settled: do not sell again to that number until it is", "! 1 transaksi masih dipastikan: jangan jual lagi ke nomor itu sampai beres"},
	"tui.home.unres_n":          {"! %d sales are still being settled: do not sell again to those numbers until they are", "! %d transaksi masih dipastikan: jangan jual lagi ke nomor-nomor itu sampai beres"},
	"tui.home.press":            {" (press %s).", " (tekan %s)."},
	"tui.home.hint_none":        {"none: every sale is settled", "tidak ada: semua transaksi beres"},
	"tui.home.hint_sales":       {"%d sale(s) waiting to be settled", "%d transaksi menunggu dipastikan"},
	"tui.home.hint_pays":        {"%d payment(s) need a person", "%d pembayaran perlu ditangani"},

	"tui.res.delivered":  {"✓ DELIVERED", "✓ BERHASIL"},
	"tui.res.paid":       {"✓ PAID", "✓ DIBAYAR"},
	"tui.res.declined":   {"✗ DECLINED", "✗ GAGAL"},
	"tui.res.not_sent":   {"✗ NOT SENT", "✗ TIDAK TERKIRIM"},
	"tui.res.not_sold":   {"✗ NOT SOLD", "✗ TIDAK TERJUAL"},
	"tui.res.processing": {"… PROCESSING", "… DIPROSES"},
	"tui.res.supervisor": {"! NEEDS A SUPERVISOR", "! PERLU SUPERVISOR"},
	"tui.res.in_doubt":   {"? IN DOUBT", "? BELUM PASTI"},

	"tui.day.Mon": {"Mon", "Sen"}, "tui.day.Tue": {"Tue", "Sel"}, "tui.day.Wed": {"Wed", "Rab"},
	"tui.day.Thu": {"Thu", "Kam"}, "tui.day.Fri": {"Fri", "Jum"}, "tui.day.Sat": {"Sat", "Sab"}, "tui.day.Sun": {"Sun", "Min"},
	"tui.month.Jan": {"Jan", "Jan"}, "tui.month.Feb": {"Feb", "Feb"}, "tui.month.Mar": {"Mar", "Mar"},
	"tui.month.Apr": {"Apr", "Apr"}, "tui.month.May": {"May", "Mei"}, "tui.month.Jun": {"Jun", "Jun"},
	"tui.month.Jul": {"Jul", "Jul"}, "tui.month.Aug": {"Aug", "Agu"}, "tui.month.Sep": {"Sep", "Sep"},
	"tui.month.Oct": {"Oct", "Okt"}, "tui.month.Nov": {"Nov", "Nov"}, "tui.month.Dec": {"Dec", "Des"},

	// Flowix results on screen (screens/flowix_sale.go, pulsa.go, bill.go).
	"fxr.pulsa.what":      {"%s %s to %s", "%s %s ke %s"},
	"fxr.pulsa.delivered": {"Flowix delivered it. Give the customer the receipt%s.", "Flowix sudah mengirimnya. Berikan struk kepada pelanggan%s."},
	"fxr.token_hint":      {", and read the token to the customer: it is entered on the meter", ", dan bacakan token kepada pelanggan: token dimasukkan di meteran"},
	"fxr.back_cash":       {"give the customer their cash back", "kembalikan uang tunai pelanggan"},
	"fxr.back_paid":       {"the customer's payment is owed back (below)", "pembayaran pelanggan harus dikembalikan (lihat di bawah)"},
	"fxr.pulsa.declined":  {"Nothing was delivered and the balance was not charged: %s, or change the number and try again.", "Tidak ada yang terkirim dan saldo tidak terpotong: %s, atau ganti nomor dan coba lagi."},
	"fxr.pulsa.pending":   {"Flowix accepted the sale and is processing it.", "Flowix menerima transaksi dan sedang memprosesnya."},
	"fxr.again_number":    {"this number", "nomor ini"},
	"fxr.bill.what":       {"%s %s for %s", "%s %s untuk %s"},
	"fxr.bill.delivered":  {"The bill is paid. Give the customer the receipt.", "Tagihan sudah dibayar. Berikan struk kepada pelanggan."},
	"fxr.bill.declined": {"The bill was not paid and the balance was not charged: give the customer their cash back. Check the bill again to retry.",
		"Tagihan tidak terbayar dan saldo tidak terpotong: kembalikan uang tunai pelanggan. Cek tagihan lagi untuk mencoba ulang."},
	"fxr.bill.pending":   {"Flowix accepted the payment and is processing it.", "Flowix menerima pembayaran dan sedang memprosesnya."},
	"fxr.again_customer": {"this customer number", "nomor pelanggan ini"},
	"fxr.no_printer":     {"No printer: show the customer the receipt on screen.", "Tidak ada printer: tunjukkan struk di layar kepada pelanggan."},
	"fxr.press_p":        {"Press p to print the receipt.", "Tekan p untuk mencetak struk."},
	"fxr.printed":        {"✓ Receipt printed.", "✓ Struk tercetak."},
	"fxr.not_sent":       {"Nothing was sent to Flowix; you may try again.", "Tidak ada yang dikirim ke Flowix; Anda boleh mencoba lagi."},
	"fxr.blocked": {"An earlier sale to %s is not settled yet: settle it first on the Unresolved sales screen (u); do NOT sell again until then.",
		"Transaksi sebelumnya ke %s belum pasti: selesaikan dulu di layar Transaksi tertunda (u); JANGAN jual lagi sebelum itu."},
	"fxr.refused": {"Nothing was journaled or sent to Flowix; you may try again.", "Tidak ada yang dicatat atau dikirim ke Flowix; Anda boleh mencoba lagi."},
	"fxr.pending": {"%s The till follows it live with the same reference — do NOT sell again to %s until it is settled.",
		"%s Kasir memantaunya langsung dengan referensi yang sama — JANGAN jual lagi ke %s sampai beres."},
	"fxr.supervisor": {"The till cannot settle this on its own: a supervisor must check it with Flowix. Do NOT sell again to %s until it is settled.",
		"Kasir tidak dapat memastikan ini sendiri: supervisor harus mengeceknya dengan Flowix. JANGAN jual lagi ke %s sampai beres."},
	"fxr.in_doubt": {"Flowix did not answer plainly; the till keeps checking with the same reference — do NOT sell again to %s until it is settled.",
		"Flowix tidak menjawab dengan jelas; kasir terus mengecek dengan referensi yang sama — JANGAN jual lagi ke %s sampai beres."},
	"fxr.follow": {"Follow it on the Unresolved sales screen (u).", "Pantau di layar Transaksi tertunda (u)."},

	// Labels of the screens' key-value rows, looked up by their English (Screen).
	"tui.kv.Ref":         {"Ref", "No. Ref"},
	"tui.kv.Flowix ID":   {"Flowix ID", "ID Flowix"},
	"tui.kv.Reason":      {"Reason", "Alasan"},
	"tui.kv.Flowix says": {"Flowix says", "Kata Flowix"},
	"tui.kv.Why":         {"Why", "Sebab"},
	"tui.kv.Last answer": {"Last answer", "Jawaban terakhir"},
	"tui.kv.Attempts":    {"Attempts", "Percobaan"},
	"tui.kv.Service":     {"Service", "Layanan"},
	"tui.kv.Target":      {"Target", "Tujuan"},
	"tui.kv.Price":       {"Price", "Harga"},
	"tui.kv.Paid by":     {"Paid by", "Dibayar dengan"},
	"tui.kv.Customer":    {"Customer", "Pelanggan"},
	"tui.kv.Period":      {"Period", "Periode"},
	"tui.kv.Bill":        {"Bill", "Tagihan"},
	"tui.kv.Admin fee":   {"Admin fee", "Biaya admin"},
	"tui.kv.Total":       {"Total", "Total"},

	// QRIS deposit results (screens/flowix_deposit_view.go).
	"fxr.dep.what":         {"%s by %s", "%s lewat %s"},
	"fxr.dep.paid":         {"The customer paid and the Flowix balance is credited.", "Pelanggan sudah membayar dan saldo Flowix sudah bertambah."},
	"fxr.dep.no_printer":   {"No printer: the receipt is shown on screen.", "Tidak ada printer: struk ditampilkan di layar."},
	"fxr.dep.expired":      {"✗ EXPIRED", "✗ KEDALUWARSA"},
	"fxr.dep.expired_is":   {"The code ran out before it was paid: nothing was paid. Press n to make a new one.", "Kode habis waktu sebelum dibayar: tidak ada yang dibayar. Tekan n untuk membuat kode baru."},
	"fxr.dep.cancelled":    {"✗ CANCELLED", "✗ DIBATALKAN"},
	"fxr.dep.cancelled_is": {"The payment was cancelled: nothing was paid, and the code can no longer be paid.", "Pembayaran dibatalkan: tidak ada yang dibayar, dan kode tidak dapat dibayar lagi."},
	"fxr.dep.lost": {"Flowix's answer was lost, so the till cannot show a code. Do NOT ask the customer to pay anything: a supervisor settles it (Unresolved sales, u).",
		"Jawaban Flowix hilang, jadi kasir tidak dapat menampilkan kode. JANGAN minta pelanggan membayar apa pun: supervisor yang menyelesaikannya (Transaksi tertunda, u)."},
	"fxr.dep.not_created":    {"✗ NOT CREATED", "✗ TIDAK DIBUAT"},
	"fxr.dep.not_created_is": {"No code was made and nothing was paid; you may try again (n).", "Tidak ada kode yang dibuat dan tidak ada yang dibayar; Anda boleh mencoba lagi (n)."},
	"tui.kv.Sale":            {"Sale", "Transaksi"},
	"tui.kv.Reference":       {"Reference", "Referensi"},

	// The QRIS code on screen (screens/qris_view.go).
	"fxr.qris.creating":     {"Creating a %s payment of %s with Flowix…", "Membuat pembayaran %s sebesar %s dengan Flowix…"},
	"fxr.qris.fee_deposit":  {"off the deposit", "dipotong dari deposit"},
	"fxr.qris.fee_customer": {"customer pays", "dibayar pelanggan"},
	"fxr.qris.expires_at":   {"%s (at %s)", "%s (pukul %s)"},
	"fxr.qris.waiting":      {"Waiting for the customer to pay", "Menunggu pelanggan membayar"},
	"fxr.qris.ran_out":      {"The code has run out; checking with Flowix", "Kode sudah habis waktu; mengecek ke Flowix"},
	"fxr.qris.unclear": {"Flowix did not answer plainly (%s). Do NOT collect again: the till or a supervisor settles it.",
		"Flowix tidak menjawab dengan jelas (%s). JANGAN tagih lagi: kasir atau supervisor yang menyelesaikannya."},
	"fxr.qris.demo_pay":       {" press a to pay now, as the customer", " tekan a untuk membayar sekarang, sebagai pelanggan"},
	"tui.kv.Pay to":           {"Pay to", "Bayar ke"},
	"tui.kv.Method":           {"Method", "Metode"},
	"tui.kv.Amount":           {"Amount", "Jumlah"},
	"tui.kv.Fee":              {"Fee", "Biaya"},
	"tui.kv.Total to pay":     {"Total to pay", "Total dibayar"},
	"tui.kv.Expires in":       {"Expires in", "Habis dalam"},
	"fxr.qris.scan":           {"Scan to pay · %s", "Pindai untuk bayar · %s"},
	"tui.help.pay now (demo)": {"pay now (demo)", "bayar sekarang (demo)"},
	"tui.help.cancel payment": {"cancel payment", "batalkan pembayaran"},
	"tui.help.leave it open":  {"leave it open", "biarkan terbuka"},
	"tui.help.check again":    {"check again", "cek lagi"},
	"tui.help.settle now":     {"settle now", "pastikan sekarang"},

	// Confirm dialogs of the Flowix flows (screens/bill.go, pulsa.go,
	// flowix_deposit.go), looked up by their English (Screen).
	"tui.confirm.bill":       {"Pay this bill?", "Bayar tagihan ini?"},
	"tui.confirm.sell":       {"Sell this?", "Jual ini?"},
	"tui.confirm.qris":       {"Create this QRIS payment?", "Buat pembayaran QRIS ini?"},
	"tui.confirm.back":       {"Back", "Kembali"},
	"tui.confirm.take":       {"Take payment", "Terima pembayaran"},
	"tui.confirm.show_code":  {"Show the code", "Tampilkan kode"},
	"tui.confirm.note_bill":  {"Check the name and the period with the customer before you pay.", "Cocokkan nama dan periode dengan pelanggan sebelum membayar."},
	"tui.confirm.note_pulsa": {"Read the number back to the customer before you sell.", "Bacakan kembali nomornya kepada pelanggan sebelum menjual."},
	"tui.confirm.note_qris":  {"Flowix confirms the exact fee. Nothing moves until the customer pays the code.", "Flowix memastikan biaya pastinya. Tidak ada uang bergerak sampai pelanggan membayar kode."},
	"tui.kv.Customer no":     {"Customer no", "No. pelanggan"},
	"tui.kv.Tender":          {"Tender", "Cara bayar"},
	"tui.kv.Brand":           {"Brand", "Merek"},
	"tui.kv.Mobile":          {"Mobile", "Nomor HP"},
	"tui.kv.Meter":           {"Meter", "Meteran"},
	"tui.kv.Customer id":     {"Customer id", "ID pelanggan"},
	"tui.kv.Fee (about)":     {"Fee (about)", "Biaya (kira-kira)"},
	"tui.kv.Customer pays":   {"Customer pays", "Dibayar pelanggan"},
	"tui.kv.Balance gets":    {"Balance gets", "Masuk ke saldo"},
	"fxr.bill.pay":           {"Pay %s", "Bayar %s"},
	"fxr.dep.fee_on_top":     {"paid by the customer, on top", "dibayar pelanggan, ditambahkan"},
	"fxr.dep.fee_off":        {"taken off the deposit", "dipotong dari deposit"},

	// Step names of the Flowix flows' steppers.
	"tui.step.Check & confirm": {"Check & confirm", "Cek & konfirmasi"},
	"tui.step.Done":            {"Done", "Selesai"},
	"tui.step.Confirm":         {"Confirm", "Konfirmasi"},
	"tui.step.Pay":             {"Pay", "Bayar"},
	"tui.step.Bank":            {"Bank", "Bank"},
	"tui.step.Account":         {"Account", "Rekening"},
	"tui.step.Holder":          {"Holder", "Pemilik"},
	"tui.step.Number":          {"Number", "Nomor"},
	"tui.help.pay":             {"pay", "bayar"},
	"tui.help.sell":            {"sell", "jual"},

	// What a failed or refused sale owes the customer (screens/airtime_tender.go).
	"fxr.give_back": {"GIVE BACK %s IN CASH: nothing was sold and the drawer does not count it. Hand the customer's cash back now (keep it only if you try the sale again).",
		"KEMBALIKAN %s TUNAI: tidak ada yang terjual dan laci tidak menghitungnya. Kembalikan uang tunai pelanggan sekarang (simpan hanya jika Anda mencoba transaksi lagi)."},
	"fxr.paid_by": {"%s was paid by %s (payment %s)", "%s dibayar dengan %s (pembayaran %s)"},
	"fxr.refund_due": {"REFUND DUE: %s and is owed back to the customer. Print the slip for them; a supervisor settles the refund on the Unresolved sales screen. Do not sell on this payment again.",
		"UANG HARUS DIKEMBALIKAN: %s dan harus dikembalikan kepada pelanggan. Cetak struknya untuk pelanggan; supervisor menyelesaikan pengembalian di layar Transaksi tertunda. Jangan berjualan dengan pembayaran ini lagi."},
	"fxr.paid_not_sold": {"PAID, NOT SOLD: %s and has not been used. Press enter to try the sale again on it; otherwise it waits on the Unresolved sales screen, to complete the sale or refund it.",
		"DIBAYAR, TIDAK TERJUAL: %s dan belum dipakai. Tekan enter untuk mencoba transaksi lagi dengan pembayaran ini; jika tidak, pembayaran menunggu di layar Transaksi tertunda untuk diselesaikan atau dikembalikan."},
	"tui.word.Cash": {"Cash", "Tunai"},
	"tui.word.Card": {"Card", "Kartu"},

	// The tender screen: how the customer pays (screens/tender_view.go,
	// tender.go, tender_input.go, tender_qris.go, tender_gate.go).
	"tnd.for":           {"for %s", "untuk %s"},
	"tnd.to":            {"%s to %s", "%s ke %s"},
	"tnd.how":           {"How does the customer pay %s?", "Pelanggan bayar %s dengan apa?"},
	"tnd.hint.cash":     {"notes and coins; the till shows the change", "uang kertas dan koin; kasir menampilkan kembalian"},
	"tnd.hint.mpesa":    {"the customer paid the till number: type the M-Pesa receipt code", "pelanggan sudah bayar ke nomor till: ketik kode struk M-Pesa"},
	"tnd.hint.card":     {"charge an account customer's saved card (Flutterwave)", "tagih kartu tersimpan pelanggan langganan (Flutterwave)"},
	"tnd.hint.voucher":  {"redeem the customer's 16-digit 1Voucher PIN (Flash)", "tukar PIN 1Voucher 16 digit milik pelanggan (Flash)"},
	"tnd.hint.qris":     {"the customer scans a QRIS code (Flowix)", "pelanggan memindai kode QRIS (Flowix)"},
	"tnd.why.not_conf":  {"not configured", "belum diatur"},
	"tnd.why.not_here":  {"not configured on this till", "belum diatur di kasir ini"},
	"tnd.why.currency":  {"does not take %s", "tidak menerima %s"},
	"tnd.why.no_book":   {"no customer book", "tidak ada buku pelanggan"},
	"tnd.cash.title":    {"Cash: %s due", "Tunai: %s harus dibayar"},
	"tnd.cash.exact":    {"%s (exact)", "%s (uang pas)"},
	"tnd.cash.tendered": {"Amount tendered", "Uang diterima"},
	"tnd.cash.notes":    {"Notes: ", "Uang: "},
	"tnd.cash.keys":     {"+ next note up · = exact amount · enter with nothing typed takes the exact amount", "+ pecahan berikutnya · = uang pas · enter tanpa ketik apa pun = uang pas"},
	"tnd.mpesa.title":   {"M-Pesa: %s", "M-Pesa: %s"},
	"tnd.mpesa.check":   {"Check the customer's M-Pesa SMS: %s paid to this shop's till number.", "Cek SMS M-Pesa pelanggan: %s dibayar ke nomor till toko ini."},
	"tnd.mpesa.code":    {"M-Pesa receipt code", "Kode struk M-Pesa"},
	"tnd.mpesa.phone":   {"Phone number it was paid from", "Nomor HP pembayar"},
	"tnd.card.title":    {"Card on file: %s", "Kartu tersimpan: %s"},
	"tnd.card.reading":  {"Reading the customer book…", "Membaca buku pelanggan…"},
	"tnd.card.empty":    {"The customer book is empty. Add account customers with `till customer add`.", "Buku pelanggan kosong. Tambahkan pelanggan dengan `till customer add`."},
	"tnd.card.token":    {"%s · token from %s", "%s · token sejak %s"},
	"tnd.v.title":       {"1Voucher: %s", "1Voucher: %s"},
	"tnd.v.type":        {"type the 16 digits printed on the voucher", "ketik 16 digit yang tercetak di voucher"},
	"tnd.v.explain":     {"Type the customer's 1Voucher PIN. If the voucher is worth more than %s, Flash returns the change as a new voucher, printed on the slip.", "Ketik PIN 1Voucher pelanggan. Jika nilai voucher lebih dari %s, Flash memberi kembalian berupa voucher baru, tercetak di struk."},
	"tnd.v.pin":         {"1Voucher PIN", "PIN 1Voucher"},
	"tnd.v.length":      {"a 1Voucher PIN is 16 digits; %s typed", "PIN 1Voucher 16 digit; baru %s diketik"},
	"tnd.pay.mpesa":     {"Recording the M-Pesa payment", "Mencatat pembayaran M-Pesa"},
	"tnd.pay.card":      {"Charging the card", "Menagih kartu"},
	"tnd.pay.voucher":   {"Redeeming the 1Voucher", "Menukar 1Voucher"},
	"tnd.pay.qris":      {"Creating the QRIS code", "Membuat kode QRIS"},
	"tnd.pay.doing":     {"%s (%s)…", "%s (%s)…"},
	"tnd.pay.no_other":  {"DO NOT TAKE ANOTHER PAYMENT", "JANGAN TERIMA PEMBAYARAN LAIN"},
	"tnd.pay.waiting":   {"  waiting for the provider…", "  menunggu penyedia…"},
	"tnd.pay.never_twice": {"Nothing is sold until this payment is confirmed. If the answer is lost, the till checks it with the same reference: the customer is never charged twice.",
		"Tidak ada yang terjual sampai pembayaran ini terkonfirmasi. Jika jawabannya hilang, kasir mengeceknya dengan referensi yang sama: pelanggan tidak pernah ditagih dua kali."},
	"tnd.w.supervisor":    {"! PAYMENT NEEDS A SUPERVISOR", "! PEMBAYARAN PERLU SUPERVISOR"},
	"tnd.w.supervisor_is": {"The till cannot settle this payment on its own: %s Nothing is sold until a supervisor settles it. Do not take another payment for this sale until then.", "Kasir tidak dapat memastikan pembayaran ini sendiri: %s Tidak ada yang terjual sampai supervisor menyelesaikannya. Jangan terima pembayaran lain untuk transaksi ini sebelum itu."},
	"tnd.w.pending":       {"… PAYMENT PENDING", "… PEMBAYARAN TERTUNDA"},
	"tnd.w.pending_is":    {"The provider accepted the payment and will confirm it. Nothing is sold until it does.", "Penyedia menerima pembayaran dan akan mengonfirmasinya. Tidak ada yang terjual sebelum itu."},
	"tnd.w.in_doubt":      {"? PAYMENT IN DOUBT", "? PEMBAYARAN BELUM PASTI"},
	"tnd.w.in_doubt_is": {"The answer was lost. The till is checking this payment with the same reference — a card is verified, never charged again — and nothing is sold until it is settled. Keep the customer at the counter.",
		"Jawabannya hilang. Kasir sedang mengecek pembayaran ini dengan referensi yang sama — kartu hanya dicek, tidak ditagih lagi — dan tidak ada yang terjual sampai beres. Minta pelanggan menunggu di kasir."},
	"tnd.w.checking":   {"checking now…", "sedang mengecek…"},
	"tnd.qr.title":     {"Approve the card payment", "Setujui pembayaran kartu"},
	"tnd.qr.how":       {"Ask the customer to scan this code with their phone and approve the payment with their bank (3-D Secure).", "Minta pelanggan memindai kode ini dengan HP dan menyetujui pembayaran di banknya (3-D Secure)."},
	"tnd.qr.demo":      {" press a to play the customer", " tekan a untuk berperan sebagai pelanggan"},
	"tnd.qr.demo_err":  {"✗ demo: %s", "✗ demo: %s"},
	"tnd.still":        {"Payment %s is still %s: if it is paid, complete the sale or refund it on the Unresolved sales screen.", "Pembayaran %s masih %s: jika sudah dibayar, selesaikan transaksi atau kembalikan uangnya di layar Transaksi tertunda."},
	"tnd.qris.confirm": {"Show a QRIS code for %s?", "Tampilkan kode QRIS untuk %s?"},
	"tnd.qris.by":      {"%s by QRIS (Flowix)", "%s lewat QRIS (Flowix)"},
	"tnd.qris.note":    {"The customer scans the code with any QRIS app. Nothing is sold until it is paid.", "Pelanggan memindai kode dengan aplikasi QRIS apa pun. Tidak ada yang terjual sebelum dibayar."},
	"tnd.qris.not":     {"QRIS not taken: %s", "QRIS tidak diterima: %s"},
	"tnd.qris.lost": {"The QRIS code's answer was lost (payment %s): it is journaled and settled by the till or a supervisor; do not collect it again. If it is paid, complete the sale on the Unresolved sales screen.",
		"Jawaban kode QRIS hilang (pembayaran %s): sudah dicatat dan akan diselesaikan oleh kasir atau supervisor; jangan tagih lagi. Jika sudah dibayar, selesaikan transaksi di layar Transaksi tertunda."},
	"tnd.qris.expired":   {"The QRIS code expired unpaid: nothing was taken. Choose how the customer pays.", "Kode QRIS kedaluwarsa tanpa dibayar: tidak ada uang diterima. Pilih cara bayar pelanggan."},
	"tnd.qris.cancelled": {"The QRIS code was cancelled: nothing was taken. Choose how the customer pays.", "Kode QRIS dibatalkan: tidak ada uang diterima. Pilih cara bayar pelanggan."},
	"tnd.card.confirm":   {"Charge %s to %s's card?", "Tagih %s ke kartu %s?"},
	"tnd.card.charge":    {"Charge %s", "Tagih %s"},
	"tnd.card.once":      {"The card is charged once; if 3-D Secure is needed, the customer approves it on their phone.", "Kartu ditagih sekali; jika perlu 3-D Secure, pelanggan menyetujuinya di HP."},
	"tnd.card.note":      {"Note: %s.", "Catatan: %s."},
	"tnd.gate.title":     {"The customer must not pay %s yet", "Pelanggan belum boleh membayar %s"},
	"tnd.gate.banner":    {"✗ NOT SOLD — TAKE NO PAYMENT", "✗ TIDAK TERJUAL — JANGAN TERIMA UANG"},
	"tnd.gate.override":  {"A supervisor may allow exactly this sale: press o, they authorise it with their own PIN. Then the customer pays.", "Supervisor boleh mengizinkan transaksi ini: tekan o, supervisor mengizinkan dengan PIN-nya sendiri. Lalu pelanggan membayar."},
	"tnd.gate.no_sup":    {"Only a supervisor may allow it, and this till has no supervisor signed up. Go back (esc).", "Hanya supervisor yang boleh mengizinkan, dan kasir ini belum punya supervisor terdaftar. Kembali (esc)."},
	"tnd.gate.change":    {"Nothing was taken or journaled. Go back (esc) and change the sale.", "Tidak ada uang diterima atau dicatat. Kembali (esc) dan ubah transaksinya."},

	// Labels and words of the tender screen, looked up by their English (Screen).
	"tui.word.M-Pesa":         {"M-Pesa", "M-Pesa"},
	"tui.word.1Voucher":       {"1Voucher", "1Voucher"},
	"tui.word.QRIS":           {"QRIS", "QRIS"},
	"tui.kv.Amount due":       {"Amount due", "Harus dibayar"},
	"tui.kv.Change due":       {"Change due", "Kembalian"},
	"tui.kv.Payment":          {"Payment", "Pembayaran"},
	"tui.kv.Charge":           {"Charge", "Ditagih"},
	"tui.kv.Waiting":          {"Waiting", "Menunggu"},
	"tui.kv.For":              {"For", "Untuk"},
	"tui.kv.Card":             {"Card", "Kartu"},
	"tui.kv.Email":            {"Email", "Email"},
	"tui.confirm.show_qr":     {"Show QR", "Tampilkan QR"},
	"tui.help.take cash":      {"take cash", "terima tunai"},
	"tui.help.take payment":   {"take payment", "terima pembayaran"},
	"tui.help.exact":          {"exact", "uang pas"},
	"tui.help.next note":      {"next note", "pecahan berikut"},
	"tui.help.approve (demo)": {"approve (demo)", "setujui (demo)"},
	"tui.help.stop waiting":   {"stop waiting", "berhenti menunggu"},
	"tui.state.IN DOUBT":      {"IN DOUBT", "BELUM PASTI"},
	"tui.state.NOT SENT":      {"NOT SENT", "TIDAK TERKIRIM"},
	"tui.state.SUPERVISOR":    {"SUPERVISOR", "SUPERVISOR"},
	"tui.money.prompt":        {"type the amount and press enter", "ketik jumlahnya lalu tekan enter"},
}
