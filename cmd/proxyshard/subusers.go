package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"

	"github.com/proxyshard/proxyshard-go/facade"
)

type (
	subUserJSON struct {
		ID            string `json:"id"`
		Name          string `json:"name"`
		ProxyType     string `json:"proxy_type"`
		Data          int64  `json:"data"`
		Spent         int64  `json:"spent"`
		Remaining     *int64 `json:"remaining,omitempty"` // the list has it, one sub-user's answer not
		ProxyPassword string `json:"proxy_password"`
	}
	subUserDoneJSON struct {
		ID   string `json:"id"`
		Done string `json:"done"`
	}
)

// subUserUnits is said wherever a sub-user's traffic is shown.
const subUserUnits = `The API states no unit for a sub-user's data, spent and remaining figures
(amounts sent are GB), so they are shown as it sends them.`

func subUserCommands() []*command {
	return []*command{
		{name: "subusers list", summary: "the sub-users of a residential package, every page",
			detail:   subUserUnits,
			examples: []string{"proxyshard subusers list --product standard", "proxyshard subusers list --product premium | cut -f1,2"},
			setup:    setupResidential(true, runSubUsersList)},
		{name: "subusers show", args: "ID", summary: "one sub-user, with its gateway password",
			detail:   subUserUnits,
			examples: []string{"proxyshard subusers show 41 --product standard"},
			setup:    setupResidential(true, runSubUserShow)},
		{name: "subusers create", args: "NAME", summary: "open a sub-user and move --data GB of the package's traffic to it",
			detail: `It moves traffic, so it is sent once: if the answer is lost, list the
sub-users before creating it again.`,
			examples: []string{"proxyshard subusers create crawler --product standard --data 5"},
			setup:    setupSubUserCreate},
		{name: "subusers rename", args: "ID NAME", summary: "set a sub-user's name",
			examples: []string{"proxyshard subusers rename 41 crawler-eu --product standard"},
			setup:    setupResidential(true, runSubUserRename)},
		{name: "subusers delete", args: "ID", summary: "delete a sub-user",
			examples: []string{"proxyshard subusers delete 41"},
			setup:    setupResidential(false, runSubUserDelete)},
		{name: "subusers add", args: "ID GB", summary: "move GB of the account's traffic to a sub-user",
			detail:   `It is sent once: if the answer is lost, look at the sub-user before running it again.`,
			examples: []string{"proxyshard subusers add 41 2 --product standard"},
			setup:    setupResidential(true, runSubUserMove(true))},
		{name: "subusers take", args: "ID GB", summary: "move GB of a sub-user's unused traffic back to the account",
			detail:   `It is sent once: if the answer is lost, look at the sub-user before running it again.`,
			examples: []string{"proxyshard subusers take 41 1 --product standard"},
			setup:    setupResidential(true, runSubUserMove(false))},
		{name: "subusers reset-password", args: "ID", summary: "give a sub-user a new gateway password and show it",
			detail:   `Every gateway login made with the old password stops working.`,
			examples: []string{"proxyshard subusers reset-password 41 --product standard"},
			setup:    setupResidential(true, runSubUserResetPassword)},
	}
}

func setupSubUserCreate(cmd *command, fs *flag.FlagSet) runner {
	data := fs.Int("data", 0, "GB of the package's traffic to move to it (0: none yet)")
	run := setupResidential(true, func(ctx context.Context, a *app, c *facade.Client, s residentialArgs) error {
		u, err := c.CreateSubUser(ctx, s.t, s.name, facade.GB(*data))
		if err != nil {
			return outcomeUnknown(err, "the sub-user may have been created and was not created again: run \"proxyshard subusers list --product %s\" before creating it again", packageWord(s.t))
		}
		return a.printSubUser(*u)
	})(cmd, fs)
	return func(ctx context.Context, a *app, args []string) error {
		if *data < 0 {
			return usageFor(cmd, "--data must be a whole number of GB, at least 0, got %d", *data)
		}
		return run(ctx, a, args)
	}
}

