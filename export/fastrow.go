package export

import (
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"

	"till/sale"
)

// appendRow appends the CSV row of s, byte for byte what Row, Defuse and
// csvRow.write give (TestAppendRowMatchesRow), building the cells in
// place: no string is made for a timestamp, amount, count or masked target.
func appendRow(b []byte, s *sale.Sale, loc *time.Location, secrets bool, scratch *[]byte) []byte {
	o := &s.Order
	b = appendCell(b, string(s.Ref))
	b = appendCell(append(b, ','), s.StoreID)
	b = appendCell(append(b, ','), s.TerminalID)
	b = appendCell(append(b, ','), s.Day)
	b = append(b, ',')
	b = appendStamp(b, s.CreatedAt, loc, scratch)
	b = append(b, ',')
	b = appendStamp(b, s.UpdatedAt, loc, scratch)
	b = appendCell(append(b, ','), string(o.Kind))
	b = appendCell(append(b, ','), o.Product)
	b = appendCell(append(b, ','), o.ProductName)
	b = appendCell(append(b, ','), o.Provider)
	b = append(b, ',')
	if v := o.Target.Value; v != "" {
		b = appendBytesCell(b, appendMasked((*scratch)[:0], v), scratch)
	}
	b = append(b, ',')
	b = appendBytesCell(b, appendPlain((*scratch)[:0], o.Amount), scratch)
	b = appendCell(append(b, ','), string(o.Amount.Currency))
	b = appendCell(append(b, ','), string(o.Tender.Kind))
	b = appendCell(append(b, ','), string(s.State))
	b = appendCell(append(b, ','), s.ProviderRef)
	b = append(b, ',')
	b = appendBytesCell(b, strconv.AppendInt((*scratch)[:0], int64(s.Attempts), 10), scratch)
	b = append(b, ',')
	b = appendBytesCell(b, strconv.AppendInt((*scratch)[:0], int64(s.Reprints), 10), scratch)
	b = appendCell(append(b, ','), s.Outcome.Message)
	b = append(b, ',')
	if secrets {
		b = appendCell(b, secretItems(s.Outcome.Items))
	}
	return append(b, '\n')
}

// appendStamp appends stamp(t, loc) as a cell.
func appendStamp(b []byte, t time.Time, loc *time.Location, scratch *[]byte) []byte {
	if t.IsZero() {
		return b
	}
	return appendBytesCell(b, t.In(loc).AppendFormat((*scratch)[:0], time.RFC3339), scratch)
}

// appendBytesCell appends cell (built in *scratch, which it keeps for the
// next one) as a defused CSV field.
func appendBytesCell(b, cell []byte, scratch *[]byte) []byte {
	*scratch = cell
	if plainCell(cell) {
		return append(b, cell...)
	}
	return appendCell(b, string(cell))
}

// appendCell appends Defuse(cell) as encoding/csv writes a field.
func appendCell(b []byte, cell string) []byte {
	if plainCell(cell) {
		return append(b, cell...)
	}
	return appendField(b, Defuse(cell))
}

// plainCell reports whether cell is written as it is: Defuse leaves it
// and it needs no quotes (fieldNeedsQuotes), decided on its bytes alone.
func plainCell[T string | []byte](cell T) bool {
	if len(cell) == 0 {
		return true
	}
	if c := cell[0]; c >= utf8.RuneSelf || special[c]&startsBad != 0 {
		if c < utf8.RuneSelf {
			return false
		}
		if r, _ := utf8.DecodeRuneInString(string(cell[:min(len(cell), utf8.UTFMax)])); unicode.IsSpace(r) {
			return false
		}
	}
	if len(cell) == 2 && cell[0] == '\\' && cell[1] == '.' {
		return false
	}
	for i := 0; i < len(cell); i++ {
		if special[cell[i]]&quoted != 0 {
			return false
		}
	}
	return true
}

// special marks the bytes that make a cell need quoting anywhere (quoted),
// or Defuse or quoting when it starts with them (startsBad: formula
// starts, and ASCII space).
var special = func() (t [256]uint8) {
	for _, c := range []byte{'\n', '\r', '"', ','} {
		t[c] |= quoted
	}
	for _, c := range []byte{'=', '+', '-', '@', '\t', '\r', ' ', '\n', '\v', '\f'} {
		t[c] |= startsBad
	}
	return t
}()

const (
	quoted    = 1
	startsBad = 2
)

// appendMasked appends sale.Target.Masked of v.
func appendMasked(b []byte, v string) []byte {
	if len(v) <= 6 {
		for range len(v) {
			b = append(b, '*')
		}
		return b
	}
	keep := 3
	if len(v) < 10 {
		keep = len(v) / 4
	}
	b = append(b, v[:keep]...)
	for range len(v) - 2*keep {
		b = append(b, '*')
	}
	return append(b, v[len(v)-keep:]...)
}

// appendPlain appends sale.Money.Plain of m.
func appendPlain(b []byte, m sale.Money) []byte {
	d, _ := m.Currency.Decimals()
	v := m.Minor
	if v < 0 {
		b = append(b, '-')
		if v == -v { // the smallest int64 has no positive: Plain's own way
			return append(b[:len(b)-1], sale.Money{Minor: m.Minor, Currency: m.Currency}.Plain()...)
		}
		v = -v
	}
	start := len(b)
	b = strconv.AppendInt(b, v, 10)
	if d > 0 {
		for len(b)-start <= d {
			b = append(b, 0)
			copy(b[start+1:], b[start:])
			b[start] = '0'
		}
		b = append(b, 0)
		copy(b[len(b)-d:], b[len(b)-d-1:])
		b[len(b)-d-1] = '.'
	}
	return b
}
