package main

import (
	"context"
	"flag"

	"github.com/proxyshard/proxyshard-go/facade"
)

type healthJSON struct {
	Health string `json:"health"`
	Live   string `json:"live"`
}

func healthCommand() *command {
	return &command{
		name: "health", summary: "probe the API's health and liveness endpoints (no token needed)",
		detail: `Both probes are public: no token is sent, and none needs to be set. It exits 0
when both answer, and with the exit code of the first failure otherwise.`,
		examples: []string{"proxyshard health", "proxyshard health --base-url http://127.0.0.1:8089"},
		setup: func(cmd *command, _ *flag.FlagSet) runner {
			return func(ctx context.Context, a *app, args []string) error {
				if err := wantArgs(cmd, args, 0); err != nil {
					return err
				}
				c, err := a.publicClient()
				if err != nil {
					return err
				}
				healthErr, liveErr := c.Health(ctx), c.Live(ctx)
				out := healthJSON{Health: probeResult(healthErr), Live: probeResult(liveErr)}
				if err := a.printRecord([]field{
					{"health", "Health", text(out.Health)},
					{"live", "Live", text(out.Live)},
				}, out); err != nil {
					return err
				}
				if healthErr != nil {
					return healthErr
				}
				return liveErr
			}
		},
	}
}

// publicClient is a client for the operations that send no token: the
// token if one is set, else a stand-in that those operations never send.
func (a *app) publicClient() (*facade.Client, error) {
	tok, err := a.token()
	if err != nil {
		tok = "unused-by-the-health-probes"
	}
	return a.clientWith(tok)
}

func probeResult(err error) string {
	if err != nil {
		return "down"
	}
	return "up"
}
