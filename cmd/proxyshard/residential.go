package main

import (
	"context"
	"flag"
	"strconv"
	"strings"

	"github.com/proxyshard/proxyshard-go/facade"
)

// packageChoices are the residential packages, as --product takes them.
const packageChoices = "standard, premium or unmetered"

// packageFlag is --product on the residential commands: the package
// (the API's proxy_type) whose traffic, sub-users or targeting they are about.
type packageFlag struct{ product string }

func (p *packageFlag) register(fs *flag.FlagSet) {
	fs.StringVar(&p.product, "product", "", "the residential package: "+packageChoices+" (required)")
}

// proxyType resolves --product, refusing a missing one and a product
// without residential traffic before anything is sent.
func (p *packageFlag) proxyType(cmd *command) (facade.ProxyType, error) {
	if strings.TrimSpace(p.product) == "" {
		return "", usageFor(cmd, "--product is required: %s", packageChoices)
	}
	name, err := productName(p.product)
	if err != nil {
		return "", usageFor(cmd, "unknown product %q: use %s", p.product, packageChoices)
	}
	t, ok := facade.ProxyTypeOf(name)
	if !ok {
		return "", usageFor(cmd, "--product %s has no residential traffic: use %s", p.product, packageChoices)
	}
	return t, nil
}

// gigabytes parses an amount of traffic in GB, the unit the API takes;
// zero is allowed only where it means "none" (a sub-user created empty).
func gigabytes(cmd *command, what, s string, zeroOK bool) (facade.GB, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || (n == 0 && !zeroOK) {
		least := "1"
		if zeroOK {
			least = "0"
		}
		return 0, usageFor(cmd, "%s %q must be a whole number of GB, at least %s", what, s, least)
	}
	return facade.GB(n), nil
}

// bytesCell shows a byte count as sent: ProxyShard does not say whether
// its GB is 10^9 or 2^30 bytes, so no conversion is shown either.
func bytesCell(b facade.Bytes) cell {
	s := strconv.FormatInt(int64(b), 10)
	return cell{s + " bytes", s}
}

// packageWord is how --product names a package, for the hints that give
// the next command to run.
func packageWord(t facade.ProxyType) string {
	switch t {
	case facade.ProxyTypeStandard:
		return "standard"
	case facade.ProxyTypeUnlimited:
		return "unmetered"
	}
	return string(t)
}

// residentialArgs are a residential command's package and its arguments,
// named by the command's args ("ID GB", "COUNTRY REGION").
type residentialArgs struct {
	t    facade.ProxyType
	id   string    // ID
	name string    // NAME
	gb   facade.GB // GB
	args []string  // all of them, as given
}

// parseResidentialArgs checks the arguments cmd.args names: an amount of
// GB of at least 1, anything else not blank.
func parseResidentialArgs(cmd *command, args []string) (residentialArgs, error) {
	names := strings.Fields(cmd.args)
	s := residentialArgs{args: args}
	if err := wantArgs(cmd, args, len(names)); err != nil {
		return s, err
	}
	for i, n := range names {
		v := args[i]
		switch {
		case n == "GB":
			gb, err := gigabytes(cmd, "the amount", v, false)
			if err != nil {
				return s, err
			}
			s.gb = gb
		case strings.TrimSpace(v) == "":
			return s, usageFor(cmd, "the %s is empty", strings.ToLower(n))
		case n == "ID":
			s.id = v
		case n == "NAME":
			s.name = v
		}
	}
	return s, nil
}

// setupResidential is the setup of a residential command: --product
// (unless the operation takes no package) and the arguments are checked
// before a client is built.
func setupResidential(withPackage bool, run func(ctx context.Context, a *app, c *facade.Client, s residentialArgs) error) func(*command, *flag.FlagSet) runner {
	return func(cmd *command, fs *flag.FlagSet) runner {
		var pkg packageFlag
		if withPackage {
			pkg.register(fs)
		}
		return func(ctx context.Context, a *app, args []string) error {
			s, err := parseResidentialArgs(cmd, args)
			if err != nil {
				return err
			}
			if withPackage {
				if s.t, err = pkg.proxyType(cmd); err != nil {
					return err
				}
			}
			c, err := a.client()
			if err != nil {
				return err
			}
			return run(ctx, a, c, s)
		}
	}
}
