package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/proxyshard/proxyshard-go/facade"
)

// exportFormats are the list formats proxy tools import; each writes one
// proxy per line except csv (with a header) and json (one array).
var exportFormats = map[string]func(facade.Proxy) string{
	"ip:port:user:pass": facade.Proxy.IPPortUserPass,
	"user:pass@ip:port": facade.Proxy.UserPassAtIPPort,
	"http":              func(p facade.Proxy) string { return p.HTTPURL().String() },
	"socks5":            func(p facade.Proxy) string { return p.SOCKS5URL().String() },
}

const formatChoices = "ip:port:user:pass, user:pass@ip:port, http, socks5, csv or json"

// repeated is a flag that may be given more than once.
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

func exportCommand() *command {
	return &command{
		name: "export", summary: "write the proxies of orders as a list for other tools",
		detail: `Without --order it exports every active Datacenter and ISP order. The file given
with -o is written atomically (a temporary file renamed into place) and readable
only by you, as it holds passwords.

There is no working --country filter: the API does not say which country an
order's proxies are in. An order, listed or read alone, names its product and
cycle but no location; the country chosen at purchase is not given back, and
the product list's one entry per location carries no ID an order could be
matched with. Tag each order with its country ("proxyshard tag 12 de") and
use --tag de, or name the orders with --order.`,
		examples: []string{
			"proxyshard export > proxies.txt",
			"proxyshard tag 12 de && proxyshard export --tag de   # by country",
			"proxyshard export --order 12 --format http",
			"proxyshard export --tag scraper --format socks5 -o socks.txt",
			"proxyshard export --product isp --format csv -o isp.csv",
		},
		setup: setupExport,
	}
}

func setupExport(cmd *command, fs *flag.FlagSet) runner {
	var orders repeated
	fs.Var(&orders, "order", "only this order (repeat for more)")
	tag := fs.String("tag", "", "only orders with this tag")
	product := fs.String("product", "", "only this product: dc or isp (or a product's exact name)")
	country := fs.String("country", "", "refused: the API does not say an order's country; tag orders by country and use --tag")
	format := fs.String("format", "ip:port:user:pass", "the format: "+formatChoices)
	file := fs.String("o", "", "write to this file instead of stdout")
	return func(ctx context.Context, a *app, args []string) error {
		if err := wantArgs(cmd, args, 0); err != nil {
			return err
		}
		if *country != "" {
			return usageFor(cmd, "--country cannot work: the API does not say which country an order's proxies are in "+
				"(orders name their product and cycle but no location, and products carry no ID to match them with); "+
				"tag each order with its country (\"proxyshard tag ORDER %s\") and use --tag %s, or name the orders with --order",
				strings.ToLower(*country), strings.ToLower(*country))
		}
		if _, ok := exportFormats[*format]; !ok && *format != "csv" && *format != "json" {
			return usageFor(cmd, "unknown --format %q: use %s", *format, formatChoices)
		}
		ids := make([]int, 0, len(orders))
		for _, o := range orders {
			id, err := orderID(cmd, o)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		want, err := productFilter(cmd, *product)
		if err != nil {
			return err
		}
		c, err := a.client()
		if err != nil {
			return err
		}
		selected, err := selectOrders(ctx, c, ids, *tag, want)
		if err != nil {
			return err
		}
		var all []proxyJSON
		for _, id := range selected {
			proxies, err := c.ActiveProxies(ctx, id)
			if err != nil {
				return err
			}
			for _, p := range proxies {
				all = append(all, proxyOut(id, p))
			}
		}
		data, err := encodeProxies(*format, all)
		if err != nil {
			return err
		}
		if *file == "" {
			_, err := a.stdout.Write(data)
			return err
		}
		if err := writeAtomic(*file, data); err != nil {
			return &exitError{code: exitFailure, msg: fmt.Sprintf("proxyshard: cannot write %s: %v\nnothing was written there; check the folder exists and is writable", *file, err)}
		}
		_, _ = fmt.Fprintf(a.stderr, "proxyshard: wrote %d proxies to %s\n", len(all), *file)
		return nil
	}
}

// selectOrders returns the orders to export: the ones named (checked
// against the filters), or every active Datacenter and ISP order that
// passes them.
func selectOrders(ctx context.Context, c *facade.Client, ids []int, tag string, product facade.ProductName) ([]int, error) {
	if len(ids) > 0 {
		var out []int
		for _, id := range ids {
			o, err := c.GetOrder(ctx, id)
			if err != nil {
				return nil, err
			}
			if (tag == "" || o.Tag == tag) && (product == "" || o.Product == product) {
				out = append(out, id)
			}
		}
		return out, nil
	}
	var out []int
	for o, err := range c.Orders(ctx, facade.StatusActive) {
		if err != nil {
			return nil, err
		}
		if o.Product != facade.ProductDatacenter && o.Product != facade.ProductISP {
			continue // residential orders are reached through a gateway, not a list of IPs
		}
		if (tag == "" || o.Tag == tag) && (product == "" || o.Product == product) {
			out = append(out, o.ID)
		}
	}
	return out, nil
}

func encodeProxies(format string, proxies []proxyJSON) ([]byte, error) {
	var b bytes.Buffer
	switch format {
	case "json":
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(nonNil(proxies)); err != nil {
			return nil, err
		}
	case "csv":
		w := csv.NewWriter(&b)
		_ = w.Write([]string{"order_id", "ip", "http_port", "socks_port", "username", "password", "status", "until", "signature"})
		for _, p := range proxies {
			_ = w.Write([]string{strconv.Itoa(p.OrderID), p.IP, strconv.Itoa(p.HTTPPort), strconv.Itoa(p.SOCKSPort), p.Username, p.Password, p.Status, p.Until, p.Signature})
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return nil, err
		}
	default:
		line := exportFormats[format]
		for _, p := range proxies {
			b.WriteString(line(facade.Proxy{IP: p.IP, HTTPPort: p.HTTPPort, SOCKSPort: p.SOCKSPort, Username: p.Username, Password: p.Password}) + "\n")
		}
	}
	return b.Bytes(), nil
}

// writeAtomic writes data to a temporary file next to path and renames it
// into place, so a reader never sees half a list and a failed write leaves
// the old file. The file holds passwords: it is readable by its owner only.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() { _ = os.Remove(tmp.Name()) }() // a no-op after the rename
	if err := tmp.Chmod(0o600); err != nil {
		_ = tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
