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

// verifyJSON is `till verify --json`; the exit code is as without it.
func (c *cli) verifyJSON(path string, rep store.Report) int {
	type bad struct {
		Seq    uint64 `json:"seq"`
		Ref    string `json:"ref,omitempty"`
		Reason string `json:"reason"`
	}
	out := struct {
		Journal  string   `json:"journal"`
		Intact   bool     `json:"intact"`
		Events   int      `json:"events"`
		Sales    int      `json:"sales"`
		Head     string   `json:"head"`
		Bad      *bad     `json:"bad,omitempty"`
		Problems []string `json:"problems,omitempty"`
	}{Journal: path, Intact: rep.OK(), Events: rep.Events, Sales: rep.Sales, Head: rep.Head, Problems: rep.Problems()}
	if rep.Bad != nil {
		out.Bad = &bad{rep.Bad.Seq, string(rep.Bad.Ref), rep.Bad.Reason}
	}
	c.printJSON(out)
	if !rep.OK() {
		c.errorf("journal %s is NOT intact: %s", path, strings.Join(rep.Problems(), "; "))
		return exitJournal
	}
	return exitOK
}
