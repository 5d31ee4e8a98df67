package cli

// One naming style for every --json (issue 16): snake_case keys and RFC
// 3339 times with the shop's offset ([till] timezone), as the JSONL export
// writes them. The journal's own encoding (sale's JSON tags, hashed into
// its chain) is not touched: the output is rewritten on its way out, in
// order, so a new field in any printed type follows the rule by itself.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"till/config"
)

// noteZone remembers the shop's time zone of a loaded config for --json.
func (c *cli) noteZone(cfg *config.Config) {
	if cfg != nil && cfg.Till.Location() != nil {
		c.zone = cfg.Till.Location()
	}
}

// shopZone is the shop's time zone: the config's, or the running till's
// for a command run through its back office (nil when neither is known).
func (c *cli) shopZone() *time.Location {
	if c.zone == nil && c.held != nil && c.held.Cfg != nil {
		return c.held.Cfg.Till.Location()
	}
	return c.zone
}

// printJSON writes v on stdout as indented JSON in the one style.
func (c *cli) printJSON(v any) {
	if err := writeJSON(c.stdout, v, c.shopZone()); err != nil {
		c.errorf("json: %v", err)
	}
}

// writeJSON writes v as indented JSON with snake_case keys and times in
// loc (time.Local when nil).
func writeJSON(w io.Writer, v any, loc *time.Location) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if loc == nil {
		loc = time.Local
	}
	var out bytes.Buffer
	if err := restyle(&out, json.NewDecoder(bytes.NewReader(raw)), loc); err != nil {
		return err
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, out.Bytes(), "", "  "); err != nil {
		return err
	}
	pretty.WriteByte('\n')
	_, err = w.Write(pretty.Bytes())
	return err
}

// restyle copies one JSON value from dec to out, keys in snake_case and
// timestamps in loc, keeping the order of every object.
func restyle(out *bytes.Buffer, dec *json.Decoder, loc *time.Location) error {
	dec.UseNumber()
	type frame struct {
		object     bool
		count      int  // members or elements written
		keyPending bool // a key was written, its value comes next
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			if len(stack) != 0 {
				return fmt.Errorf("unexpected end of JSON")
			}
			return nil
		}
		if err != nil {
			return err
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			out.WriteByte(byte(d))
			stack = stack[:len(stack)-1]
			continue
		}
		if top != nil && top.object && !top.keyPending {
			if top.count > 0 {
				out.WriteByte(',')
			}
			key, _ := json.Marshal(snakeCase(tok.(string)))
			out.Write(key)
			out.WriteByte(':')
			top.keyPending = true
			continue
		}
		if top != nil {
			if !top.object && top.count > 0 {
				out.WriteByte(',')
			}
			top.count++
			top.keyPending = false
		}
		switch t := tok.(type) {
		case json.Delim:
			out.WriteByte(byte(t))
			stack = append(stack, &frame{object: t == '{'})
		case string:
			b, _ := json.Marshal(inZone(t, loc))
			out.Write(b)
		case json.Number:
			out.WriteString(t.String())
		case bool:
			fmt.Fprint(out, t)
		case nil:
			out.WriteString("null")
		}
	}
}

// snakeCase writes "productName" as "product_name" and "storeId" as
// "store_id"; a key already in snake_case is unchanged.
func snakeCase(s string) string {
	if strings.IndexFunc(s, unicode.IsUpper) < 0 {
		return s
	}
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		if unicode.IsUpper(r) {
			prevLower := i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]))
			nextLower := i > 0 && i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1])
			if prevLower || nextLower {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// inZone rewrites an RFC 3339 timestamp in loc, to the second as the
// export writes it; any other string is returned as it is.
func inZone(s string, loc *time.Location) string {
	if len(s) < 20 || s[4] != '-' || s[10] != 'T' {
		return s
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || t.IsZero() || t.Year() < 1900 {
		return s
	}
	return t.In(loc).Format(time.RFC3339)
}
