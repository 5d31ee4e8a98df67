package store

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"till/sale"
)

// A record type the encoding has never seen: fields not in fieldNames
// (written out by name), kinds decoded through reflect (int32, uint8,
// float-free slices of structs, maps of structs, pointers), and a nested
// pointer to a struct.
type futureItem struct {
	Label string `json:"label"`
	Count int32  `json:"drawerCount"`
}

type futureRecord struct {
	Ref      sale.Reference        `json:"ref"`
	Drawer   string                `json:"drawerId"`
	Opened   time.Time             `json:"openedAt"`
	Float    sale.Money            `json:"float"`
	Counts   []futureItem          `json:"counts"`
	ByTender map[string]futureItem `json:"byTender"`
	Small    uint8                 `json:"small"`
	Flag     bool                  `json:"flag"`
	Neg      int                   `json:"neg"`
	Next     *futureItem           `json:"next"`
	Raw      []byte                `json:"raw"`
	skipped  string
	Ignored  string `json:"-"`
}

func TestCodecRoundTripsAnyRecord(t *testing.T) {
	c := newCodec("STORE042", "TILL07")
	in := futureRecord{
		Ref: "STORE042-TILL07-ABC123-77", Drawer: "STORE042", Opened: time.Date(2025, 3, 1, 7, 0, 0, 123456789, time.FixedZone("", 7*3600)),
		Float: sale.New(50000, sale.ZAR), Counts: []futureItem{{"R200", 3}, {"R10", -2}}, ByTender: map[string]futureItem{"z": {"a", 1}, "a": {"b", 2}},
		Small: 200, Flag: true, Neg: -5, Next: &futureItem{}, Raw: []byte{0, 1, 2}, skipped: "x", Ignored: "y",
	}
	b, err := c.encode(nil, &in)
	if err != nil {
		t.Fatal(err)
	}
	var out futureRecord
	if err := c.decode(b, &out); err != nil {
		t.Fatal(err)
	}
	want := in
	want.skipped, want.Ignored = "", ""
	if diff := cmp.Diff(want, out, cmp.AllowUnexported(futureRecord{})); diff != "" {
		t.Fatalf("round trip (-want +got):\n%s", diff)
	}
	// One encoding per value: the map's keys are sorted, so it is the same
	// every time.
	for i := 0; i < 20; i++ {
		again, _ := c.encode(nil, &in)
		if !bytes.Equal(again, b) {
			t.Fatal("two encodings of one value differ")
		}
	}
	// A reader that does not know a field skips it.
	var older struct {
		Ref  sale.Reference `json:"ref"`
		Flag bool           `json:"flag"`
	}
	if err := c.decode(b, &older); err != nil || older.Ref != in.Ref || !older.Flag {
		t.Fatalf("older reader: %+v %v", older, err)
	}
	// A damaged record is an error, never a panic.
	for n := 0; n < len(b); n++ {
		var x futureRecord
		_ = c.decode(b[:n], &x)
	}
}

// TestCodecTimesDecodeAsJSON: times come back as encoding/json gives them
// from their RFC 3339 form, so a migrated event's JSON is the same bytes.
func TestCodecTimesDecodeAsJSON(t *testing.T) {
	c := newCodec("S", "T")
	for _, at := range []time.Time{
		time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC),
		time.Date(2025, 3, 1, 10, 0, 0, 5, time.FixedZone("SAST", 2*3600)),
		time.Date(2025, 3, 1, 10, 0, 0, 0, time.Local),
		time.Date(1969, 12, 31, 23, 59, 59, 999, time.FixedZone("", -9*3600-1800)),
	} {
		e := sale.Event{Seq: 1, Type: sale.EventNote, At: at, NextTry: at.Add(time.Hour)}
		b, err := c.encode(nil, &e)
		if err != nil {
			t.Fatal(err)
		}
		var got sale.Event
		if err := c.decode(b, &got); err != nil {
			t.Fatal(err)
		}
		j1, _ := json.Marshal(e)
		var viaJSON sale.Event
		_ = json.Unmarshal(j1, &viaJSON)
		j2, _ := json.Marshal(got)
		if string(j1) != string(j2) || !got.At.Equal(at) || got.At.Location().String() != viaJSON.At.Location().String() {
			t.Fatalf("%v: decoded %v (%s), JSON gives %v (%s)", at, got.At, got.At.Location(), viaJSON.At, viaJSON.At.Location())
		}
	}
}

// TestCodecLongNested: nested parts whose length takes two and three bytes.
func TestCodecLongNested(t *testing.T) {
	c := newCodec("S", "T")
	for _, n := range []int{10, 40, 3000} {
		in := futureRecord{Ref: "x", Counts: make([]futureItem, n)}
		for i := range in.Counts {
			in.Counts[i] = futureItem{Label: "label", Count: int32(i)}
		}
		b, err := c.encode(nil, &in)
		if err != nil {
			t.Fatal(err)
		}
		var out futureRecord
		if err := c.decode(b, &out); err != nil {
			t.Fatalf("%d items: %v", n, err)
		}
		if diff := cmp.Diff(in, out, cmp.AllowUnexported(futureRecord{})); diff != "" {
			t.Fatalf("%d items (%d bytes):\n%s", n, len(b), diff)
		}
	}
}
