package i18n

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Said is an outcome message in l's words. A sale's outcome message is
// journaled in English as the till's provider clients wrote it ("Flowix is
// processing the sale; the till will check it."), and the journal, the
// export and head office keep it so. For an Indonesian till the messages
// the clients write are translated when shown, from the said.* texts
// (texts/said.toml): each said.* English text is a pattern (its %s and %d
// match what the client put there) and the Indonesian text is formatted
// with what they matched. A provider's own words quoted at the end
// (‘Flowix said: “…”’, providers.Said) are kept as sent, only the frame
// around them is translated. A message no said.* text matches — a
// provider's own message, a client message the table does not have yet —
// is shown as journaled.
func (l Lang) Said(msg string) string {
	if l != ID || msg == "" {
		return msg
	}
	head, tail := msg, ""
	if m := quoted.FindStringSubmatch(msg); m != nil {
		head, tail = m[1], " "+fmt.Sprintf(catalogue["said.quote"].ID, m[2], m[3])
	}
	if s, ok := l.said(head); ok {
		return s + tail
	}
	// A message made a sentence by whoever quoted it ("….").
	if h, cut := strings.CutSuffix(head, "."); cut {
		if s, ok := l.said(h); ok {
			return s + "." + tail
		}
	}
	return msg
}

func (l Lang) said(head string) (string, bool) {
	for _, p := range saidPatterns() {
		if m := p.re.FindStringSubmatch(head); m != nil {
			args := make([]any, len(m)-1)
			for i, a := range m[1:] {
				if p.verbs[i] == 'q' {
					if u, err := strconv.Unquote(`"` + a + `"`); err == nil {
						a = u // %q quotes it again
					}
				}
				if len(a) < len(head) { // never the whole again: a text that is all verbs cannot loop
					a = l.Said(a) // a message inside a message ("%s 1Flow recharges …")
				}
				args[i] = a
			}
			return fmt.Sprintf(p.id, args...), true
		}
	}
	return "", false
}

// quoted is providers.Said's ending: the provider's name and its words.
var quoted = regexp.MustCompile(`^(.*?) (\S+) said: \x{201c}(.*)\x{201d}$`)

type saidPattern struct {
	re    *regexp.Regexp
	verbs string // the English text's verbs in order: 's', 'd' or 'q'
	id    string
}

// saidPatterns are the said.* texts as patterns, the longest English
// first so a text that holds another is tried before it.
var saidPatterns = sync.OnceValue(func() []saidPattern {
	var keys []string
	for k := range catalogue {
		if strings.HasPrefix(k, "said.") && k != "said.quote" {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := catalogue[keys[i]].EN, catalogue[keys[j]].EN
		if len(a) != len(b) {
			return len(a) > len(b)
		}
		return keys[i] < keys[j]
	})
	out := make([]saidPattern, 0, len(keys))
	for _, k := range keys {
		// What %d matched is passed on as the text it was.
		re, verbs := saidRE(catalogue[k].EN)
		out = append(out, saidPattern{re: re, verbs: verbs, id: strings.ReplaceAll(catalogue[k].ID, "%d", "%s")})
	}
	return out
})

// saidRE is the pattern of an English text: its words literally, %d a
// number, %s any text (even none), %q a quoted text, %% a percent sign.
func saidRE(en string) (*regexp.Regexp, string) {
	var b, verbs strings.Builder
	b.WriteString("^")
	for i := 0; i < len(en); i++ {
		if en[i] == '%' && i+1 < len(en) {
			switch en[i+1] {
			case 'd':
				b.WriteString(`(-?\d+)`)
				verbs.WriteByte('d')
				i++
				continue
			case 's':
				// Possibly empty: a client's optional part (" (why)" or "").
				b.WriteString(`(.*?)`)
				verbs.WriteByte('s')
				i++
				continue
			case 'q':
				b.WriteString(`"((?:[^"\\]|\\.)*)"`) // what %q quoted; the text's %q quotes it again
				verbs.WriteByte('q')
				i++
				continue
			case '%':
				b.WriteString("%")
				i++
				continue
			}
		}
		b.WriteString(regexp.QuoteMeta(en[i : i+1]))
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String()), verbs.String()
}
