package cli

import (
	"context"
	"fmt"
	"strings"

	"till/providers/flowix"
	"till/sale"
	"till/screens"
	"till/ui"
)

// Bill payments and payouts through Flowix (see flowix.go).

// billJSON is a checked bill on the command line.
type billJSON struct {
	InquiryID    string `json:"inquiry_id"`
	Service      string `json:"service"`
	CustomerNo   string `json:"customer_no"`
	CustomerName string `json:"customer_name"`
	Period       string `json:"period"`
	BillAmount   string `json:"bill_amount"`
	AdminFee     string `json:"admin_fee"`
	Total        string `json:"total"`
	Currency     string `json:"currency"`
}

// checkBill checks a bill for bill check and bill pay; a refusal or a
// failure to reach Flowix exits 1 (nothing was paid).
func (c *cli) checkBill(ctx context.Context, t *till, service, customer string) (screens.FlowixBill, int) {
	if !digitsOnlyCLI(customer) {
		c.tell(c.t("cli.bill.customer_digits"))
		return screens.FlowixBill{}, exitUsage
	}
	b, err := t.FlowixAPI().BillCheck(ctx, strings.ToUpper(service), customer)
	if err != nil {
		c.errorf("bill: %s", c.said(err))
		return b, exitDeclined
	}
	return b, exitOK
}

func digitsOnlyCLI(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }

// billCheck is `till bill check`: who the bill is for, the period, the
// bill and the admin fee, and the inquiry id to pay it with. Nothing is
// paid or journaled.
func (c *cli) billCheck(args []string) int {
	fs := c.flags("bill check")
	service := fs.String("service", "", "Flowix bill service `code` (PLNPASCA, BPJSKS, PDAMJKT, …)")
	customer := fs.String("customer", "", "the customer `number` on the bill")
	asJSON := fs.Bool("json", false, "print JSON")
	if !c.parse(fs, args, 0) {
		return exitUsage
	}
	if *service == "" || *customer == "" {
		c.tell(c.t("cli.bill.check_required"))
		return exitUsage
	}
	t, code := c.openFlowix("bill check")
	if t == nil {
		return code
	}
	defer t.Close()
	ctx, stop := signalContext()
	defer stop()
	b, code := c.checkBill(ctx, t, *service, *customer)
	if code != exitOK {
		return code
	}
	if *asJSON {
		c.printJSON(billJSON{InquiryID: b.InquiryID, Service: b.ServiceCode, CustomerNo: b.CustomerNo,
			CustomerName: b.CustomerName, Period: b.Period, BillAmount: b.BillAmount.Plain(), AdminFee: b.AdminFee.Plain(),
			Total: b.Total().Plain(), Currency: string(sale.IDR)})
		return exitOK
	}
	for _, kv := range [][2]string{{c.t("cli.bill.service"), b.ServiceCode}, {c.t("cli.bill.customer_no"), b.CustomerNo},
		{c.t("cli.bill.customer"), b.CustomerName}, {c.t("cli.bill.period"), b.Period}, {c.t("cli.bill.bill"), c.lang().Money(b.BillAmount)},
		{c.t("cli.bill.admin_fee"), c.lang().Money(b.AdminFee)}, {c.t("cli.bill.total"), c.lang().Money(b.Total())},
		{c.t("cli.bill.inquiry"), b.InquiryID}} {
		fmt.Fprintf(c.stdout, "%-12s %s\n", kv[0], ui.Clean(kv[1]))
	}
	c.tell(c.t("cli.bill.pay_with", b.ServiceCode, b.CustomerNo, b.InquiryID))
	return exitOK
}

