package sandbox

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// deliver writes the first answer of an applied sale, misbehaving as the
// fault says. Later requests get rec as it is.
func (f *flashSim) deliver(w http.ResponseWriter, r *http.Request, fault Fault, rec *flashRecord, ref string) {
	switch fault {
	case FaultLostAnswer:
		t := time.NewTimer(f.srv.opts.HoldMax)
		defer t.Stop()
		select {
		case <-r.Context().Done():
		case <-f.srv.done:
		case <-t.C:
		}
		abort(w)
	case FaultServerError:
		writeJSON(w, http.StatusServiceUnavailable, wso2Fault(101503, "Error connecting to the back end"))
	case FaultGarbage:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(rec.Body[:len(rec.Body)/2])
	case FaultSlow:
		t := time.NewTimer(f.srv.opts.SlowDelay)
		defer t.Stop()
		select {
		case <-r.Context().Done():
			abort(w)
		case <-f.srv.done:
			abort(w)
		case <-t.C:
			writeBody(w, rec.Status, rec.Body)
		}
	case FaultReset:
		abort(w)
	case FaultUpstreamError:
		writeJSON(w, http.StatusOK, f.decline(fcUpstreamError, ref, FlashAccount))
	default:
		writeBody(w, rec.Status, rec.Body)
	}
}

// decline is an unsuccessful answer: the code's number in this
// simulator's numbering, and its own words (flash_tables.go).
func (f *flashSim) decline(code flashCode, ref, account string) flashAnswer {
	msg := "Error"
	if t, ok := flashCodeText[code]; ok {
		msg = t[1]
	}
	return flashAnswer{ResponseCode: f.num.wire(code), ResponseMessage: msg, Reference: ref, AccountNumber: account}
}

// decodeFields decodes a JSON object and returns its fields and a
// fingerprint of its content that ignores key order and spacing.
func decodeFields(body []byte) (map[string]json.RawMessage, string, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return nil, "", err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, "", err
	}
	canon, err := json.Marshal(v)
	if err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(canon)
	return fields, hex.EncodeToString(sum[:]), nil
}

func jsonString(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '"' {
		return "", false
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// jsonInt accepts only a JSON integer literal: not a string, not 10.0.
func jsonInt(raw json.RawMessage) (int64, bool) {
	s := string(bytes.TrimSpace(raw))
	if s == "" || strings.TrimLeft(strings.TrimPrefix(s, "-"), "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

func validFlashRef(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '=') {
			return false
		}
	}
	return true
}

func validMobile(s string) bool {
	if len(s) != 11 || !strings.HasPrefix(s, "27") || s[2] == '0' {
		return false
	}
	return strings.TrimLeft(s, "0123456789") == ""
}

func alnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}

// validMetadata checks the documented limits: up to 9 properties, names up
// to 10 characters, values up to 43 characters, values strings.
func validMetadata(raw json.RawMessage) (map[string]string, bool) {
	var md map[string]string
	if json.Unmarshal(raw, &md) != nil || len(md) > 9 {
		return nil, false
	}
	for k, v := range md {
		if n := utf8.RuneCountInString(k); n == 0 || n > 10 || utf8.RuneCountInString(v) > 43 {
			return nil, false
		}
	}
	return md, true
}
