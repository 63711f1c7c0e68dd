package facade_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade"
)

// pagedOrders serves orders 1..total in pages; nextLink decides the "next"
// field for a page that has more after it.
func pagedOrders(total int, nextLink func(r *http.Request, nextOffset, limit int) string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		offset, _ := strconv.Atoi(q.Get("offset"))
		limit, _ := strconv.Atoi(q.Get("limit"))
		if r.URL.Path != "/user/api/orders" || q.Get("status") == "" || limit < 1 || limit > 100 {
			writeJSON(w, 400, `{"success":false,"message":"bad listing request"}`)
			return
		}
		type order struct {
			OrderID     int    `json:"order_id"`
			ProductID   int    `json:"product_id"`
			ProductName string `json:"product_name"`
			CycleID     int    `json:"cycle_id"`
			CycleName   string `json:"cycle_name"`
		}
		page := struct {
			Success bool    `json:"success"`
			Orders  []order `json:"orders"`
			Count   int     `json:"count"`
			Next    *string `json:"next"`
		}{Success: true, Orders: []order{}}
		for id := offset + 1; id <= min(offset+limit, total); id++ {
			page.Orders = append(page.Orders, order{id, 1, "Datacenter Proxy", 1, "monthly"})
		}
		page.Count = len(page.Orders)
		if offset+limit < total {
			next := nextLink(r, offset+limit, limit)
			page.Next = &next
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(page)
	}
}

func relativeNext(r *http.Request, offset, limit int) string {
	return fmt.Sprintf("/user/api/orders?status=%s&offset=%d&limit=%d", r.URL.Query().Get("status"), offset, limit)
}

// collect ranges over the iterator, stopping after stopAfter orders (0: never).
func collect(seq func(func(facade.Order, error) bool), stopAfter int) (ids []int, errs []error) {
	for o, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, o.ID)
		if stopAfter > 0 && len(ids) == stopAfter {
			break
		}
	}
	return ids, errs
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

func TestOrdersFollowsNextLinks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		next func(s *handlerServer) func(r *http.Request, offset, limit int) string
	}{
		{"path-absolute link", func(*handlerServer) func(*http.Request, int, int) string { return relativeNext }},
		{"absolute link on the same origin", func(s *handlerServer) func(*http.Request, int, int) string {
			return func(r *http.Request, offset, limit int) string { return s.URL + relativeNext(r, offset, limit) }
		}},
		{"query-only link", func(*handlerServer) func(*http.Request, int, int) string {
			return func(r *http.Request, offset, limit int) string {
				return fmt.Sprintf("?status=%s&offset=%d&limit=%d", r.URL.Query().Get("status"), offset, limit)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s *handlerServer
			var limits []string
			s = serve(t, func(w http.ResponseWriter, r *http.Request) {
				limits = append(limits, r.URL.Query().Get("limit"))
				pagedOrders(250, tt.next(s))(w, r)
			})
			ids, errs := collect(newClient(t, s.URL).Orders(context.Background(), facade.StatusAll), 0)
			assert.Empty(t, errs)
			assert.Equal(t, seq(250), ids)
			assert.EqualValues(t, 3, s.hits.Load())
			assert.Equal(t, []string{"100", "100", "100"}, limits, "pages are fetched at the largest size")
		})
	}
}

func TestOrdersBreakStopsFetching(t *testing.T) {
	t.Parallel()
	s := serve(t, pagedOrders(1000, relativeNext))
	ids, errs := collect(newClient(t, s.URL).Orders(context.Background(), facade.StatusActive), 150)
	assert.Empty(t, errs)
	assert.Equal(t, seq(150), ids)
	assert.EqualValues(t, 2, s.hits.Load(), "only the pages the loop asked for are fetched")
}

func TestOrdersRefusesUnsafeOrLoopingPages(t *testing.T) {
	t.Parallel()
	other := serve(t, pagedOrders(250, relativeNext))
	tests := []struct {
		name     string
		handler  http.HandlerFunc
		wantIDs  []int
		wantHits int64
		wantText string
	}{
		{
			name: "next link to another origin",
			handler: pagedOrders(250, func(r *http.Request, o, l int) string {
				return other.URL + relativeNext(r, o, l)
			}),
			wantIDs: seq(100), wantHits: 1, wantText: "not followed",
		},
		{
			name: "next link to another scheme on the same host",
			handler: pagedOrders(250, func(r *http.Request, o, l int) string {
				return "https://" + r.Host + relativeNext(r, o, l)
			}),
			wantIDs: seq(100), wantHits: 1, wantText: "not followed",
		},
		{
			name:    "next link to another path",
			handler: pagedOrders(250, func(*http.Request, int, int) string { return "/user/api/me" }),
			wantIDs: seq(100), wantHits: 1, wantText: "path",
		},
		{
			name: "next link back to the page just read",
			handler: pagedOrders(250, func(r *http.Request, _, _ int) string {
				return r.URL.RequestURI()
			}),
			wantIDs: seq(100), wantHits: 1, wantText: "already read",
		},
		{
			name: "server ignores the offset and repeats the first page",
			handler: func(w http.ResponseWriter, r *http.Request) {
				q := r.URL.Query()
				offset, _ := strconv.Atoi(q.Get("offset"))
				next := fmt.Sprintf("/user/api/orders?status=all&offset=%d&limit=100", offset+100)
				body := `{"success":true,"orders":[`
				for id := 1; id <= 100; id++ {
					if id > 1 {
						body += ","
					}
					body += fmt.Sprintf(`{"order_id":%d,"product_id":1,"product_name":"Datacenter Proxy","cycle_id":1,"cycle_name":"monthly"}`, id)
				}
				writeJSON(w, 200, body+`],"next":"`+next+`"}`)
			},
			wantIDs: seq(100), wantHits: 2, wantText: "repeats",
		},
		{
			name: "next link carrying the token",
			handler: pagedOrders(250, func(r *http.Request, o, l int) string {
				return relativeNext(r, o, l) + "&t=" + testToken
			}),
			wantIDs: seq(100), wantHits: 1, wantText: "token",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := other.hits.Load()
			s := serve(t, tt.handler)
			ids, errs := collect(newClient(t, s.URL).Orders(context.Background(), facade.StatusAll), 0)
			assert.Equal(t, tt.wantIDs, ids)
			require.Len(t, errs, 1, "the error is yielded once")
			assert.ErrorIs(t, errs[0], facade.ErrPagination)
			assert.Contains(t, errs[0].Error(), tt.wantText)
			assert.NotContains(t, errs[0].Error(), testToken)
			assert.Equal(t, tt.wantHits, s.hits.Load())
			assert.Equal(t, before, other.hits.Load(), "another origin is never called")
		})
	}
}

