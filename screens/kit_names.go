package screens

import "till/screens/kit"

// The shared base of the screens lives in package kit (the environment,
// the dependencies, the component interfaces, the screen ids, the provider
// services and the language helpers); these names keep the screens' and
// the wiring's code as it was.

type (
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
	FlashServices       = kit.FlashServices
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
	flashProvider   = kit.FlashProvider
	oneflowProvider = kit.OneFlowProvider
	flowixProvider  = kit.FlowixProvider
	screenCount     = kit.ScreenCount

	CardParamEmail           = kit.CardParamEmail
	CardParamFullName        = kit.CardParamFullName
	CardSecretToken          = kit.CardSecretToken
	MpesaParamReceipt        = kit.MpesaParamReceipt
	MpesaParamPhone          = kit.MpesaParamPhone
	VoucherSecretPIN         = kit.VoucherSecretPIN
	CardApprovalLabel        = kit.CardApprovalLabel
	VoucherPINDigits         = kit.VoucherPINDigits
	FlashParamFBE            = kit.FlashParamFBE
	FlashParamMobile         = kit.FlashParamMobile
	FlashParamFull           = kit.FlashParamFull
	FlashParamOriginal       = kit.FlashParamOriginal
	FlashParamSerial         = kit.FlashParamSerial
	FlashSecretPIN           = kit.FlashSecretPIN
	FlashLabelSerial         = kit.FlashLabelSerial
	FlashLabelSMS            = kit.FlashLabelSMS
	FlashLabelSentSMS        = kit.FlashLabelSentSMS
	FlashDetailUnmapped      = kit.FlashDetailUnmapped
	FlowixItemQRIS           = kit.FlowixItemQRIS
	FlowixItemExpires        = kit.FlowixItemExpires
	FlowixItemToken          = kit.FlowixItemToken
	FlowixItemSN             = kit.FlowixItemSN
	FlowixItemVANumber       = kit.FlowixItemVANumber
	FlowixItemBank           = kit.FlowixItemBank
	FlowixItemAccount        = kit.FlowixItemAccount
	FlowixItemPayURL         = kit.FlowixItemPayURL
	FlowixItemFee            = kit.FlowixItemFee
	FlowixItemTotal          = kit.FlowixItemTotal
	FlowixItemAmount         = kit.FlowixItemAmount
	FlowixItemReceived       = kit.FlowixItemReceived
	FlowixItemDeposit        = kit.FlowixItemDeposit
	FlowixParamInquiryID     = kit.FlowixParamInquiryID
	FlowixParamBankCode      = kit.FlowixParamBankCode
	FlowixParamAccountName   = kit.FlowixParamAccountName
	FlowixParamMethod        = kit.FlowixParamMethod
	FlowixParamFeeByCustomer = kit.FlowixParamFeeByCustomer
	FlowixParamCustomerName  = kit.FlowixParamCustomerName
	FlowixParamPeriod        = kit.FlowixParamPeriod
	FlowixParamBillAmount    = kit.FlowixParamBillAmount
	FlowixParamAdminFee      = kit.FlowixParamAdminFee
	FlowixParamBankName      = kit.FlowixParamBankName
	ScreenHome               = kit.ScreenHome
	ScreenAirtime            = kit.ScreenAirtime
	ScreenUnresolved         = kit.ScreenUnresolved
	ScreenJournal            = kit.ScreenJournal
	ScreenSale               = kit.ScreenSale
	ScreenWater              = kit.ScreenWater
	ScreenSupervise          = kit.ScreenSupervise
	ScreenElectricity        = kit.ScreenElectricity
	ScreenVoucherMenu        = kit.ScreenVoucherMenu
	ScreenVoucherBuy         = kit.ScreenVoucherBuy
	ScreenVoucherRedeem      = kit.ScreenVoucherRedeem
	ScreenVoucherRefund      = kit.ScreenVoucherRefund
	ScreenVoucherDisburse    = kit.ScreenVoucherDisburse
	ScreenGiftVoucher        = kit.ScreenGiftVoucher
	ScreenEezi               = kit.ScreenEezi
	ScreenCashOutMenu        = kit.ScreenCashOutMenu
	ScreenCashOutBuy         = kit.ScreenCashOutBuy
	ScreenCashOutLookup      = kit.ScreenCashOutLookup
	ScreenCashOutCancel      = kit.ScreenCashOutCancel
	ScreenPulsa              = kit.ScreenPulsa
	ScreenBill               = kit.ScreenBill
	ScreenDeposit            = kit.ScreenDeposit
	ScreenPayout             = kit.ScreenPayout
	ScreenEndOfDay           = kit.ScreenEndOfDay
	ScreenDoctor             = kit.ScreenDoctor
	ScreenPayments           = kit.ScreenPayments
	ScreenSignOut            = kit.ScreenSignOut
	WaterByPhone             = kit.WaterByPhone
	WaterByDevice            = kit.WaterByDevice
	WaterByCard              = kit.WaterByCard
)

var FlowixMinPayout = kit.FlowixMinPayout

// stateName is a state as the lists show it, in English.
var stateName = kit.StateName

// The navigation and status commands (kit/nav.go).
var (
	NavigateCmd    = kit.NavigateCmd
	BackCmd        = kit.BackCmd
	HomeCmd        = kit.HomeCmd
	QuitRequestCmd = kit.QuitRequestCmd
	ErrorCmd       = kit.ErrorCmd
	StatusCmd      = kit.StatusCmd
)

// plural returns "1 sale" or "3 sales", in English.
var plural = kit.PluralEN
