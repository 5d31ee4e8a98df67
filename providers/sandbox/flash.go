package sandbox

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"maps"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// flashSim simulates the Flash Partner API v4 under FlashPrefix.
type flashSim struct {
	srv *Server
	mux *http.ServeMux
	num flashNumbers // its productType and responseCode numbers (flash_tables.go)

	mu       sync.Mutex
	tokens   map[string]time.Time // access token → expiry
	records  map[string]*flashRecord
	once401  map[string]bool // references whose 401-once fault has fired
	seen     map[string]int  // money requests per reference (not persisted)
	nextTxn  int64
	txnFirst int64

	vouchers   map[string]*flashVoucher // 1Vouchers by PIN
	cashOuts   map[string]*flashCashOut // cash-out PINs by serial number
	arrears    map[string]int64         // meter → what its customer still owes, once a purchase recovered some
	fbeClaimed map[string]string        // meter → the month ("2006-01") its free basic electricity was issued
}

// flashRecord is the stored answer to a reference: returned byte-for-byte
// to every later request with the same reference and the same content.
type flashRecord struct {
	Fingerprint string    `json:"fingerprint"`
	Status      int       `json:"status"`
	Body        []byte    `json:"body"`
	Applied     int       `json:"applied"`
	At          time.Time `json:"at"`
}

// flashState is what is persisted.
type flashState struct {
	NextTransactionID int64                    `json:"nextTransactionId"`
	Records           map[string]*flashRecord  `json:"records"`
	Once401           map[string]bool          `json:"once401,omitempty"`
	Vouchers          map[string]*flashVoucher `json:"vouchers,omitempty"`
	CashOuts          map[string]*flashCashOut `json:"cashOuts,omitempty"`
	Arrears           map[string]int64         `json:"arrears,omitempty"`
	FBEClaimed        map[string]string        `json:"fbeClaimed,omitempty"`
}

const flashFirstTxn = 700000001

func newFlashSim(s *Server, num flashNumbers) *flashSim {
	f := &flashSim{srv: s, mux: http.NewServeMux(), txnFirst: flashFirstTxn, num: num}
	f.clear()
	f.mux.HandleFunc("POST /v4/token", f.handleToken)
	f.mux.HandleFunc("GET /aggregation/4.0/accounts/{account}/products", f.authed(f.handleProducts))
	f.mux.HandleFunc("GET /aggregation/4.0/accounts/{account}/products/{code}", f.authed(f.handleProduct))
	f.mux.HandleFunc("POST /aggregation/4.0/cellular/pinless/purchase", f.money(f.validatePinless))
	f.mux.HandleFunc("POST /aggregation/4.0/1voucher/purchase", f.money(f.validate1Voucher("purchase")))
	f.mux.HandleFunc("POST /aggregation/4.0/1voucher/disburse", f.money(f.validate1Voucher("disburse")))
	f.mux.HandleFunc("POST /aggregation/4.0/1voucher/refund", f.money(f.validate1Voucher("refund")))
	f.mux.HandleFunc("POST /aggregation/4.0/1voucher/redeem", f.money(f.validateRedeem))
	f.mux.HandleFunc("POST /aggregation/4.0/gift-vouchers/purchase", f.money(f.validateProductVoucher(ftGiftVoucher)))
	f.mux.HandleFunc("POST /aggregation/4.0/eezi-voucher/purchase", f.money(f.validateProductVoucher(ftEezi)))
	f.mux.HandleFunc("POST /aggregation/4.0/cash-out-pin/purchase", f.money(f.validateProductVoucher(ftCashOut)))
	f.mux.HandleFunc("POST /aggregation/4.0/cash-out-pin/cancel", f.money(f.validateCancel))
	f.mux.HandleFunc("POST /aggregation/4.0/cash-out-pin/lookup", f.lookupHandler(f.answerCashOutLookup))
	f.mux.HandleFunc("POST /aggregation/4.0/prepaid-utilities/lookup", f.lookupHandler(f.answerMeterLookup))
	f.mux.HandleFunc("POST /aggregation/4.0/prepaid-utilities/purchase", f.money(f.validateElectricity))
	f.mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusNotFound, wso2Fault(404, "No matching resource found for given API Request"))
	})
	return f
}

func (f *flashSim) name() string          { return "flash" }
func (f *flashSim) prefix() string        { return FlashPrefix }
func (f *flashSim) handler() http.Handler { return f.mux }

// clear empties the state; the caller holds f.mu or owns f.
func (f *flashSim) clear() {
	f.tokens = map[string]time.Time{}
	f.records = map[string]*flashRecord{}
	f.once401 = map[string]bool{}
	f.seen = map[string]int{}
	f.nextTxn = f.txnFirst
	f.vouchers = demoVouchers()
	f.cashOuts = demoCashOuts()
	f.arrears = map[string]int64{}
	f.fbeClaimed = map[string]string{}
}

func (f *flashSim) applied(ref string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r := f.records[ref]; r != nil {
		return r.Applied
	}
	return 0
}

func (f *flashSim) requests(ref string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.seen[ref]
}

func (f *flashSim) reset() error { return resetState(&f.mu, f.clear, f.persist) }

func (f *flashSim) revokeTokens() {
	f.mu.Lock()
	f.tokens = map[string]time.Time{}
	f.mu.Unlock()
}

