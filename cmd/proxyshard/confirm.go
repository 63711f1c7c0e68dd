package main

import (
	"bufio"
	"flag"
	"fmt"
	"strings"
)

// moneyFlags are the flags of every command that spends money.
type moneyFlags struct{ yes bool }

func (m *moneyFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&m.yes, "yes", false, "do it without asking (for scripts; without a terminal it is required)")
}

// mayProceed decides whether a money-moving command may run, before any
// request: without --yes it needs a person at a terminal to ask.
func (a *app) mayProceed(cmd *command, m moneyFlags) error {
	if m.yes || a.inTTY {
		return nil
	}
	return usageFor(cmd, "%s spends money and there is no terminal to confirm on: pass --yes to confirm", cmd.name)
}

// confirm asks on the terminal; with --yes it only says what it does
// (what is a sentence without its full stop). The
// question goes to stderr so that stdout stays the command's output.
func (a *app) confirm(m moneyFlags, what string) error {
	if m.yes {
		_, _ = fmt.Fprintln(a.stderr, what+" (confirmed by --yes)")
		return nil
	}
	_, _ = fmt.Fprint(a.stderr, what+". Proceed? [y/N] ")
	line, _ := bufio.NewReader(a.stdin).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return nil
	}
	return &exitError{code: exitFailure, msg: "proxyshard: not confirmed; nothing was sent"}
}
