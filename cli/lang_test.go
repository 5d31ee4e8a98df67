package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"till/i18n"
	"till/providers/sandbox"
	"till/sale"
)

// Every cli.* key the command line's code names is in the catalogue (a key
// built from a prefix, "cli.give_back."+key, has keys under it); the
// catalogue's own test holds every key to an Indonesian text with the
// same verbs, in printable ASCII (cli.* is printed, not only drawn).
func TestCLIKeysInCatalogue(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	lit := regexp.MustCompile(`"(cli\.[a-z0-9_.]+)"`)
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range lit.FindAllStringSubmatch(string(b), -1) {
			found++
			key := m[1]
			if strings.HasSuffix(key, ".") {
				if len(keysUnder(key)) == 0 {
					t.Errorf("%s builds keys under %q, which the catalogue lacks", f, key)
				}
				continue
			}
			if !i18n.Has(key) {
				t.Errorf("%s asks for key %q, which the catalogue lacks", f, key)
			}
		}
	}
	if found < 150 {
		t.Fatalf("only %d cli.* keys found in cli/: the scan is broken", found)
	}
	for _, k := range keysUnder("cli.") {
		if en, id := i18n.EN.Tf(k), i18n.ID.Tf(k); id == en && !regexp.MustCompile(`^[%s :.()A-Z]*$`).MatchString(en) &&
			k != "cli.bill.total" && k != "cli.bill.amount" && k != "cli.payout.amount" && k != "cli.airtime.amount" && k != "cli.amount.refused" {
			t.Errorf("%s: the Indonesian is the English (%q)", k, en)
		}
	}
}

