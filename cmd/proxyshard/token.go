package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/proxyshard/proxyshard-go/facade"
)

// defaultBaseURL is $PROXYSHARD_BASE_URL's fallback, for the help text.
func defaultBaseURL() string { return facade.DefaultBaseURL }

// token finds the bearer token: $PROXYSHARD_TOKEN, else the token file
// (--token-file, $PROXYSHARD_TOKEN_FILE, ~/.config/proxyshard/token). A
// flag never holds the token itself: every user of the machine could read
// it in the process list.
func (a *app) token() (string, error) {
	if t := strings.TrimSpace(a.getenv("PROXYSHARD_TOKEN")); t != "" {
		return t, nil
	}
	path, explicit := a.global.tokenFile, true
	if path == "" {
		path = a.getenv("PROXYSHARD_TOKEN_FILE")
	}
	if path == "" {
		explicit = false
		path = defaultTokenFile(a.getenv)
	}
	if path == "" {
		return "", usagef("no token: set PROXYSHARD_TOKEN or write the token to ~/.config/proxyshard/token")
	}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !explicit:
		return "", usagef("no token: set PROXYSHARD_TOKEN or write the token to %s (readable only by you: chmod 600)", path)
	case err != nil:
		return "", usagef("cannot read the token file: %v", err)
	}
	t := strings.TrimSpace(string(data))
	if t == "" {
		return "", usagef("the token file %s is empty", path)
	}
	if info, err := os.Stat(path); err == nil && info.Mode().Perm()&0o077 != 0 {
		_, _ = fmt.Fprintf(a.stderr, "proxyshard: warning: %s can be read by other users; run chmod 600 %s\n", path, path)
	}
	return t, nil
}

// defaultTokenFile is proxyshard/token in the user's configuration folder.
func defaultTokenFile(getenv func(string) string) string {
	dir := getenv("XDG_CONFIG_HOME")
	if dir == "" {
		home := getenv("HOME")
		if home == "" {
			return ""
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "proxyshard", "token")
}

// client builds the API client from the token and the base URL. Commands
// call it only once their arguments are checked, so a bad command line
// never reaches the API.
func (a *app) client() (*facade.Client, error) {
	tok, err := a.token()
	if err != nil {
		return nil, err
	}
	return a.clientWith(tok)
}

// clientWith builds the API client from tok and the base URL.
func (a *app) clientWith(tok string) (*facade.Client, error) {
	base := a.global.baseURL
	if base == "" {
		base = a.getenv("PROXYSHARD_BASE_URL")
	}
	opts := []facade.Option{
		facade.WithUserAgent("proxyshard-cli/" + version + " " + facade.DefaultUserAgent),
		facade.WithRetry(a.retry),
	}
	if base != "" {
		opts = append(opts, facade.WithBaseURL(base))
	}
	a.usedToken = tok
	c, err := facade.New(tok, opts...)
	if err != nil {
		var ve *facade.ValidationError
		if errors.As(err, &ve) {
			return nil, usagef("invalid %s: %s", ve.Field, ve.Reason)
		}
		return nil, err
	}
	return c, nil
}