// billPay is `till bill pay`: the bill is checked again (for the customer's
// name and the amount the journal records), then paid with --inquiry (or
// the fresh check's inquiry id) and followed until Flowix settles it.
func (c *cli) billPay(args []string) int {
	fs := c.flags("bill pay")
	service := fs.String("service", "", "Flowix bill service `code`")
	customer := fs.String("customer", "", "the customer `number` on the bill")
	inquiry := fs.String("inquiry", "", "the inquiry `id` from `till bill check` (default: a fresh check's)")
	amount := fs.String("amount", "", "refuse unless the bill plus admin fee is exactly this many rupiah")
	wait, asJSON := flowixReportFlags(fs)
	if !c.parse(fs, args, 0) {
		return exitUsage
	}
	if *service == "" || *customer == "" || *wait < 0 {
		c.tell(c.t("cli.bill.pay_required"))
		return exitUsage
	}
	var want sale.Money
	if *amount != "" {
		m, err := sale.ParseMoney(*amount, sale.IDR)
		if err != nil {
			c.tell(c.t("cli.bill.amount", c.amountWhy(err)))
			return exitUsage
		}
		want = m
	}
	t, code := c.openFlowix("bill pay")
	if t == nil {
		return code
	}
	defer t.Close()
	ctx, stop := signalContext()
	defer stop()
	b, code := c.checkBill(ctx, t, *service, *customer)
	if code != exitOK {
		return code
	}
	if want.Minor > 0 && want != b.Total() {
		c.tell(c.t("cli.bill.mismatch", b.Total(), b.BillAmount, b.AdminFee, want))
		return exitUsage
	}
	inq := b.InquiryID
	if *inquiry != "" {
		inq = *inquiry
	}
	c.tell(c.t("cli.bill.paying", b.Total(), b.CustomerName, b.CustomerNo, b.Period, inq))
	name := b.ServiceCode
	if cat, err := t.Engine.Catalogue(ctx, flowix.ProviderName, false); err == nil {
		for _, p := range cat.Products {
			if p.Code == b.ServiceCode {
				name = p.Name
			}
		}
	}
	s, err := t.Engine.Sell(ctx, sale.Order{
		Provider: flowix.ProviderName, Kind: sale.KindBill, Product: b.ServiceCode, ProductName: name,
		Target: sale.Target{Kind: sale.TargetAccount, Value: b.CustomerNo}, Amount: b.Total(),
		Tender: sale.Tender{Kind: sale.TenderCash}, Cashier: t.Cashier,
		Params: map[string]string{
			flowix.ParamInquiryID: inq, sale.FlowixParamCustomerName: b.CustomerName, sale.FlowixParamPeriod: b.Period,
			sale.FlowixParamBillAmount: b.BillAmount.Plain(), sale.FlowixParamAdminFee: b.AdminFee.Plain(),
		},
	})
	if err != nil && s.Ref == "" {
		return c.fail(err)
	}
	return c.report(t, c.follow(ctx, t, s, *wait), *asJSON)
}

// payout is `till payout`: the account is looked up first and its holder's
// name printed (and compared with --name, refusing a mismatch), then the
// money is sent and followed until Flowix settles it. A payout is never
// resent: an unclear answer is only queried.
func (c *cli) payout(args []string) int {
	fs := c.flags("payout")
	bank := fs.String("bank", "", "bank or e-wallet `code` (BCA, BNI, BRI, MANDIRI, DANA, OVO, GOPAY, …)")
	account := fs.String("account", "", "the account or e-wallet `number`")
	amount := fs.String("amount", "", "amount to send in rupiah (at least 10000)")
	name := fs.String("name", "", "the account holder's name as the customer gives it; refused if the bank's differs")
	wait, asJSON := flowixReportFlags(fs)
	if !c.parse(fs, args, 0) {
		return exitUsage
	}
	if *bank == "" || *account == "" || *amount == "" || *wait < 0 {
		c.tell(c.t("cli.payout.required"))
		return exitUsage
	}
	money, err := sale.ParseMoney(*amount, sale.IDR)
	if err != nil {
		c.tell(c.t("cli.payout.amount", c.amountWhy(err)))
		return exitUsage
	}
	if money.Minor < flowix.MinPayout.Minor {
		c.tell(c.t("cli.payout.min", flowix.MinPayout))
		return exitUsage
	}
	if !digitsOnlyCLI(*account) {
		c.tell(c.t("cli.payout.account_digits"))
		return exitUsage
	}
	t, code := c.openFlowix("payout")
	if t == nil {
		return code
	}
	defer t.Close()
	ctx, stop := signalContext()
	defer stop()
	api := t.FlowixAPI()
	bankCode := strings.ToUpper(*bank)
	bankName := bankCode
	if banks, err := api.Banks(ctx); err == nil {
		found := false
		for _, b := range banks {
			if b.Code == bankCode {
				bankName, found = b.Name, true
			}
		}
		if !found {
			c.tell(c.t("cli.payout.no_bank", *bank))
			return exitUsage
		}
	}
	payee, err := api.AccountInquiry(ctx, bankCode, *account)
	if err != nil {
		c.errorf("payout: %s", c.said(err))
		return exitDeclined
	}
	c.tell(c.t("cli.payout.holder", payee.AccountName, bankCode, payee.AccountNumber))
	if *name != "" && !sameName(*name, payee.AccountName) {
		c.tell(c.t("cli.payout.name_differs", payee.AccountName, *name))
		return exitUsage
	}
	s, err := t.Engine.Sell(ctx, sale.Order{
		Provider: flowix.ProviderName, Kind: sale.KindPayout, Product: bankCode, ProductName: bankName,
		Target: sale.Target{Kind: sale.TargetAccount, Value: payee.AccountNumber}, Amount: money,
		Tender: sale.Tender{Kind: sale.TenderCash}, Cashier: t.Cashier,
		Params: map[string]string{flowix.ParamBankCode: bankCode, flowix.ParamAccountName: payee.AccountName,
			sale.FlowixParamBankName: bankName},
	})
	if err != nil && s.Ref == "" {
		return c.fail(err)
	}
	return c.report(t, c.follow(ctx, t, s, *wait), *asJSON)
}

// sameName compares account holder names as people write them: case,
// spacing and punctuation aside.
func sameName(a, b string) bool {
	norm := func(s string) string {
		return strings.Join(strings.FieldsFunc(strings.ToUpper(s), func(r rune) bool {
			return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r > 127)
		}), " ")
	}
	return norm(a) != "" && norm(a) == norm(b)
}
