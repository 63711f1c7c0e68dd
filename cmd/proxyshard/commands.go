package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// command is one thing proxyshard does. Its flags are registered on a
// FlagSet of its own together with the global ones, so they can be written
// before or after the command's arguments.
type command struct {
	name     string // "slots buy" for a command under a group
	args     string // the positional arguments, such as "ORDER TAG"
	summary  string
	detail   string   // more help, optional
	examples []string // shown by --help
	// setup registers the command's flags on fs and returns what runs it;
	// every run gets flag values of its own.
	setup func(cmd *command, fs *flag.FlagSet) runner
}

// runner runs a command with its positional arguments. It checks them all
// before it builds a client, so a bad command line sends nothing.
type runner func(ctx context.Context, a *app, args []string) error

// commands is every command, in the order "proxyshard help" lists them.
var commands []*command

func init() {
	commands = append(commands, readCommands()...)
	commands = append(commands, exportCommand(), checkCommand(), gatewayCommand())
	commands = append(commands, trafficCommands()...)
	commands = append(commands, subUserCommands()...)
	commands = append(commands, geoCommands()...)
	commands = append(commands, healthCommand())
	commands = append(commands, buyCommand())
	commands = append(commands, changeCommands()...)
	commands = append(commands, slotCommands()...)
	commands = append(commands, completionCommand(), versionCommand())
}

// globalFlags are accepted by every command.
type globalFlags struct {
	baseURL   string
	tokenFile string
	json      bool
}

func (g *globalFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&g.baseURL, "base-url", g.baseURL, "the API's base URL (default $PROXYSHARD_BASE_URL or "+defaultBaseURL()+")")
	fs.StringVar(&g.tokenFile, "token-file", g.tokenFile, "read the token from this file (default $PROXYSHARD_TOKEN, then $PROXYSHARD_TOKEN_FILE, then ~/.config/proxyshard/token)")
	fs.BoolVar(&g.json, "json", g.json, "print JSON")
}

// dispatch finds the command and runs it.
func (a *app) dispatch(ctx context.Context, args []string) error {
	top := flag.NewFlagSet("proxyshard", flag.ContinueOnError)
	top.SetOutput(io.Discard)
	a.global.register(top)
	if err := top.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return a.help(nil)
		}
		return usagef("%v", err)
	}
	rest := top.Args()
	if len(rest) == 0 {
		return usagef("no command given; run \"proxyshard help\" for the list")
	}
	if rest[0] == "help" {
		return a.help(rest[1:])
	}
	cmd, cmdArgs := find(rest)
	if cmd == nil {
		return usagef("unknown command %q; run \"proxyshard help\" for the list", strings.Join(rest[:min(len(rest), 2)], " "))
	}
	fs := flag.NewFlagSet("proxyshard "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	a.global.register(fs)
	run := cmd.setup(cmd, fs)
	positional, err := parseInterspersed(fs, cmdArgs)
	if errors.Is(err, flag.ErrHelp) {
		return a.help(strings.Fields(cmd.name))
	}
	if err != nil {
		return usageFor(cmd, "%v", err)
	}
	return run(ctx, a, positional)
}

// find matches the longest command name at the start of args.
func find(args []string) (*command, []string) {
	for _, n := range []int{2, 1} {
		if len(args) < n {
			continue
		}
		name := strings.Join(args[:n], " ")
		for _, c := range commands {
			if c.name == name {
				return c, args[n:]
			}
		}
	}
	return nil, nil
}

// parseInterspersed parses flags wherever they are among the arguments
// ("order 12 --json" as well as "order --json 12"); everything after "--"
// is an argument.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		// flag stops at the first argument, or after a "--" it removes.
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// help prints the list of commands, or one command's help, to stdout.
func (a *app) help(topic []string) error {
	if len(topic) == 0 {
		_, err := fmt.Fprint(a.stdout, overview())
		return err
	}
	cmd, rest := find(topic)
	if cmd == nil || len(rest) > 0 {
		return usagef("no help for %q; run \"proxyshard help\" for the list", strings.Join(topic, " "))
	}
	_, err := fmt.Fprint(a.stdout, commandHelp(cmd))
	return err
}

func overview() string {
	var b strings.Builder
	b.WriteString(`proxyshard: ProxyShard's User API on the command line.

Usage: proxyshard COMMAND [ARGUMENTS] [FLAGS]

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-34s %s\n", strings.TrimSpace(c.name+" "+c.args), c.summary)
	}
	b.WriteString(`
Flags of every command:
  --json               print JSON
  --base-url URL       the API's base URL ($PROXYSHARD_BASE_URL; default ` + defaultBaseURL() + `)
  --token-file FILE    read the token from FILE

The token comes from $PROXYSHARD_TOKEN, else the file named by --token-file or
$PROXYSHARD_TOKEN_FILE, else ~/.config/proxyshard/token. It is never a flag's
value: that would show in the process list.

The API is reached over HTTPS, trusting the system's certificate authorities.
For a server with a private authority, such as "proxyshard-fake -tls -ca-file
ca.pem", set SSL_CERT_FILE=ca.pem (Linux and BSD; on macOS and Windows add the
authority to the system's trust store).

On a terminal the output is a table for people; in a pipe it is one line per
item, tab-separated, without a header, with money in cents and times in RFC 3339,
and stays the same from release to release. --json prints JSON in both cases.

Commands that spend money (buy, renew, cycle, slots buy, add-bandwidth) show
what they will do and ask on a terminal; without a terminal they need --yes.

Exit codes:
  0  success
  1  failure that is not one of the below (a file that cannot be written, a declined
     confirmation, proxies that "check" could not reach)
  2  usage: an unknown command, a bad flag or argument, no token; nothing was sent
  3  the API refused (4xx or success=false): not found, insufficient balance, ...
  4  outcome unknown: a payment or a traffic move may have been applied and
     "proxyshard" could not tell; it is not sent again, and the message says what
     to look at (the orders, the wallet, a sub-user) before running it again
  5  network: the API could not be reached or gave no usable answer; reads can be
     run again

Run "proxyshard help COMMAND" for a command's flags and examples, and
"proxyshard completion bash|zsh|fish" for shell completions.
`)
	return b.String()
}

func commandHelp(c *command) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: proxyshard %s [FLAGS]\n\n%s\n", strings.TrimSpace(c.name+" "+c.args), c.summary)
	if c.detail != "" {
		b.WriteString("\n" + c.detail + "\n")
	}
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	var g globalFlags
	g.register(fs)
	c.setup(c, fs)
	b.WriteString("\nFlags:\n")
	fs.SetOutput(&b)
	fs.PrintDefaults()
	if len(c.examples) > 0 {
		b.WriteString("\nExamples:\n")
		for _, e := range c.examples {
			b.WriteString("  " + e + "\n")
		}
	}
	return b.String()
}