func keysUnder(prefix string) []string {
	var out []string
	for _, k := range i18n.Keys() {
		if strings.HasPrefix(k, prefix) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// What the cashier does about a failed sale's payment: the catalogue's
// English is sale.GiveBack's, byte for byte, for every case, and the
// Indonesian names the amount and the tender in Indonesian.
func TestGiveBackKeyed(t *testing.T) {
	rp := sale.New(10500, sale.IDR)
	cash := sale.Order{Kind: sale.KindPulsa, Amount: rp, Tender: sale.Tender{Kind: sale.TenderCash}}
	card := sale.Order{Kind: sale.KindAirtime, Amount: sale.New(25000, sale.ZAR), Tender: sale.Tender{Kind: sale.TenderCard}}
	mpesa := sale.Order{Kind: sale.KindAirtime, Amount: sale.New(25000, sale.KES), Tender: sale.Tender{Kind: sale.TenderMpesa, Ref: "MP1"}}
	for _, c := range []struct {
		s       sale.Sale
		key, id string
	}{
		{sale.Sale{State: sale.StateDeclined, Order: cash, GivenBack: true}, "cash", "Kembalikan Rp 10.500 tunai"},
		{sale.Sale{State: sale.StateNotSent, Order: cash}, "refund_cash", "Uang harus dikembalikan: tunai Rp 10.500"},
		{sale.Sale{State: sale.StateDeclined, Order: card}, "card_not_charged", "Kartu tidak ditagih"},
		{sale.Sale{State: sale.StateDeclined, Order: mpesa}, "refund_tender", "Uang harus dikembalikan: M-Pesa KES 250,00"},
	} {
		text, key, args := sale.GiveBackKeyed(c.s)
		if key != c.key || text == "" || text != sale.GiveBack(c.s) {
			t.Errorf("%+v: %q %q", c.s, text, key)
			continue
		}
		if en := i18n.EN.Tf("cli.give_back."+key, args...); en != text {
			t.Errorf("%s: the catalogue's English %q is not GiveBack's %q", key, en, text)
		}
		if id := i18n.ID.Tf("cli.give_back."+key, args...); id != c.id {
			t.Errorf("%s: Indonesian %q, want %q", key, id, c.id)
		}
	}
	if text, key, _ := sale.GiveBackKeyed(sale.Sale{State: sale.StateDelivered, Order: cash}); text != "" || key != "" {
		t.Errorf("a delivered sale owes %q (%s)", text, key)
	}
}

// flowixTill starts an in-process sandbox and writes a Flowix till's
// config speaking lang ("" leaves [till] language out: English).
func flowixTill(t *testing.T, lang string) (cfg string, sb *sandbox.Server) {
	t.Helper()
	sb = sandbox.New(sandbox.Options{})
	base, err := sb.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	cfg, _ = writeTill(t, tillFile{store: "TOKO01", terminal: "TILL1", width: 32, timezone: "Asia/Jakarta", shop: "TOKO DEMO",
		tables: []string{sandboxFlowix(base, "webhook_secret", sandbox.FlowixWebhookSecret, "timeout", "3s")},
		edit: func(s string) string {
			if lang == "" {
				return s
			}
			return strings.Replace(s, "[till]\n", "[till]\nlanguage = \""+lang+"\"\n", 1)
		}})
	return cfg, sb
}

// english are the fixed words of every cli.* text whose Indonesian does
// not share them: none may reach an Indonesian cashier.
func english() []string {
	verbs := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)
	var out []string
	for _, k := range keysUnder("cli.") {
		en, id := i18n.EN.Tf(k), i18n.ID.Tf(k)
		for _, part := range verbs.Split(en, -1) {
			part = strings.TrimSpace(part)
			if len(part) >= 12 && !strings.Contains(id, part) {
				out = append(out, part)
			}
		}
	}
	return out
}

// A Flowix till with language = "id", run as an Indonesian cashier runs
// it against the real sandbox: a pulsa sale, a bill, a QRIS deposit,
// refused input, a declined cash sale (give the cash back), a sale in
// doubt, the same-target guard (a keyed domain refusal) and resolve speak
// Bahasa Indonesia on stderr and stdout, with the same exit codes as in
// English; no English sentence of the catalogue reaches the cashier.
func TestCLIIndonesian(t *testing.T) {
	cfg, sb := flowixTill(t, "id")
	var all strings.Builder
	run := func(want int, args ...string) ran {
		t.Helper()
		r := runCLI(t, cfg, args...)
		if r.code != want {
			t.Fatalf("till %s: exit %d, want %d\n%s%s", strings.Join(args, " "), r.code, want, r.stdout, r.stderr)
		}
		all.WriteString(r.stdout + r.stderr)
		return r
	}
	has := func(r ran, where string, wants ...string) {
		t.Helper()
		out := r.stderr
		if where == "stdout" {
			out = r.stdout
		}
		for _, w := range wants {
			if !strings.Contains(out, w) {
				t.Errorf("%s lacks %q:\n%s", where, w, out)
			}
		}
	}

	r := run(exitOK, "sell", "pulsa", "--service", "TSEL10", "--target", "081234567890", "--wait", "10s")
	has(r, "stderr", "DIPROSES di Flowix; dipantau paling lama 10 detik", "BERHASIL")
	has(r, "stdout", "BERHASIL", "Rp 10.500", "WIB")

	r = run(exitOK, "bill", "pay", "--service", "PLNPASCA", "--customer", "512345678901", "--wait", "10s")
	has(r, "stderr", "membayar Rp 57.000 untuk BUDI SANTOSO (512345678901, periode 2023-10) dengan inquiry INQ-", "BERHASIL")
	has(r, "stdout", "PEMBAYARAN TAGIHAN", "BUDI SANTOSO")

	r = run(exitOK, "bill", "check", "--service", "PLNPASCA", "--customer", "512345678901")
	has(r, "stdout", "Pelanggan    BUDI SANTOSO", "Biaya admin  Rp 2.500", "Total        Rp 57.000")
	has(r, "stderr", "bayar dengan: till bill pay --service PLNPASCA")

	r = run(exitInDoubt, "deposit", "--amount", "50000", "--fee-by-customer")
	has(r, "stdout", "\nPindai kode QR    TOKO DEMO, JAKARTA\n", "\nTotal dibayar     Rp 50.700\n", "\nBerlaku sampai    ", " WIB\n", "\nTransaksi         TOKO01-TILL1-")
	has(r, "stderr", "DIPROSES: deposit DEP-SBX-", "menunggu pelanggan membayar")
	dep := regexp.MustCompile(`DEP-SBX-\d{6}-\d{6}`).FindString(r.stdout)
	if err := sb.Flowix().PayDeposit(dep); err != nil {
		t.Fatal(err)
	}

	// Refused input: nothing journaled, exit 2, said in Indonesian.
	n := journaled(t, cfg)
	has(run(exitUsage, "sell", "pulsa", "--service", "TSELX", "--target", "081234567890"), "stderr",
		`tidak ada layanan Flowix "TSELX"; yang tersedia: TSEL5, TSEL10`)
	has(run(exitUsage, "sell", "pulsa", "--target", "081234567890"), "stderr", "--service dan --target wajib diisi")
	has(run(exitUsage, "deposit", "--amount", "50.000"), "stderr", "isi rupiah utuh, misalnya 50000 (jumlah tidak valid: IDR tidak memakai sen; ketik angka bulat seperti 50000)")
	has(run(exitUsage, "deposit", "--amount", "500"), "stderr", "menerima Rp 1.000 sampai Rp 5.000.000; tidak ada yang dibuat")
	has(run(exitUsage, "bill", "pay", "--service", "PLNPASCA", "--customer", "512345678901", "--amount", "50000"), "stderr",
		"tagihannya Rp 57.000 (Rp 54.500 + admin Rp 2.500), bukan Rp 50.000; tidak ada yang dibayar")
	has(run(exitUsage, "payout", "--bank", "BCA", "--account", "1234567890", "--amount", "5000"), "stderr",
		"transfer dana paling sedikit Rp 10.000; tidak ada yang dikirim")
	has(run(exitUsage, "reprint"), "stderr", "transaksi yang mana?")
	has(run(exitUsage, "eod", "--day", "2026-13-01"), "stderr", `--day "2026-13-01" bukan tanggal`)
	has(run(exitUsage, "drawer", "drop", "IDR:1000"), "stderr", "--reason wajib diisi")
	if got := journaled(t, cfg); got != n {
		t.Errorf("refused commands journaled sales: %d -> %d", n, got)
	}

	// A definitive decline of a cash sale: give the cash back.
	r = run(exitDeclined, "sell", "pulsa", "--service", "TSEL10", "--target", "081234567894")
	has(r, "stderr", "GAGAL: ", "Kembalikan Rp 10.500 tunai")

	// Accepted, then failed at Flowix while followed: the cash is owed
	// back until a supervisor settles it.
	r = run(exitDeclined, "sell", "pulsa", "--service", "TSEL10", "--target", "081234567895", "--wait", "10s")
	has(r, "stderr", "DIPROSES di Flowix; dipantau paling lama 10 detik", "GAGAL: ", "Uang harus dikembalikan: tunai Rp 10.500")

	// In doubt (HTTP 503): journaled, do not sell again; the same target
	// is then refused by the domain's keyed guard, in Indonesian.
	r = run(exitInDoubt, "sell", "pulsa", "--service", "TSEL10", "--target", "081234567892", "--wait", "0")
	has(r, "stderr", "BELUM_PASTI: ", "Transaksi sudah dicatat dan akan dipastikan dengan referensi yang sama: JANGAN jual lagi; jalankan `till resolve`")
	has(run(exitUsage, "sell", "pulsa", "--service", "TSEL10", "--target", "081234567892"), "stderr",
		"masih BELUM_PASTI: selesaikan dulu sebelum menjual lagi")

	// resolve: the paid deposit is delivered; the sale in doubt is
	// found at Flowix (still processing, or done: exit 3 or 0).
	r = runCLI(t, cfg, "resolve")
	all.WriteString(r.stdout + r.stderr)
	if r.code != exitOK && r.code != exitInDoubt {
		t.Errorf("resolve: exit %d\n%s", r.code, r.stderr)
	}
	if !regexp.MustCompile(`(?m)^2 transaksi diperiksa, [01] masih belum pasti$`).MatchString(r.stderr) {
		t.Errorf("resolve's summary:\n%s", r.stderr)
	}
	has(r, "stdout", "  BERHASIL  deposit ke   Rp 50.000  percobaan 1  ", "  pulsa ke 081******892  Rp 10.500  percobaan ")

	has(run(exitOK, "drawer"), "stdout", "Laci kas hari usaha", "MATA UANG")
	has(run(exitOK, "eod"), "stderr", "hanya pembacaan, tidak ada yang ditutup")
	has(run(exitOK, "journal", "list"), "stdout", "WAKTU     REFERENSI", "JUMLAH     STATUS", "Rp 10.500  BERHASIL")

	out := all.String()
	for _, en := range append(english(), "settle it before selling again", "Give back", "Refund due") {
		if strings.Contains(out, en) {
			t.Errorf("English reached an Indonesian cashier: %q", en)
		}
	}
}

// The same commands on an English till print what they always printed:
// the catalogue's English is the command line's own, byte for byte.
func TestCLIEnglishUnchanged(t *testing.T) {
	cfg, _ := flowixTill(t, "")
	line := func(r ran, re string) {
		t.Helper()
		if !regexp.MustCompile(`(?m)^` + re + `$`).MatchString(r.stderr) {
			t.Errorf("stderr has no line %s:\n%s", re, r.stderr)
		}
	}
	ref := `TOKO01-TILL1-[A-Z0-9]+-\d+`
	r := runCLI(t, cfg, "sell", "pulsa", "--service", "TSEL10", "--target", "081234567890", "--wait", "10s")
	line(r, `till: `+ref+` PENDING at Flowix; following it for up to 10s`)
	line(r, `till: `+ref+` DELIVERED`)
	r = runCLI(t, cfg, "sell", "pulsa", "--service", "TSELX", "--target", "081234567890")
	line(r, `till: no Flowix service "TSELX"; available: TSEL5, TSEL10, .*`)
	r = runCLI(t, cfg, "sell", "pulsa", "--service", "TSEL10", "--target", "081234567894")
	line(r, `till: `+ref+` DECLINED: .*`)
	line(r, `till: Give back Rp 10\.500 in cash`)
	r = runCLI(t, cfg, "sell", "pulsa", "--service", "TSEL10", "--target", "081234567895", "--wait", "10s")
	line(r, `till: Refund due: cash Rp 10\.500`)
	r = runCLI(t, cfg, "sell", "pulsa", "--service", "TSEL10", "--target", "081234567892", "--wait", "0")
	line(r, `till: `+ref+` IN_DOUBT: .* It is journaled and will be settled with the same reference: do NOT sell again; run `+"`till resolve`")
	r = runCLI(t, cfg, "deposit", "--amount", "50000", "--fee-by-customer")
	for _, want := range []string{"\nScan to pay       TOKO DEMO, JAKARTA\n", "\nTotal to pay      Rp 50.700\n", "\nExpires           ", "\nSale              TOKO01-TILL1-"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("deposit stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	line(r, `till: `+ref+` PENDING: deposit DEP-SBX-\d+-\d+ waits for the customer to pay; `+"`till resolve`"+` records it once paid, or it expires`)
	r = runCLI(t, cfg, "deposit", "--amount", "50.000")
	line(r, `till: deposit: --amount: whole rupiah like 50000 are required \(invalid amount: IDR has no cents; type whole units like 50000\)`)
	r = runCLI(t, cfg, "resolve")
	if !regexp.MustCompile(`(?m)^\d+ sale\(s\) looked at, \d+ still unresolved$`).MatchString(r.stderr) {
		t.Errorf("resolve: %s", r.stderr)
	}
}
