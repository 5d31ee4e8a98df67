package receipts

import (
	"strings"
	"time"

	"till/i18n"
	"till/sale"
)

// Layout constants, in characters.
const (
	gap    = 2 // least space between a label and its value
	indent = 2 // indent of a value wrapped under its label
	// inlineSecret is the longest secret printed beside its label; longer
	// ones get a line of their own.
	inlineSecret = 8
)

// page accumulates a receipt's lines. Every method takes raw text (from a
// provider, a customer or the config), cleans it to printable ASCII and
// wraps it to the width, so a body cannot print anything else.
type page struct {
	width int
	hide  bool           // mask secrets
	loc   *time.Location // the shop's zone, for every time printed (Stamp)
	lang  i18n.Lang      // the slip's language: its words and its money
	lines []Line
	// inSecret marks the lines emitted while it is set as Secret.
	inSecret bool
}

// answer is a value of a provider's answer as the slip prints it: an
// amount the till journaled in English ("KES 1,234.50") is written again in
// the slip's language ("KES 1.234,50"); anything else is printed as sent.
func (p *page) answer(v string) string {
	if m, ok := sale.ParseFormatted(v); ok {
		return p.money(m)
	}
	return v
}

// money writes m in the slip's language (sale.Money.Format): every amount
// printed goes through it.
func (p *page) money(m sale.Money) string { return p.lang.Money(m) }

// emit appends one line of already clean text. A line too long for the
// paper is hard-broken rather than printed wide: layout code never asks for
// that, but a printer must never receive it.
func (p *page) emit(text string, emph bool) {
	text = strings.TrimRight(text, " ")
	secret := p.inSecret && text != ""
	for len(text) > p.width {
		p.lines = append(p.lines, Line{Text: text[:p.width], Emphasis: emph || secret, Secret: secret})
		text = strings.TrimRight(text[p.width:], " ")
	}
	p.lines = append(p.lines, Line{Text: text, Emphasis: emph || secret, Secret: secret})
}

// blank appends an empty line unless the receipt starts here or the last
// line is already blank.
func (p *page) blank() {
	if n := len(p.lines); n > 0 && p.lines[n-1].Text != "" {
		p.lines = append(p.lines, Line{})
	}
}

// rule appends a full-width line of c to separate sections. A blank line
// just before it is dropped, and it is not printed right under another rule
// (an empty section leaves no trace).
func (p *page) rule(c byte) {
	if n := len(p.lines); n > 0 && p.lines[n-1].Text == "" {
		p.lines = p.lines[:n-1]
	}
	if n := len(p.lines); n > 0 && isRule(p.lines[n-1].Text) {
		return
	}
	p.emit(strings.Repeat(string(c), p.width), false)
}

// isRule reports whether l is a line of one repeated punctuation character.
func isRule(l string) bool {
	if len(l) < 2 || (l[0] != '-' && l[0] != '=' && l[0] != '*') {
		return false
	}
	return strings.Count(l, l[:1]) == len(l)
}

// text prints s wrapped, left-aligned.
func (p *page) text(s string) {
	for _, l := range wrap(clean(s), p.width) {
		p.emit(l, false)
	}
}

// center prints s wrapped, each line centred.
func (p *page) center(s string, emph bool) {
	for _, l := range wrap(clean(s), p.width) {
		p.emit(p.centered(l), emph)
	}
}

func (p *page) centered(l string) string {
	return strings.Repeat(" ", (p.width-len(l))/2) + l
}

// pair prints a label on the left and its value right-aligned on the same
// line. If they do not fit, the label gets its own line and the value goes
// under it, wrapped and indented. A trailing colon on the label is dropped;
// a pair with an empty value prints nothing.
func (p *page) pair(label, value string) {
	p.pairStyled(label, value, false)
}

func (p *page) pairStyled(label, value string, emph bool) {
	label = strings.TrimRight(clean(label), ": ")
	value = clean(value)
	switch {
	case value == "":
		return
	case label == "":
		for _, l := range wrap(value, p.width) {
			p.emit(l, emph)
		}
	case len(label)+gap+len(value) <= p.width:
		p.emit(label+strings.Repeat(" ", p.width-len(label)-len(value))+value, emph)
	default:
		for _, l := range wrap(label, p.width) {
			p.emit(l, emph)
		}
		for _, l := range wrap(value, p.width-indent) {
			p.emit(strings.Repeat(" ", indent)+l, emph)
		}
	}
}

// secret prints what the customer paid for (a PIN, a token) in full, set
// apart by blank lines. A short one sits beside its label; a long one goes
// under it, both centred. With hide set only its last four characters show.
func (p *page) secret(label, value string) {
	value = clean(value)
	if value == "" {
		return
	}
	if p.hide {
		value = Mask(value)
	}
	label = strings.TrimRight(clean(label), ": ")
	p.blank()
	if len(value) <= inlineSecret && len(label)+gap+len(value) <= p.width {
		p.inSecret = true
		p.pairStyled(label, value, true)
	} else {
		p.center(label, true)
		p.inSecret = true
		p.center(value, true)
	}
	p.inSecret = false
	p.blank()
}

// item prints one line of a provider's answer, its label in the slip's
// language (i18n.Lang.Label).
func (p *page) item(label, value string, secret bool) {
	label = p.lang.Label(label)
	if !secret {
		value = p.answer(value)
	}
	switch {
	case secret:
		p.secret(label, value)
	case clean(value) == "":
		p.text(label)
	default:
		p.pair(label, providerStamp(value, p.loc)) // a provider's timestamp, in the shop's zone
	}
}
