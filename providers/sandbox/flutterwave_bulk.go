package sandbox

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"till/sale"
)

// fwBulk is one bulk tokenized charge. Its items are charged one after
// another, BulkStep apart, when the simulator next looks (advance).
type fwBulk struct {
	ID        int              `json:"id"`
	Title     string           `json:"title"`
	CreatedAt time.Time        `json:"createdAt"`
	Items     []fwBulkItem     `json:"items"`
	Retry     *json.RawMessage `json:"retry,omitempty"`
}

type fwBulkItem struct {
	Request fwChargeRequest `json:"request"`
	Amount  int64           `json:"amount"`
	Due     time.Time       `json:"due"`
	Done    bool            `json:"done"`
}

// bulkHas reports whether a bulk item not yet processed holds txRef; the
// caller holds f.mu.
func (f *FlutterwaveSim) bulkHas(txRef string) bool {
	for _, b := range f.bulks {
		for _, it := range b.Items {
			if !it.Done && it.Request.TxRef == txRef {
				return true
			}
		}
	}
	return false
}

// advance charges every bulk item that is due; the caller holds f.mu. A
// saved card with no customer present cannot pass 3-D Secure, so the 3DS
// card fails in a bulk.
func (f *FlutterwaveSim) advance() {
	now := f.opt.Now()
	changed := false
	for _, id := range f.bulkIDs() {
		b := f.bulks[id]
		for i := range b.Items {
			it := &b.Items[i]
			if it.Done || now.Before(it.Due) {
				continue
			}
			it.Done, changed = true, true
			if f.charges[it.Request.TxRef] != nil {
				continue // refused as a duplicate when the bulk was accepted; never charged twice
			}
			card, _ := fwCard(it.Request.Token)
			c := f.newCharge(it.Request, sale.New(it.Amount, sale.Currency(it.Request.Currency)), card)
			c.Token, c.BulkID = it.Request.Token, b.ID
			switch it.Request.Token {
			case FlutterwaveTokenOK:
			case FlutterwaveTokenDeclined:
				c.Status, c.Processor = "failed", "Insufficient Funds"
			case FlutterwaveToken3DS:
				c.Status, c.Processor = "failed", "Authentication required"
			case FlutterwaveTokenExpired:
				c.Status, c.Processor = "failed", "Expired card"
			default:
				c.Status, c.Processor = "failed", "Token not found"
			}
			f.charges[c.TxRef] = c
			f.made[c.TxRef]++
		}
	}
	if changed {
		_ = f.persist() // a failed save is retried with the next change
	}
}

