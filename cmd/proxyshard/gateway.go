package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/proxyshard/proxyshard-go/facade"
)

func gatewayCommand() *command {
	return &command{
		name: "gateway", summary: "residential gateway logins (sticky sessions) as a list for other tools",
		detail: `Residential traffic goes through a gateway, not through a list of IPs: each
line is one sticky session (one residential IP) of the package. The proxy
password (the dashboard's, not the API token) comes from
$PROXYSHARD_GATEWAY_PASSWORD or --password-file, never from a flag's value.
Nothing is sent to the API.`,
		examples: []string{
			"proxyshard gateway --product standard --country DE --sessions 10",
			"proxyshard gateway --product premium --country US --format http --session shop1 --session shop2",
		},
		setup: setupGateway,
	}
}

func setupGateway(cmd *command, fs *flag.FlagSet) runner {
	var pkg packageFlag
	pkg.register(fs)
	country := fs.String("country", "any", "the exit country, such as DE, or any")
	host := fs.String("host", string(facade.GatewayResident), "the gateway host ("+string(facade.GatewayResidentEU)+" and "+string(facade.GatewayRelayEU)+" are documented too)")
	count := fs.Int("sessions", 1, "how many sessions with random ids")
	var ids repeated
	fs.Var(&ids, "session", "a session id of your own (repeat for more); replaces --sessions")
	format := fs.String("format", "host:port:login:pass", "host:port:login:pass (as the documentation writes it) or http")
	passwordFile := fs.String("password-file", "", "read the proxy password from this file")
	return func(_ context.Context, a *app, args []string) error {
		if err := wantArgs(cmd, args, 0); err != nil {
			return err
		}
		t, err := pkg.proxyType(cmd)
		if err != nil {
			return err
		}
		plan, err := t.GatewayPlan()
		if err != nil {
			return gatewayUsage(cmd, err)
		}
		if *format != "host:port:login:pass" && *format != "http" {
			return usageFor(cmd, "unknown --format %q: host:port:login:pass or http", *format)
		}
		password, err := a.gatewayPassword(*passwordFile)
		if err != nil {
			return err
		}
		g := facade.Gateway{Host: facade.GatewayHost(*host), Plan: plan, Country: *country, Password: password}
		var sessions []facade.GatewayEndpoint
		if len(ids) > 0 {
			for _, id := range ids {
				s, err := g.Endpoint(id)
				if err != nil {
					return gatewayUsage(cmd, err)
				}
				sessions = append(sessions, s)
			}
		} else if sessions, err = g.Sessions(*count); err != nil {
			return gatewayUsage(cmd, err)
		}
		var b strings.Builder
		for _, s := range sessions {
			if *format == "http" {
				b.WriteString(s.HTTPURL().String() + "\n")
			} else {
				b.WriteString(s.ConnectionString() + "\n")
			}
		}
		_, err = fmt.Fprint(a.stdout, b.String())
		return err
	}
}

// gatewayUsage turns the builder's refusal of a flag value into a usage error.
func gatewayUsage(cmd *command, err error) error {
	var ve *facade.ValidationError
	if errors.As(err, &ve) {
		return usageFor(cmd, "invalid %s: %s", ve.Field, ve.Reason)
	}
	return err
}

// gatewayPassword reads the proxy password like the token: from the
// environment or a file, never from a flag's value.
func (a *app) gatewayPassword(file string) (string, error) {
	if p := strings.TrimSpace(a.getenv("PROXYSHARD_GATEWAY_PASSWORD")); p != "" {
		return p, nil
	}
	if file == "" {
		return "", usagef("no proxy password: set PROXYSHARD_GATEWAY_PASSWORD or pass --password-file (the password the dashboard shows for the package)")
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return "", usagef("cannot read the password file: %v", err)
	}
	p := strings.TrimSpace(string(data))
	if p == "" {
		return "", usagef("the password file %s is empty", file)
	}
	return p, nil
}
