// Command raw is the baseline of the footprint probe: the wallet balance
// with net/http and encoding/json only, as a program without the SDK would
// read it. internal/footprint/measure compares it with the facade's.
package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
)

func main() {
	req, err := http.NewRequest(http.MethodGet, os.Getenv("PROXYSHARD_BASE_URL")+"/user/api/me", nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	req.Header.Set("Authorization", "Bearer "+os.Getenv("PROXYSHARD_TOKEN"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer func() { _ = resp.Body.Close() }()
	var me struct {
		WalletBalance int `json:"wallet_balance"`
	}
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintln(os.Stderr, "status", resp.Status)
		os.Exit(1)
	}
	if err := json.NewDecoder(resp.Body).Decode(&me); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("$%d.%02d\n", me.WalletBalance/100, me.WalletBalance%100)
}
