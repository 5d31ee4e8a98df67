package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"till/sale"
)

// unmarshalOut decodes the till's --json output (snake_case) into one of
// the journal's own types (camelCase tags): the test's bridge back.
func unmarshalOut(data []byte, v any) error {
	var x any
	if err := json.Unmarshal(data, &x); err != nil {
		return err
	}
	b, err := json.Marshal(camelKeys(x))
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

func camelKeys(x any) any {
	switch v := x.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range v {
			parts := strings.Split(k, "_")
			for i := 1; i < len(parts); i++ {
				if parts[i] == "id" {
					parts[i] = "Id"
				} else if parts[i] != "" {
					parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
				}
			}
			out[strings.Join(parts, "")] = camelKeys(e)
		}
		return out
	case []any:
		for i := range v {
			v[i] = camelKeys(v[i])
		}
	}
	return x
}

func TestSnakeCase(t *testing.T) {
	for in, want := range map[string]string{
		"productName": "product_name", "storeId": "store_id", "txRef": "tx_ref", "headSeq": "head_seq",
		"reference": "reference", "raw_type": "raw_type", "HTTPStatus": "http_status", "lookupReference": "lookup_reference",
		"metadata.k1": "metadata.k1",
	} {
		if got := snakeCase(in); got != want {
			t.Errorf("snakeCase(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestWriteJSONStyle: keys in snake_case in their order, times in the
// shop's zone with its offset, other strings and numbers untouched.
func TestWriteJSONStyle(t *testing.T) {
	jhb, _ := time.LoadLocation("Africa/Johannesburg")
	at := time.Date(2026, 12, 6, 8, 30, 0, 123, time.UTC)
	v := struct {
		StoreID   string          `json:"storeId"`
		CreatedAt time.Time       `json:"createdAt"`
		Items     []sale.Item     `json:"items"`
		Nested    map[string]any  `json:"nestedThing"`
		Big       int64           `json:"bigNumber"`
		Raw       json.RawMessage `json:"rawValue"`
		Text      string          `json:"text"`
	}{"S1", at, []sale.Item{{Label: "Date", Value: "2026-12-06T08:30:00Z"}}, map[string]any{"innerKey": []any{1, "x"}},
		1 << 60, json.RawMessage(`{"aB":null,"c":true}`), "2026-12-06 not a time"}
	var b bytes.Buffer
	if err := writeJSON(&b, v, jhb); err != nil {
		t.Fatal(err)
	}
	want := `{
  "store_id": "S1",
  "created_at": "2026-12-06T10:30:00+02:00",
  "items": [
    {
      "label": "Date",
      "value": "2026-12-06T10:30:00+02:00"
    }
  ],
  "nested_thing": {
    "inner_key": [
      1,
      "x"
    ]
  },
  "big_number": 1152921504606846976,
  "raw_value": {
    "a_b": null,
    "c": true
  },
  "text": "2026-12-06 not a time"
}
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

var camelKey = regexp.MustCompile(`"[a-z0-9]+[A-Z][A-Za-z0-9]*":`)
var utcTime = regexp.MustCompile(`"\d{4}-\d\d-\d\dT[0-9:.]+Z"`)

// TestCLIJSONOneStyle runs every data command's --json against a live
// till in Johannesburg: no camelCase key, no UTC time, and the JSONL
// export agrees with journal list on the names and times of a sale.
func TestCLIJSONOneStyle(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	base := startSandbox(t)
	cfg, _ := liveConfig(t, base)
	body, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	body = bytes.Replace(body, []byte("receipt_width = 32"), []byte("receipt_width = 32\ntimezone = \"Africa/Johannesburg\""), 1)
	if err := os.WriteFile(cfg, body, 0o600); err != nil {
		t.Fatal(err)
	}
	sell := runTill(t, nil, "--config", cfg, "sell", "airtime", "--mobile", "0821234567", "--amount", "10", "--json")
	if sell.code != 0 {
		t.Fatalf("sell: %d %s", sell.code, sell.stderr)
	}
	var rec record
	if err := json.Unmarshal([]byte(sell.stdout), &rec); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"journal", "list", "--day", "all", "--json"},
		{"journal", "show", rec.Reference, "--json"},
		{"resolve", "--json"},
		{"eod", "--json"},
		{"payments", "--json"},
		{"doctor", "--json"},
		{"verify", "--json"},
		{"cashier", "list", "--json"},
		{"drawer", "--json"},
	} {
		r := runTill(t, nil, append([]string{"--config", cfg}, args...)...)
		if !json.Valid([]byte(r.stdout)) {
			t.Errorf("%v: exit %d, not JSON:\n%s\n%s", args, r.code, r.stdout, r.stderr)
			continue
		}
		if k := camelKey.FindString(r.stdout); k != "" {
			t.Errorf("%v: camelCase key %s", args, k)
		}
		if u := utcTime.FindString(r.stdout); u != "" {
			t.Errorf("%v: a time in UTC, not the shop's zone: %s", args, u)
		}
	}
	if !strings.HasSuffix(rec.CreatedAt.Format(time.RFC3339), "+02:00") {
		t.Errorf("created_at %s is not in the shop's zone", rec.CreatedAt.Format(time.RFC3339))
	}
	exp := runTill(t, nil, "--config", cfg, "export", "--format", "jsonl")
	var row map[string]any
	if err := json.Unmarshal([]byte(strings.SplitN(exp.stdout, "\n", 2)[0]), &row); err != nil {
		t.Fatalf("export: %v\n%s", err, exp.stdout)
	}
	var list []map[string]any
	r := runTill(t, nil, "--config", cfg, "journal", "list", "--day", "all", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil || len(list) != 1 {
		t.Fatalf("journal list: %v", err)
	}
	for _, k := range []string{"created_at", "updated_at"} {
		if row[k] == nil || row[k] != list[0][k] {
			t.Errorf("%s: export %v, journal list %v", k, row[k], list[0][k])
		}
	}
}
