package screens

import (
	"till/sale"
	"till/screens/auth"
	"till/screens/kit"
)

// The shared base of the screens lives in package kit (the environment,
// the dependencies, the component interfaces, the screen ids, the provider
// services and the language helpers); these names keep the screens' and
// the wiring's code as it was.

type (
	BusinessDayMsg      = kit.BusinessDayMsg
	OverrideRequestMsg  = kit.OverrideRequestMsg
	OverrideMsg         = kit.OverrideMsg
	CatalogueMsg        = kit.CatalogueMsg
	SoldMsg             = kit.SoldMsg
	SettledMsg          = kit.SettledMsg
	JournalMsg          = kit.JournalMsg
	SaleMsg             = kit.SaleMsg
	PrintedMsg          = kit.PrintedMsg
	ReprintedMsg        = kit.ReprintedMsg
	NavigateMsg         = kit.NavigateMsg
	BackMsg             = kit.BackMsg
	HomeMsg             = kit.HomeMsg
	QuitRequestMsg      = kit.QuitRequestMsg
	ErrorMsg            = kit.ErrorMsg
	StatusMsg           = kit.StatusMsg
	ClockMsg            = kit.ClockMsg
	SaleUpdateMsg       = kit.SaleUpdateMsg
	UnresolvedMsg       = kit.UnresolvedMsg
	env                 = kit.Env
	Deps                = kit.Deps
	PayDeps             = kit.PayDeps
	Component           = kit.Component
	Screen              = kit.Screen
	FlashAPI            = kit.FlashAPI
	FlowixAccount       = kit.FlowixAccount
	FlowixDepositMethod = kit.FlowixDepositMethod
	FlowixBill          = kit.FlowixBill
	FlowixBank          = kit.FlowixBank
	FlowixPayee         = kit.FlowixPayee
	FlowixQRIS          = kit.FlowixQRIS
	FlowixAPI           = kit.FlowixAPI
	ScreenID            = kit.ScreenID
	WaterAPI            = kit.WaterAPI
	WaterLookupBy       = kit.WaterLookupBy
	WaterKey            = kit.WaterKey
	WaterCustomer       = kit.WaterCustomer
	WaterDevice         = kit.WaterDevice
)