func runSubUsersList(ctx context.Context, a *app, c *facade.Client, s residentialArgs) error {
	rows := [][]cell{}
	out := []subUserJSON{}
	for u, err := range c.SubUsers(ctx, s.t) {
		if err != nil {
			return err
		}
		j := subUserOut(u)
		remaining := cell{}
		if j.Remaining != nil {
			remaining = text(fmt.Sprint(*j.Remaining))
		}
		rows = append(rows, []cell{text(u.ID), text(u.Name), number(int(u.Data)), number(int(u.Spent)), remaining, text(u.ProxyPassword)})
		out = append(out, j)
	}
	return a.printList([]string{"id", "name", "data", "spent", "remaining", "password"}, rows, out)
}

func runSubUserShow(ctx context.Context, a *app, c *facade.Client, s residentialArgs) error {
	u, err := c.SubUser(ctx, s.t, s.id)
	if err != nil {
		return err
	}
	return a.printSubUser(*u)
}

func runSubUserRename(ctx context.Context, a *app, c *facade.Client, s residentialArgs) error {
	if err := c.RenameSubUser(ctx, s.t, s.id, s.name); err != nil {
		return err
	}
	return a.subUserDone(s.id, fmt.Sprintf("renamed to %q", s.name))
}

func runSubUserDelete(ctx context.Context, a *app, c *facade.Client, s residentialArgs) error {
	if err := c.DeleteSubUser(ctx, s.id); err != nil {
		// Deletion is resent after a lost answer; the resend then finds
		// no such sub-user, and the API answers that with a 400.
		var apiErr *facade.APIError
		if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusBadRequest && apiErr.Attempts > 1 {
			return &exitError{code: exitUnknown, msg: prefixed(err.Error()) + fmt.Sprintf(
				"\nan earlier attempt got no answer, so it may have deleted the sub-user: run \"proxyshard subusers list --product PACKAGE\"; if %s is not listed, it is deleted", s.id)}
		}
		return err
	}
	return a.subUserDone(s.id, "deleted")
}

// runSubUserMove moves traffic to the sub-user (give) or back from it.
func runSubUserMove(give bool) func(ctx context.Context, a *app, c *facade.Client, s residentialArgs) error {
	return func(ctx context.Context, a *app, c *facade.Client, s residentialArgs) error {
		move, what := c.TakeSubUserTraffic, fmt.Sprintf("%d GB taken back", s.gb)
		if give {
			move, what = c.AddSubUserTraffic, fmt.Sprintf("%d GB added", s.gb)
		}
		if err := move(ctx, s.t, s.id, s.gb); err != nil {
			return outcomeUnknown(err, "the traffic may have moved and was not moved again: run \"proxyshard subusers show %s --product %s\" and look at its data before running it again", s.id, packageWord(s.t))
		}
		return a.subUserDone(s.id, what)
	}
}

// runSubUserResetPassword resets the password and reads the new one back:
// the reset's answer does not carry it.
func runSubUserResetPassword(ctx context.Context, a *app, c *facade.Client, s residentialArgs) error {
	if err := c.ResetSubUserPassword(ctx, s.t, s.id); err != nil {
		return err
	}
	u, err := c.SubUser(ctx, s.t, s.id)
	if err != nil {
		return fmt.Errorf("the password was reset, but reading the new one failed (\"proxyshard subusers show %s --product %s\" shows it): %w", s.id, packageWord(s.t), err)
	}
	return a.printSubUser(*u)
}

func subUserOut(u facade.SubUser) subUserJSON {
	j := subUserJSON{ID: u.ID, Name: u.Name, ProxyType: string(u.ProxyType), Data: int64(u.Data), Spent: int64(u.Spent), ProxyPassword: u.ProxyPassword}
	if u.Remaining != nil {
		r := int64(*u.Remaining)
		j.Remaining = &r
	}
	return j
}

func (a *app) printSubUser(u facade.SubUser) error {
	return a.printRecord([]field{
		{"id", "Sub-user", text(u.ID)},
		{"name", "Name", text(u.Name)},
		{"proxy_type", "Package", text(string(u.ProxyType))},
		{"data", "Data", number(int(u.Data))},
		{"spent", "Spent", number(int(u.Spent))},
		{"proxy_password", "Gateway password", text(u.ProxyPassword)},
	}, subUserOut(u))
}

func (a *app) subUserDone(id, what string) error {
	return a.printRecord([]field{{"id", "Sub-user", text(id)}, {"done", "Done", text(what)}}, subUserDoneJSON{ID: id, Done: what})
}