func TestOrdersSkipsOrdersShiftedIntoTheNextPage(t *testing.T) {
	t.Parallel()
	// An order created while listing pushes the last order of page one onto page two.
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("offset") == "0" {
			writeJSON(w, 200, `{"success":true,"orders":[{"order_id":1,"product_id":1,"product_name":"p","cycle_id":1,"cycle_name":"c"},{"order_id":2,"product_id":1,"product_name":"p","cycle_id":1,"cycle_name":"c"}],"next":"/user/api/orders?status=all&offset=2&limit=100"}`)
			return
		}
		writeJSON(w, 200, `{"success":true,"orders":[{"order_id":2,"product_id":1,"product_name":"p","cycle_id":1,"cycle_name":"c"},{"order_id":3,"product_id":1,"product_name":"p","cycle_id":1,"cycle_name":"c"}],"next":null}`)
	})
	ids, errs := collect(newClient(t, s.URL).Orders(context.Background(), facade.StatusAll), 0)
	assert.Empty(t, errs)
	assert.Equal(t, []int{1, 2, 3}, ids)
}

func TestOrdersYieldsTheFirstErrorOnceAndStops(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		handler http.HandlerFunc
		status  facade.OrderStatus
		wantIDs []int
		wantIs  error
		hits    int64
	}{
		{"unauthorized", func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 401, `{"success":false,"message":"bad token"}`)
		}, facade.StatusAll, nil, facade.ErrUnauthorized, 1},
		{"failure on the second page", func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Get("offset") != "0" {
				writeJSON(w, 404, `{"success":false,"message":"gone"}`)
				return
			}
			pagedOrders(250, relativeNext)(w, r)
		}, facade.StatusAll, seq(100), facade.ErrNotFound, 2},
		{"invalid status sends nothing", pagedOrders(10, relativeNext), facade.OrderStatus("paid"), nil, facade.ErrValidation, 0},
		{"HTML page instead of JSON", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<html>maintenance</html>"))
		}, facade.StatusAll, nil, facade.ErrInvalidResponse, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := serve(t, tt.handler)
			ids, errs := collect(newClient(t, s.URL).Orders(context.Background(), tt.status), 0)
			assert.Equal(t, tt.wantIDs, ids)
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], tt.wantIs)
			assert.Equal(t, tt.hits, s.hits.Load())
		})
	}
}

func TestOrdersPage(t *testing.T) {
	t.Parallel()
	s := serve(t, pagedOrders(150, relativeNext))
	c := newClient(t, s.URL)
	page, err := c.OrdersPage(context.Background(), facade.StatusActive, 100, 100)
	require.NoError(t, err)
	assert.Len(t, page.Orders, 50)
	assert.Equal(t, 101, page.Orders[0].ID)
	assert.Equal(t, facade.ProductDatacenter, page.Orders[0].Product)
	assert.Empty(t, page.Next)

	page, err = c.OrdersPage(context.Background(), facade.StatusActive, 0, 20)
	require.NoError(t, err)
	assert.Len(t, page.Orders, 20)
	assert.Equal(t, 20, page.Count)
	assert.Equal(t, "/user/api/orders?status=active&offset=20&limit=20", page.Next)

	hits := s.hits.Load()
	for _, bad := range []struct {
		status        facade.OrderStatus
		offset, limit int
	}{{"", 0, 10}, {facade.StatusAll, -1, 10}, {facade.StatusAll, 0, 0}, {facade.StatusAll, 0, 101}} {
		_, err := c.OrdersPage(context.Background(), bad.status, bad.offset, bad.limit)
		assert.ErrorIs(t, err, facade.ErrValidation, "%+v", bad)
	}
	assert.Equal(t, hits, s.hits.Load(), "invalid pages are not requested")
}
