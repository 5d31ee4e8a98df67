package sale

// The keys of Order.Params and Order.Secrets and the item labels that more
// than one package reads: the provider client that writes or sends them,
// and the screens and slips that show them. One set, here in the domain, so
// the screens need not import a provider and nothing is mirrored: each
// client names its keys after these (providers/<name>), the screens through
// screens/kit.

// The providers' names (Provider.Name, Order.Provider, the config's
// tables).
const (
	ProviderFlash       = "flash"       // airtime, electricity, vouchers, cash-out PINs
	ProviderOneFlow     = "oneflow"     // water
	ProviderFlowix      = "flowix"      // pulsa, bills, payouts, deposits, QRIS
	ProviderFlutterwave = "flutterwave" // saved cards
	ProviderMpesaFlow   = "mpesaflow"   // M-Pesa payments
)

// Flash (providers/flash).
const (
	FlashParamFBE       = "isFBE"          // the meter gets free basic electricity
	FlashParamMobile    = "mobile"         // send the voucher by SMS to this number
	FlashParamFull      = "full"           // redeem the whole 1Voucher
	FlashParamOriginal  = "original"       // the cash-out sale a cancel cancels
	FlashParamSerial    = "serial"         // the cash-out PIN's serial
	FlashSecretPIN      = "pin"            // a 1Voucher PIN (never shown in full)
	FlashLabelSerial    = "Serial"         // a voucher's or PIN's serial number
	FlashLabelSMS       = "Change voucher" // "R 70.00 sent by SMS to 278*****567"
	FlashLabelSentSMS   = "Sent by SMS to"
	FlashDetailUnmapped = "unmapped" // Product.Details of a product whose type is not mapped
)

// Flowix (providers/flowix): the labels of the items it returns…
const (
	FlowixItemSN          = "SN"
	FlowixItemToken       = "Token"
	FlowixItemTokenInfo   = "Token info"
	FlowixItemQRIS        = "qris" // a deposit's QR payload, EMVCo-checked
	FlowixItemMerchant    = "QRIS merchant"
	FlowixItemAmount      = "Amount"
	FlowixItemFee         = "Fee"
	FlowixItemTotal       = "Total to pay"
	FlowixItemReceived    = "Received"
	FlowixItemExpires     = "Expires"
	FlowixItemPaidAt      = "Paid at"
	FlowixItemVANumber    = "VA number"
	FlowixItemBank        = "Bank"
	FlowixItemAccountName = "Account name"
	FlowixItemPayURL      = "Pay URL"
	FlowixItemDeposit     = "Deposit ref"
	FlowixItemDeducted    = "Total deducted"
)

// … and the Params of its sales: the first five are sent, the rest kept for
// the slip and the screens.
const (
	FlowixParamInquiryID     = "inquiry_id"
	FlowixParamBankCode      = "bank_code"
	FlowixParamAccountName   = "account_name"
	FlowixParamMethod        = "method"
	FlowixParamFeeByCustomer = "fee_by_customer"

	FlowixParamCustomerName = "customer_name"
	FlowixParamPeriod       = "period"
	FlowixParamBillAmount   = "bill_amount"
	FlowixParamAdminFee     = "admin_fee"
	FlowixParamBankName     = "bank_name"
)

// FlowixMinPayout is the least a Flowix payout may be (its document: Min.
// 10.000).
var FlowixMinPayout = New(10000, IDR)

// Card tenders (providers/flutterwave) and M-Pesa tenders
// (providers/mpesaflow).
const (
	CardParamEmail    = "email"
	CardParamFullName = "full_name"
	CardSecretToken   = "token"
	CardApprovalLabel = "Approve on phone" // the 3-D Secure approval link's item
	MpesaParamReceipt = "receipt"
	MpesaParamPhone   = "phone"
)