const (
	// The providers and the screen ids.
	flashProvider, oneflowProvider, flowixProvider                = kit.FlashProvider, kit.OneFlowProvider, kit.FlowixProvider
	screenCount, ScreenHome, ScreenAirtime                        = kit.ScreenCount, kit.ScreenHome, kit.ScreenAirtime
	ScreenUnresolved, ScreenJournal, ScreenSale                   = kit.ScreenUnresolved, kit.ScreenJournal, kit.ScreenSale
	ScreenWater, ScreenSupervise, ScreenElectricity               = kit.ScreenWater, kit.ScreenSupervise, kit.ScreenElectricity
	ScreenVoucherMenu, ScreenVoucherBuy, ScreenVoucherRedeem      = kit.ScreenVoucherMenu, kit.ScreenVoucherBuy, kit.ScreenVoucherRedeem
	ScreenVoucherRefund, ScreenVoucherDisburse, ScreenGiftVoucher = kit.ScreenVoucherRefund, kit.ScreenVoucherDisburse, kit.ScreenGiftVoucher
	ScreenEezi, ScreenCashOutMenu, ScreenCashOutBuy               = kit.ScreenEezi, kit.ScreenCashOutMenu, kit.ScreenCashOutBuy
	ScreenCashOutLookup, ScreenCashOutCancel, ScreenPulsa         = kit.ScreenCashOutLookup, kit.ScreenCashOutCancel, kit.ScreenPulsa
	ScreenBill, ScreenDeposit, ScreenPayout                       = kit.ScreenBill, kit.ScreenDeposit, kit.ScreenPayout
	ScreenEndOfDay, ScreenDoctor, ScreenPayments                  = kit.ScreenEndOfDay, kit.ScreenDoctor, kit.ScreenPayments
	ScreenSignOut                                                 = kit.ScreenSignOut

	// The tenders' params and secrets (kit/deps.go).
	CardParamEmail, CardParamFullName, CardSecretToken   = sale.CardParamEmail, sale.CardParamFullName, sale.CardSecretToken
	MpesaParamReceipt, MpesaParamPhone, VoucherSecretPIN = sale.MpesaParamReceipt, sale.MpesaParamPhone, sale.FlashSecretPIN
	CardApprovalLabel, VoucherPINDigits                  = sale.CardApprovalLabel, kit.VoucherPINDigits

	// The Flash client's params and labels (kit/flash.go).
	FlashParamFBE, FlashParamMobile, FlashParamFull      = sale.FlashParamFBE, sale.FlashParamMobile, sale.FlashParamFull
	FlashParamOriginal, FlashParamSerial, FlashSecretPIN = sale.FlashParamOriginal, sale.FlashParamSerial, sale.FlashSecretPIN
	FlashLabelSerial, FlashLabelSMS, FlashLabelSentSMS   = sale.FlashLabelSerial, sale.FlashLabelSMS, sale.FlashLabelSentSMS

	// The Flowix client's item labels and params (kit/flowix.go).
	FlowixItemQRIS, FlowixItemExpires, FlowixItemToken                  = sale.FlowixItemQRIS, sale.FlowixItemExpires, sale.FlowixItemToken
	FlowixItemSN, FlowixItemVANumber, FlowixItemBank                    = sale.FlowixItemSN, sale.FlowixItemVANumber, sale.FlowixItemBank
	FlowixItemAccount, FlowixItemPayURL, FlowixItemFee                  = sale.FlowixItemAccountName, sale.FlowixItemPayURL, sale.FlowixItemFee
	FlowixItemTotal, FlowixItemAmount, FlowixItemReceived               = sale.FlowixItemTotal, sale.FlowixItemAmount, sale.FlowixItemReceived
	FlowixItemDeposit, FlowixParamInquiryID, FlowixParamBankCode        = sale.FlowixItemDeposit, sale.FlowixParamInquiryID, sale.FlowixParamBankCode
	FlowixParamAccountName, FlowixParamMethod, FlowixParamFeeByCustomer = sale.FlowixParamAccountName, sale.FlowixParamMethod, sale.FlowixParamFeeByCustomer
	FlowixParamCustomerName, FlowixParamPeriod, FlowixParamBillAmount   = sale.FlowixParamCustomerName, sale.FlowixParamPeriod, sale.FlowixParamBillAmount
	FlowixParamAdminFee, FlowixParamBankName                            = sale.FlowixParamAdminFee, sale.FlowixParamBankName

	// The water lookup keys (kit/water.go).
	WaterByPhone, WaterByDevice, WaterByCard = kit.WaterByPhone, kit.WaterByDevice, kit.WaterByCard
)

var FlowixMinPayout = sale.FlowixMinPayout

// SignOutMsg signs the cashier out; SignOutCmd returns it (auth/signin.go).
type SignOutMsg = auth.SignOutMsg

type fxResentMsg = kit.FlowixResentMsg

// The navigation, status and override commands (kit/nav.go,
// kit/override.go).
var (
	NavigateCmd        = kit.NavigateCmd
	BackCmd            = kit.BackCmd
	HomeCmd            = kit.HomeCmd
	QuitRequestCmd     = kit.QuitRequestCmd
	ErrorCmd           = kit.ErrorCmd
	StatusCmd          = kit.StatusCmd
	StatusKeyCmd       = kit.StatusKeyCmd
	RequestOverrideCmd = kit.RequestOverrideCmd
)

// SignOutCmd returns SignOutMsg (auth/signin.go).
var SignOutCmd = auth.SignOutCmd

// Supervisable reports whether a supervisor may settle s by hand
// (kit/sale_text.go).
var Supervisable = kit.Supervisable

// How a sale reads (kit/sale_text.go, kit/flowix.go).
var (
	plural                  = kit.PluralEN
	firstSend, checkingNote = kit.FirstSend, kit.CheckingNote
	fxWebhookRef            = kit.FlowixWebhookRef
)

// Limits on what a supervisor types, in characters (kit/sale_text.go).
const MaxSupervisorNote, MaxSupervisorID = kit.MaxSupervisorNote, kit.MaxSupervisorID