func (f *FlutterwaveSim) bulkIDs() []int {
	ids := make([]int, 0, len(f.bulks))
	for id := range f.bulks {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	return ids
}

// handleBulk is POST /bulk-tokenized-charges. Every item is validated
// first; a tx_ref already charged, already in a bulk or twice in this one
// refuses the whole bulk, so nothing is ever charged twice.
func (f *FlutterwaveSim) handleBulk(w http.ResponseWriter, r *http.Request) {
	var q struct {
		Title string            `json:"title"`
		Retry *json.RawMessage  `json:"retry_strategy"`
		Data  []fwChargeRequest `json:"bulk_data"`
	}
	if !fwDecode(w, r, &q) {
		return
	}
	if q.Title == "" || len(q.Data) == 0 {
		fwError(w, http.StatusBadRequest, "title and bulk_data are required")
		return
	}
	items := make([]fwBulkItem, 0, len(q.Data))
	inBulk := map[string]bool{}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.advance()
	now := f.opt.Now()
	for i, d := range q.Data {
		if d.Country == "" {
			d.Country = "NG"
		}
		a, msg := d.validate()
		if msg != "" {
			fwError(w, http.StatusBadRequest, "bulk_data["+strconv.Itoa(i)+"]: "+msg)
			return
		}
		if inBulk[d.TxRef] || f.charges[d.TxRef] != nil || f.bulkHas(d.TxRef) {
			fwError(w, http.StatusBadRequest, "Duplicate transaction reference in bulk_data["+strconv.Itoa(i)+"]")
			return
		}
		inBulk[d.TxRef] = true
		f.seen[d.TxRef]++
		items = append(items, fwBulkItem{Request: d, Amount: a.Minor, Due: now.Add(time.Duration(i+1) * f.opt.BulkStep)})
	}
	f.bulkSeq++
	b := &fwBulk{ID: 100 + f.bulkSeq, Title: q.Title, CreatedAt: now.UTC(), Items: items, Retry: q.Retry}
	f.bulks[b.ID] = b
	if err := f.persist(); err != nil {
		fwError(w, http.StatusInternalServerError, "sandbox could not save its state")
		return
	}
	writeBody(w, http.StatusOK, fwBody("success", "Bulk charge successful", map[string]any{
		"id": b.ID, "created_at": b.CreatedAt.Format("2006-01-02T15:04:05.000Z"), "approver": "N/A",
	}))
}

// bulkFor finds the bulk of the path's id, answering 404 itself; the
// caller holds f.mu.
func (f *FlutterwaveSim) bulkFor(w http.ResponseWriter, r *http.Request) *fwBulk {
	id, err := strconv.Atoi(r.PathValue("id"))
	b := f.bulks[id]
	if err != nil || b == nil {
		fwError(w, http.StatusNotFound, "Bulk charge not found")
		return nil
	}
	return b
}

// handleBulkStatus is GET /bulk-tokenized-charges/{id}.
func (f *FlutterwaveSim) handleBulkStatus(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.advance()
	b := f.bulkFor(w, r)
	if b == nil {
		return
	}
	done := 0
	for _, it := range b.Items {
		if it.Done {
			done++
		}
	}
	writeBody(w, http.StatusOK, fwBody("success", "Bulk charge fetched", map[string]any{
		"id": b.ID, "title": b.Title, "approver": "N/A",
		"processed_charges": done, "pending_charges": len(b.Items) - done, "total_charges": len(b.Items),
	}))
}

// handleBulkTransactions is GET /bulk-tokenized-charges/{id}/transactions.
func (f *FlutterwaveSim) handleBulkTransactions(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.advance()
	b := f.bulkFor(w, r)
	if b == nil {
		return
	}
	list := []map[string]any{}
	for _, it := range b.Items {
		if c := f.charges[it.Request.TxRef]; it.Done && c != nil && c.BulkID == b.ID {
			list = append(list, f.txJSON(c, true))
		}
	}
	writeBody(w, http.StatusOK, fwBody("success", "Bulk charge transactions fetched", list))
}

// handleToken is PUT /tokens/{token}: update the card holder's details.
func (f *FlutterwaveSim) handleToken(w http.ResponseWriter, r *http.Request) {
	card, ok := fwCard(r.PathValue("token"))
	if !ok {
		fwError(w, http.StatusNotFound, "Token not found")
		return
	}
	var q struct {
		Email    string `json:"email"`
		FullName string `json:"full_name"`
		Phone    string `json:"phone_number"`
	}
	if !fwDecode(w, r, &q) {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	h := f.holders[card.Token]
	if h == nil {
		h = &fwCustomer{Email: card.Email, Name: card.Name}
		f.holders[card.Token] = h
	}
	if q.Email != "" {
		h.Email = q.Email
	}
	if q.FullName != "" {
		h.Name = q.FullName
	}
	if q.Phone != "" {
		h.Phone = q.Phone
	}
	if err := f.persist(); err != nil {
		fwError(w, http.StatusInternalServerError, "sandbox could not save its state")
		return
	}
	writeBody(w, http.StatusOK, fwBody("success", "Token details updated", map[string]any{
		"customer_email": h.Email, "customer_full_name": h.Name, "customer_phone_number": h.Phone,
		"created_at": "2024-01-15T13:26:24.000Z",
	}))
}

// fwNumber is minor units as an exact JSON number in major units, without
// trailing zeros (4.2, 2000, 20.5), the way Flutterwave prints them.
func fwNumber(minor int64, c sale.Currency) json.Number {
	p := sale.New(minor, c).Plain()
	if strings.Contains(p, ".") {
		p = strings.TrimSuffix(strings.TrimRight(p, "0"), ".")
	}
	return json.Number(p)
}

func fwBody(status, message string, data any) []byte {
	b, _ := json.Marshal(map[string]any{"status": status, "message": message, "data": data})
	return b
}

func fwError(w http.ResponseWriter, status int, msg string) {
	writeBody(w, status, fwBody("error", msg, nil))
}

// fwDecode reads a JSON request body into v, answering 400 itself when it
// cannot.
func fwDecode(w http.ResponseWriter, r *http.Request, v any) bool {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		fwError(w, http.StatusBadRequest, "Content-Type must be application/json")
		return false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil || json.Unmarshal(body, v) != nil {
		fwError(w, http.StatusBadRequest, "Invalid JSON body")
		return false
	}
	return true
}

// mountOf is the path prefix r was routed under (http.StripPrefix leaves
// RequestURI whole), or fallback.
func mountOf(r *http.Request, fallback string) string {
	full, _, _ := strings.Cut(r.RequestURI, "?")
	if p, ok := strings.CutSuffix(full, r.URL.EscapedPath()); ok {
		return p
	}
	return fallback
}
