package facade

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"

	"github.com/proxyshard/proxyshard-go/gen"
)

// Orders lists the account's orders with the given status, fetching pages
// of 100 as the loop asks for them:
//
//	for o, err := range client.Orders(ctx, facade.StatusActive) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(o.ID, o.Product)
//	}
//
// The first error is yielded once and ends the iteration; a break stops
// fetching. Pages are followed through the server's next links, but only
// on the configured origin and path: a link elsewhere ends the iteration
// with ErrPagination before any request, so the token never follows it.
// An order seen on an earlier page (the list shifted while it was read) is
// not yielded twice, and a page that brings nothing new ends the iteration
// with ErrPagination instead of looping.
func (c *Client) Orders(ctx context.Context, status OrderStatus) iter.Seq2[Order, error] {
	return func(yield func(Order, error) bool) {
		fail := func(err error) { yield(Order{}, c.redact.err(err)) }
		first, err := c.firstOrdersPage(status)
		if err != nil {
			fail(err)
			return
		}
		seen := make(map[int]struct{})
		visited := map[string]struct{}{first.String(): {}}
		for pageURL := first; ; {
			req, err := http.NewRequest(http.MethodGet, pageURL.String(), nil)
			page, err := c.ordersPage(ctx, req, err)
			if err != nil {
				fail(err)
				return
			}
			fresh := 0
			for _, o := range page.Orders {
				if _, dup := seen[o.ID]; dup {
					continue
				}
				seen[o.ID] = struct{}{}
				fresh++
				if !yield(o, nil) {
					return
				}
			}
			if page.Next == "" || len(page.Orders) == 0 {
				return
			}
			if fresh == 0 {
				fail(fmt.Errorf("%w: the page at offset %s repeats orders already listed", ErrPagination, pageURL.Query().Get("offset")))
				return
			}
			next, err := c.nextOrdersPage(pageURL, page.Next)
			if err == nil {
				if _, again := visited[next.String()]; again {
					err = fmt.Errorf("%w: the next link points back to a page already read", ErrPagination)
				}
			}
			if err != nil {
				fail(err)
				return
			}
			visited[next.String()] = struct{}{}
			pageURL = next
		}
	}
}

func (c *Client) firstOrdersPage(status OrderStatus) (*url.URL, error) {
	if err := validStatus(status); err != nil {
		return nil, err
	}
	offset, limit := 0, maxPageSize
	req, err := gen.BuildListOrders(c.server, &gen.ListOrdersParams{Status: gen.ListOrdersParamsStatus(status), Offset: &offset, Limit: &limit})
	if err != nil {
		return nil, err
	}
	return req.URL, nil
}

// nextOrdersPage resolves the server's next link against the page it came
// with and refuses one that leaves the API: another scheme or host would
// receive the request (the token is withheld there anyway, see prepare),
// and another path would not answer with orders.
func (c *Client) nextOrdersPage(cur *url.URL, link string) (*url.URL, error) {
	ref, err := url.Parse(link)
	if err != nil {
		return nil, fmt.Errorf("%w: the next link cannot be parsed", ErrPagination)
	}
	next := cur.ResolveReference(ref)
	switch {
	case !sameOrigin(next, c.origin):
		return nil, fmt.Errorf("%w: the next link leads to %s://%s, not to %s; not followed", ErrPagination, next.Scheme, next.Host, c.BaseURL())
	case next.Path != cur.Path:
		return nil, fmt.Errorf("%w: the next link leads to path %q, not %q; not followed", ErrPagination, next.Path, cur.Path)
	case strings.Contains(next.String(), c.token):
		return nil, fmt.Errorf("%w: the next link contains the token; not followed", ErrPagination)
	}
	next.Fragment, next.RawFragment = "", ""
	return next, nil
}
