package sandbox

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"
)

// The Flowix simulator's own values, written apart from the till's client
// (providers/flowix) so the two can disagree; where the document
// (shared/api/flowix-api-v1.txt) gives a value it is the document's.

// flowixCode is the envelope "code" of an answer with "success": false.
// assumed: the document shows only 200; the simulator mirrors the HTTP
// status, as the client's defaults do.
type flowixCode int

const (
	fxBadRequest          flowixCode = 400
	fxUnauthorized        flowixCode = 401
	fxInsufficientBalance flowixCode = 402
	fxNotFound            flowixCode = 404
	fxDuplicate           flowixCode = 409
	fxExpired             flowixCode = 410
	fxInvalid             flowixCode = 422
	fxProductClosed       flowixCode = 423
	fxServerError         flowixCode = 500
	fxMaintenance         flowixCode = 503
)

// Documented names and words.
const (
	flowixName             = "flowix"
	flowixHeaderAPIKey     = "api_key"            // documented: request headers
	flowixHeaderMerchantID = "merchant_id"        // documented: request headers
	flowixHeaderSignature  = "X-Flowix-Signature" // documented: webhook headers
	flowixHeaderEvent      = "X-Flowix-Event"     // documented: webhook headers
	flowixHeaderMerchant   = "X-Flowix-Merchant"  // documented: webhook headers
	flowixPrepaid          = "prabayar"           // documented: GET /services type
	flowixPostpaid         = "pascabayar"         // documented: GET /services type
	flowixEventTransaction = "transaction.status" // documented: webhook events
	flowixEventDeposit     = "deposit.status"     // documented: webhook events
	flowixEventPayout      = "payout.status"      // assumed: the document names only the first two
)

// wib is Western Indonesian Time, the zone of Flowix's timestamps.
var wib = time.FixedZone("WIB", 7*60*60)

// flowixSignature is the webhook signature: the HMAC-SHA256 hex digest of
// the body with the webhook secret (documented: webhook security).
func flowixSignature(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// qrisChecksum is the CRC field of a QRIS payload ending in "6304":
// CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) as 4 upper-case hex
// digits, computed bit by bit here (the client uses a table).
func qrisChecksum(s string) string {
	crc := uint16(0xFFFF)
	for i := 0; i < len(s); i++ {
		crc ^= uint16(s[i]) << 8
		for range 8 {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return fmt.Sprintf("%04X", crc)
}
