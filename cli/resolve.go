package cli

import "fmt"

// resolve is `till resolve`: settle every in-doubt sale once, now.
func (c *cli) resolve(args []string) int {
	fs := c.flags("resolve")
	asJSON := fs.Bool("json", false, "print JSON")
	if !c.parse(fs, args, 0) {
		return exitUsage
	}
	t, code := c.open(false)
	if t == nil {
		return code
	}
	defer t.Close()
	ctx, stop := c.commandContext() // backoffice.go
	defer stop()
	res, err := t.Engine.ResolveAll(ctx)
	if err != nil {
		return c.fail(err)
	}
	open := 0
	for _, s := range res {
		if s.State.Unresolved() {
			open++
		}
	}
	if *asJSON {
		recs := make([]record, 0, len(res))
		for _, s := range res {
			recs = append(recs, maskRecord(recordOf(s)))
		}
		c.printJSON(recs)
	} else {
		for _, s := range res {
			fmt.Fprintln(c.stdout, c.t("cli.resolve.line", s.Ref, s.State, s.Order.Kind,
				s.Order.Target.Masked(), s.Order.Amount, s.Attempts, c.outcome(s.Outcome.Message)))
		}
	}
	fmt.Fprintln(c.stderr, c.t("cli.resolve.summary", len(res), open))
	if open > 0 {
		return exitInDoubt
	}
	return exitOK
}
