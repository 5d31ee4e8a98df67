package cli

import (
	"errors"
	"fmt"
	"runtime/debug"
	"strings"

	"till/receipts"
	"till/wire"
)

// verifyJournal is `till verify [--full] [FILE] [--public-key HEX] [--json]
// [--progress]`. The
// till's own journal (own) is checked from its verified point (store:
// incremental verification) unless full is set, through the running till
// when it holds the journal (backoffice.go: the file cannot be opened
// twice), and a journal found intact records its new verified point and
// gets a signed checkpoint (key.go); a FILE given on the command line (a
// backup) is always checked in full and nothing is written beside it.
func (c *cli) verifyJournal(path string, full, own bool, pub string, asJSON, progress bool) int {
	o := wire.VerifyOptions{}
	if !full {
		if seq, hash, ok := wire.VerifiedPoint(path); ok {
			o.From, o.FromHash = seq, hash
		}
	}
	if o.From == 0 && (progress || c.stderrIsTerminal()) {
		o.Progress = func(done, total uint64) {
			fmt.Fprintf(c.stderr, "\rverifying: event %d of %d", done, total)
		}
	}
	verify := wire.VerifyFile
	if own && c.held != nil {
		verify = func(string, wire.VerifyOptions) (wire.Report, uint64, error) { return c.held.Journal.VerifyWith(o) }
	} else {
		// This process only verifies: a replay allocates per event and keeps
		// little, so the collector may run four times less often (about
		// 15% of a full check's time; the heap stays tens of MB).
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}
	rep, head, err := verify(path, o)
	if o.Progress != nil {
		fmt.Fprint(c.stderr, "\r\033[K")
	}
	if errors.Is(err, wire.ErrLocked) {
		return c.fail(err)
	}
	if err != nil {
		c.errorf("journal %s cannot be verified: %v", path, err)
		return exitJournal
	}
	if asJSON {
		if rep.OK() && own {
			if err := wire.RecordVerified(path, rep, head); err != nil {
				c.errorf("warning: the verified point could not be recorded: %v", err)
			}
		}
		return c.verifyJSON(path, rep, func() int { return c.verifySigned(path, own, rep, pub) })
	}
	if rep.Restarted != "" {
		c.errorf("the last verified point was not used (%s): verified in full", rep.Restarted)
	}
	if !rep.OK() {
		c.errorf("journal %s is NOT intact:", path)
		for _, p := range rep.Problems() {
			fmt.Fprintf(c.stderr, "  %s\n", p)
		}
		c.errorf("restore the last backup that verifies (README: Restoring a backup)")
		return exitJournal
	}
	if own {
		if err := wire.RecordVerified(path, rep, head); err != nil {
			c.errorf("warning: the verified point could not be recorded: %v", err)
		}
	}
	scope := "in full"
	if rep.From > 1 {
		scope = fmt.Sprintf("from event %d, after the last verify", rep.From)
	}
	fmt.Fprintf(c.stdout, "journal %s is intact: %d events, %d sales, chain head %s (checked %s; pages checked)\n",
		path, rep.Events, rep.Sales, rep.Head, scope)
	return c.verifySigned(path, own, rep, pub) // key.go
}

// verifiedLines are the Z report's lines naming the journal's verified
// point (the head the last `till verify` proved), so that it is on paper.
func verifiedLines(journal string) []receipts.Line {
	seq, hash, ok := wire.VerifiedPoint(journal)
	if !ok {
		return []receipts.Line{{Text: "Journal not verified yet: run till verify"}}
	}
	out := []receipts.Line{{Text: fmt.Sprintf("Verified to event %d:", seq)}}
	for h := hash; h != ""; {
		n := min(32, len(h))
		out = append(out, receipts.Line{Text: h[:n]})
		h = h[n:]
	}
	return out
}

// verifyJSON is `till verify --json`: the same checks and exit code as
// without it, the signatures included (signed runs them; its lines go to
// stderr, stdout holds only the JSON).
func (c *cli) verifyJSON(path string, rep wire.Report, signed func() int) int {
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

// verify is `till verify [FILE]`: the journal's (or a backup's) pages,
// with bbolt's own check, and hash chain. Anything broken exits 4.
func (c *cli) verify(args []string) int {
	fs := c.flags("verify")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	progress := fs.Bool("progress", false, "report progress on stderr even when it is not a terminal")
	full := fs.Bool("full", false, "check the whole chain, not only what followed the last verify")
	pub := fs.String("public-key", "", "check the journal's signatures against this till `public key` (hex, from its first Z or till doctor)")
	file, rest := splitPositional(args)
	if !c.parse(fs, rest, 0) {
		return exitUsage
	}
	path := file
	if path == "" {
		cfg, err := c.config()
		if err != nil {
			return c.fail(err)
		}
		if path, err = cfg.JournalPath(c.env); err != nil {
			return c.fail(err)
		}
	}
	return c.verifyJournal(path, *full || file != "", file == "", *pub, *asJSON, *progress) // verify.go
}
