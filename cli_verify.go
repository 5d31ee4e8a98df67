package main

import (
	"fmt"
	"strings"

	"till/store"
)

// verifyWithProgress verifies the journal at path, reporting the events
// walked on stderr when it is a terminal (or asked): a large journal takes
// a while, and a silent terminal looks hung.
func (c *cli) verifyWithProgress(path string, always bool) (store.Report, error) {
	if !always && !c.stderrIsTerminal() {
		return store.VerifyFile(path)
	}
	shown := false
	rep, err := store.VerifyFileProgress(path, 0, func(n int) {
		fmt.Fprintf(c.stderr, "\rtill: verified %d events...", n)
		shown = true
	})
	if shown {
		fmt.Fprintln(c.stderr)
	}
	return rep, err
}

// verifyJSON is `till verify --json`: the same checks and exit code as
// without it, the signatures included (signed runs them; its lines go to
// stderr, stdout holds only the JSON).
func (c *cli) verifyJSON(path string, rep store.Report, signed func() int) int {
	code := exitJournal
	if rep.OK() {
		out := c.stdout
		c.stdout = c.stderr
		code = signed()
		c.stdout = out
	}
	type bad struct {
		Seq    uint64 `json:"seq"`
		Ref    string `json:"ref,omitempty"`
		Reason string `json:"reason"`
	}
	v := struct {
		Journal    string   `json:"journal"`
		Intact     bool     `json:"intact"`
		Events     int      `json:"events"`
		Sales      int      `json:"sales"`
		Head       string   `json:"head"`
		Signatures int      `json:"signatures"`
		PublicKey  string   `json:"public_key,omitempty"`
		Bad        *bad     `json:"bad,omitempty"`
		Problems   []string `json:"problems,omitempty"`
	}{Journal: path, Intact: rep.OK() && code == exitOK, Events: rep.Events, Sales: rep.Sales, Head: rep.Head,
		Signatures: rep.Signatures, PublicKey: rep.PublicKey, Problems: rep.Problems()}
	if rep.Bad != nil {
		v.Bad = &bad{rep.Bad.Seq, string(rep.Bad.Ref), rep.Bad.Reason}
	}
	c.printJSON(v)
	if !rep.OK() {
		c.errorf("journal %s is NOT intact: %s", path, strings.Join(rep.Problems(), "; "))
	}
	return code
}
