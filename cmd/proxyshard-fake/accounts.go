package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/proxyshard/proxyshard-go/facade/enum"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

// accountSeed is one account the fake starts with.
type accountSeed struct {
	Token         string       `json:"token"`
	Email         string       `json:"email"`
	Balance       int64        `json:"balance"`
	GrantedCycles []enum.Cycle `json:"granted_cycles"`
}

// accountFlags collects -account TOKEN:BALANCE[:EMAIL].
type accountFlags []accountSeed

func (a *accountFlags) String() string { return fmt.Sprintf("%d accounts", len(*a)) }

func (a *accountFlags) Set(v string) error {
	parts := strings.SplitN(v, ":", 3)
	if len(parts) < 2 {
		return errors.New("want TOKEN:BALANCE_CENTS[:EMAIL]")
	}
	balance, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return fmt.Errorf("balance %q is not a whole number of cents", parts[1])
	}
	seed := accountSeed{Token: parts[0], Balance: balance, Email: facadetest.DefaultEmail}
	if len(parts) == 3 {
		seed.Email = parts[2]
	}
	*a = append(*a, seed)
	return nil
}

// readConfig reads the accounts of a -config file; unknown keys are
// mistakes, not ignored.
func readConfig(path string) ([]accountSeed, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("-config: %w", err)
	}
	var cfg struct {
		Accounts []accountSeed `json:"accounts"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		return nil, fmt.Errorf("-config %s: %w", path, err)
	}
	for i := range cfg.Accounts {
		if cfg.Accounts[i].Email == "" {
			cfg.Accounts[i].Email = facadetest.DefaultEmail
		}
	}
	return cfg.Accounts, nil
}

var knownCycles = []enum.Cycle{facadetest.CycleMonthly, facadetest.CycleQuarterly, facadetest.CycleYearly, facadetest.CycleLifetime}

// checkAccounts refuses what would make an account unusable or ambiguous.
func checkAccounts(accounts []accountSeed) error {
	seen := map[string]bool{}
	for _, a := range accounts {
		switch {
		case a.Token == "" || strings.ContainsFunc(a.Token, func(c rune) bool { return c <= ' ' || c == 0x7f }):
			return fmt.Errorf("account token %q: it must be printable, without spaces", a.Token)
		case seen[a.Token]:
			return errors.New("two accounts have the same token")
		case a.Balance < 0:
			return fmt.Errorf("account %s: the balance must not be negative", a.Email)
		}
		for _, c := range a.GrantedCycles {
			if !slices.Contains(knownCycles, c) {
				return fmt.Errorf("account %s: unknown cycle %q (cycles: %v)", a.Email, c, knownCycles)
			}
		}
		seen[a.Token] = true
	}
	return nil
}
