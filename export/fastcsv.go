package export

import (
	"bufio"
	"strings"
	"unicode"
	"unicode/utf8"
)

// csvRow builds CSV rows byte for byte as encoding/csv's Writer (comma,
// "\n" line ends) would write them, appending into one reused buffer so a
// row costs no allocation beyond its cells (TestFastCSVMatchesEncodingCSV).
type csvRow struct {
	line []byte
}

// fieldNeedsQuotes is encoding/csv's rule for a comma-separated field.
func fieldNeedsQuotes(field string) bool {
	if field == "" {
		return false
	}
	if field == `\.` {
		return true
	}
	for i := 0; i < len(field); i++ {
		if c := field[i]; c == '\n' || c == '\r' || c == '"' || c == ',' {
			return true
		}
	}
	r1, _ := utf8.DecodeRuneInString(field)
	return unicode.IsSpace(r1)
}

// appendField appends one field as encoding/csv writes it.
func appendField(b []byte, field string) []byte {
	if !fieldNeedsQuotes(field) {
		return append(b, field...)
	}
	b = append(b, '"')
	for len(field) > 0 {
		i := strings.IndexAny(field, "\"\r\n")
		if i < 0 {
			i = len(field)
		}
		b = append(b, field[:i]...)
		field = field[i:]
		if len(field) > 0 {
			switch field[0] {
			case '"':
				b = append(b, '"', '"')
			case '\r':
				b = append(b, '\r')
			case '\n':
				b = append(b, '\n')
			}
			field = field[1:]
		}
	}
	return append(b, '"')
}

// write writes the row of cells to w.
func (r *csvRow) write(w *bufio.Writer, cells []string) error {
	b := r.line[:0]
	for i, c := range cells {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendField(b, c)
	}
	b = append(b, '\n')
	r.line = b
	_, err := w.Write(b)
	return err
}