func (f *flashSim) restore(raw json.RawMessage) error {
	return restoreState(raw, &f.mu, f.clear, func(st *flashState) {
		keep(&f.records, st.Records)
		keep(&f.once401, st.Once401)
		f.nextTxn = max(f.nextTxn, st.NextTransactionID)
		maps.Copy(f.vouchers, st.Vouchers)
		maps.Copy(f.cashOuts, st.CashOuts)
		maps.Copy(f.arrears, st.Arrears)
		maps.Copy(f.fbeClaimed, st.FBEClaimed)
	})
}

// persist saves the state; the caller holds f.mu.
func (f *flashSim) persist() error {
	b, err := json.Marshal(flashState{NextTransactionID: f.nextTxn, Records: f.records, Once401: f.once401,
		Vouchers: f.vouchers, CashOuts: f.cashOuts, Arrears: f.arrears, FBEClaimed: f.fbeClaimed})
	if err != nil {
		return err
	}
	return f.srv.save(f.name(), b)
}

// handleToken is §1.1.1: Basic <api key>, grant_type=client_credentials.
func (f *flashSim) handleToken(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Basic "+FlashAPIKey {
		writeJSON(w, http.StatusUnauthorized, map[string]string{
			"error": "invalid_client", "error_description": "Client Authentication failed.",
		})
		return
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/x-www-form-urlencoded" {
		writeJSON(w, http.StatusBadRequest, map[string]string{
			"error": "invalid_request", "error_description": "Content-Type must be application/x-www-form-urlencoded",
		})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4096)
	if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "client_credentials" {
		writeJSON(w, http.StatusBadRequest, map[string]string{
			"error": "unsupported_grant_type", "error_description": "grant_type must be client_credentials",
		})
		return
	}
	tok := newToken()
	ttl := f.srv.opts.TokenTTL
	now := f.srv.now()
	f.mu.Lock()
	for t, exp := range f.tokens {
		if !now.Before(exp) {
			delete(f.tokens, t)
		}
	}
	f.tokens[tok] = now.Add(ttl)
	f.mu.Unlock()
	secs := int64(ttl / time.Second)
	if secs < 1 {
		secs = 1
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": tok, "scope": "am_application_scope default", "token_type": "Bearer", "expires_in": secs,
	})
}

// newToken returns a random UUID-shaped token, like Flash's.
func newToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// bearerOK reports whether r carries a live token.
func (f *flashSim) bearerOK(r *http.Request) bool {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || tok == "" {
		return false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	exp, ok := f.tokens[tok]
	return ok && f.srv.now().Before(exp)
}

func (f *flashSim) authed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !f.bearerOK(r) {
			writeUnauthorized(w)
			return
		}
		h(w, r)
	}
}

// writeUnauthorized answers like Flash's WSO2 gateway does.
func writeUnauthorized(w http.ResponseWriter) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="sandbox"`)
	writeJSON(w, http.StatusUnauthorized, wso2Fault(900901,
		"Invalid Credentials. Make sure you have provided the correct security credentials"))
}

func wso2Fault(code int, description string) map[string]any {
	return map[string]any{"fault": map[string]any{"code": code, "message": http.StatusText(statusOf(code)), "description": description}}
}

func statusOf(code int) int {
	if code == 900901 {
		return http.StatusUnauthorized
	}
	if code >= 100 && code < 600 {
		return code
	}
	return http.StatusInternalServerError
}

// flashListItem is §3.1.1.
type flashListItem struct {
	ProductCode   int64  `json:"productCode"`
	ProductName   string `json:"productName"`
	MinimumAmount int64  `json:"minimumAmount"`
	MaximumAmount int64  `json:"maximumAmount"`
	Status        string `json:"status"`
}

func (f *flashSim) handleProducts(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("account") != FlashAccount {
		writeJSON(w, http.StatusNotFound, wso2Fault(404, "Account not found"))
		return
	}
	list := make([]flashListItem, 0, len(flashCatalogue))
	for _, p := range flashCatalogue {
		status := "Inactive"
		if p.Active {
			status = "Active"
		}
		list = append(list, flashListItem{p.Code, p.Name, p.Min, p.Max, status})
	}
	writeJSON(w, http.StatusOK, list)
}

func (f *flashSim) handleProduct(w http.ResponseWriter, r *http.Request) {
	code, err := strconv.ParseInt(r.PathValue("code"), 10, 64)
	p, ok := flashProductByCode(code)
	if r.PathValue("account") != FlashAccount || err != nil || !ok {
		writeJSON(w, http.StatusNotFound, wso2Fault(404, "Product not found"))
		return
	}
	status := 0
	if p.Active {
		status = 1
	}
	created := time.Date(2023, 3, 15, 9, 7, 2, 0, time.UTC)
	writeJSON(w, http.StatusOK, map[string]any{
		"id": p.Code, "productCode": p.Code, "productName": p.Name,
		"minimumAmount": p.Min, "maximumAmount": p.Max, "status": status,
		"supplierName": p.Supplier, "supplierCode": p.Code / 1000, "vendorName": p.Vendor, "vendorCode": p.Code,
		"productType": f.num.typeNumber(p.Type), "productUPC": p.UPC,
		"redemptionInstructions": p.Redeem, "termsAndConditions": p.Terms,
		"productParameters": map[string]string{"callCentre": p.CallCentre},
		"created":           created.Format(time.RFC3339), "updated": created.Format(time.RFC3339),
	})
}
