package main

import (
	"context"
	"flag"
	"fmt"
	"runtime/debug"
	"sort"
	"strings"
)

func completionCommand() *command {
	return &command{
		name: "completion", args: "bash|zsh|fish", summary: "print a shell completion script",
		examples: []string{
			`source <(proxyshard completion bash)                      # bash, this shell`,
			`proxyshard completion zsh > "${fpath[1]}/_proxyshard"     # zsh`,
			`proxyshard completion fish > ~/.config/fish/completions/proxyshard.fish`,
		},
		setup: setupCompletion,
	}
}

func setupCompletion(cmd *command, _ *flag.FlagSet) runner {
	return func(_ context.Context, a *app, args []string) error {
		if err := wantArgs(cmd, args, 1); err != nil {
			return err
		}
		var script string
		switch args[0] {
		case "bash":
			script = bashCompletion()
		case "zsh":
			script = "#compdef proxyshard\nautoload -U bashcompinit && bashcompinit\n" + bashCompletion()
		case "fish":
			script = fishCompletion()
		default:
			return usageFor(cmd, "unknown shell %q: bash, zsh or fish", args[0])
		}
		_, err := fmt.Fprint(a.stdout, script)
		return err
	}
}

// completionWords are the words after "proxyshard" (top-level commands)
// and after "proxyshard GROUP" (its subcommands), and each command's flags.
func completionWords() (top []string, sub map[string][]string, flags map[string][]string) {
	sub, flags = map[string][]string{}, map[string][]string{}
	seen := map[string]bool{"help": true}
	top = []string{"help"}
	for _, c := range commands {
		group, name, nested := strings.Cut(c.name, " ")
		if !seen[group] {
			seen[group] = true
			top = append(top, group)
		}
		if nested {
			sub[group] = append(sub[group], name)
		}
		fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
		var g globalFlags
		g.register(fs)
		c.setup(c, fs)
		fs.VisitAll(func(f *flag.Flag) {
			dash := "--"
			if len(f.Name) == 1 {
				dash = "-"
			}
			flags[c.name] = append(flags[c.name], dash+f.Name)
		})
		sort.Strings(flags[c.name])
	}
	return top, sub, flags
}

func bashCompletion() string {
	top, sub, flags := completionWords()
	var b strings.Builder
	b.WriteString(`# proxyshard completion for bash (and zsh through bashcompinit)
_proxyshard() {
    local cur=${COMP_WORDS[COMP_CWORD]} cmd=${COMP_WORDS[1]} sub=${COMP_WORDS[2]}
    if [[ $COMP_CWORD -eq 1 ]]; then
        COMPREPLY=($(compgen -W "` + strings.Join(top, " ") + `" -- "$cur")); return
    fi
    case "$cmd" in
`)
	for _, g := range sortedKeys(sub) {
		fmt.Fprintf(&b, "    %s)\n        if [[ $COMP_CWORD -eq 2 ]]; then COMPREPLY=($(compgen -W %q -- \"$cur\")); return; fi\n        cmd=\"%s $sub\";;\n", g, strings.Join(sub[g], " "), g)
	}
	b.WriteString("    esac\n    case \"$cmd\" in\n")
	for _, n := range sortedKeys(flags) {
		fmt.Fprintf(&b, "    %q) COMPREPLY=($(compgen -W %q -- \"$cur\"));;\n", n, strings.Join(flags[n], " "))
	}
	b.WriteString("    esac\n}\ncomplete -o default -F _proxyshard proxyshard\n")
	return b.String()
}

func fishCompletion() string {
	top, sub, flags := completionWords()
	var b strings.Builder
	b.WriteString("# proxyshard completion for fish\ncomplete -c proxyshard -f\n")
	for _, t := range top {
		summary := ""
		for _, c := range commands {
			if c.name == t {
				summary = c.summary
			}
		}
		fmt.Fprintf(&b, "complete -c proxyshard -n __fish_use_subcommand -a %s -d %q\n", t, summary)
	}
	for _, g := range sortedKeys(sub) {
		fmt.Fprintf(&b, "complete -c proxyshard -n '__fish_seen_subcommand_from %s' -a %q\n", g, strings.Join(sub[g], " "))
	}
	for _, n := range sortedKeys(flags) {
		last := n[strings.LastIndex(n, " ")+1:]
		for _, f := range flags[n] {
			opt := "-l " + strings.TrimPrefix(f, "--")
			if !strings.HasPrefix(f, "--") {
				opt = "-s " + strings.TrimPrefix(f, "-")
			}
			fmt.Fprintf(&b, "complete -c proxyshard -n '__fish_seen_subcommand_from %s' %s\n", last, opt)
		}
	}
	return b.String()
}

// version is the command's release: the module version it was built from
// with "go install ...@v1.2.3", or "devel".
var version = func() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return strings.TrimPrefix(info.Main.Version, "v")
	}
	return "devel"
}()

func versionCommand() *command {
	return &command{name: "version", summary: "print the version", setup: func(cmd *command, _ *flag.FlagSet) runner {
		return func(_ context.Context, a *app, args []string) error {
			if err := wantArgs(cmd, args, 0); err != nil {
				return err
			}
			_, err := fmt.Fprintln(a.stdout, "proxyshard "+version)
			return err
		}
	}}
}

// sortedKeys makes the scripts the same on every run.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
