package answers

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/gen"
)

// The generated decoders must give what they replace: json.Unmarshal into
// a zero value, then Check. Both fail or both succeed, and on success the
// values are the same (reflect.DeepEqual: nil and empty slices apart,
// pointers compared by what they point to).

// decoded names an operation with a generated decoder and a fresh value of
// the type it decodes into.
type decoded struct {
	op  string
	new func() any
}

var decodedOps = []decoded{
	{"listOrders", func() any { return new(gen.ListOrdersAnswer) }},
	{"listActiveProxies", func() any { return new(gen.ListActiveProxiesAnswer) }},
	{"listProducts", func() any { return new(gen.ListProductsAnswer) }},
	{"getMe", func() any { return new(gen.APIMeResponse) }},
	{"listCountries", func() any { return new(gen.PagedCountriesResponse) }},
	{"listRegions", func() any { return new(gen.PagedRegionsResponse) }},
	{"listCities", func() any { return new(gen.PagedCitiesResponse) }},
	{"listIsps", func() any { return new(gen.PagedIspsResponse) }},
}

// agree decodes body both ways and fails the test where they differ.
func agree(t *testing.T, d decoded, body []byte) {
	t.Helper()
	want := d.new()
	wantErr := json.Unmarshal(body, want)
	if wantErr == nil {
		wantErr = Check(d.op, 200, body)
	}
	got := d.new()
	handled, err := Decode(d.op, 200, body, got)
	require.True(t, handled, "%s has a generated decoder", d.op)
	if wantErr != nil {
		require.Error(t, err, "%s %q: encoding/json and Check say %v; the decoder found nothing wrong and made %+v", d.op, body, wantErr, got)
		var e *Error
		require.True(t, errors.As(err, &e), "an *Error, got %T", err)
		require.True(t, strings.HasPrefix(e.Field, "body"), "the error names the place: %v", err)
		return
	}
	require.NoError(t, err, "%s %q: encoding/json and Check accept it", d.op, body)
	require.True(t, reflect.DeepEqual(want, got), "%s %q:\nencoding/json: %s\ndecoder:       %s", d.op, body, dump(want), dump(got))
}

func dump(v any) string {
	b, _ := json.Marshal(v)
	return fmt.Sprintf("%s %#v", b, v)
}

func ordersPage(n int, order string) string {
	items := make([]string, n)
	for i := range items {
		items[i] = fmt.Sprintf(order, i+1)
	}
	return `{"success":true,"count":` + fmt.Sprint(n) + `,"orders":[` + strings.Join(items, ",") + `],"next":"/user/api/orders?status=all&offset=100&limit=100","prev":null}`
}

const (
	fullOrder  = `{"order_id":%d,"product_id":1,"product_name":"Datacenter Proxy","cycle_id":1,"cycle_name":"monthly","expires_at":"2026-02-01T00:00:00Z","auto_renewal":true,"tag":"batch-7"}`
	fullProxy  = `{"ip":"10.0.0.%d","http_port":8080,"socks_port":1080,"username":"u","password":"p","status":"active","until":"2026-09-01T12:00:00Z","signature":null}`
	shortOrder = `{"order_id":%d,"product_id":1,"product_name":"p","cycle_id":1,"cycle_name":"c"}`
)

func proxyList(n int, proxy string) string {
	items := make([]string, n)
	for i := range items {
		items[i] = fmt.Sprintf(proxy, i)
	}
	return `{"success":true,"order_tag":"batch-7","data":[` + strings.Join(items, ",") + `]}`
}

// Answers each decoder must treat as encoding/json and Check do: fixtures,
// and every way the issue names of getting it wrong.
var agreementCases = map[string][]string{
	"listOrders": {
		ordersPage(3, fullOrder),
		ordersPage(1, shortOrder),
		ordersPage(0, shortOrder),
		orders,
		`{"orders":[],"success":true}`,
		`{"orders":null,"success":true}`,
		`{"success":true}`,
		`{"orders":[]}`,
		`{"orders":[],"success":false,"message":"no"}`,
		// unknown values and names still decode; nulls where allowed
		`{"orders":[{"order_id":1,"product_id":1,"product_name":"New Product","cycle_id":9,"cycle_name":"decennial","status":"brand_new","extra":{"a":[1,2.5e3,true,null,"x"]}}],"success":true}`,
		`{"orders":[{"order_id":1,"product_id":1,"product_name":"p","cycle_id":1,"cycle_name":"c","tag":null,"expires_at":null,"auto_renewal":null}],"success":true,"next":null,"count":3}`,
		// nulls where none is allowed
		`{"orders":[{"order_id":null,"product_id":1,"product_name":"p","cycle_id":1,"cycle_name":"c"}],"success":true}`,
		`{"orders":[null],"success":true}`,
		`{"orders":[],"success":null}`,
		`{"orders":[],"success":true,"count":null}`,
		// wrong JSON types
		`{"orders":[{"order_id":"1","product_id":1,"product_name":"p","cycle_id":1,"cycle_name":"c"}],"success":true}`,
		`{"orders":[{"order_id":1,"product_id":1,"product_name":7,"cycle_id":1,"cycle_name":"c"}],"success":true}`,
		`{"orders":{},"success":true}`,
		`{"orders":[],"success":"true"}`,
		`{"orders":[],"success":1}`,
		`{"orders":[7],"success":true}`,
		`{"orders":[],"success":true,"tag":{}}`,
		`{"orders":[{"order_id":1,"product_id":1,"product_name":"p","cycle_id":1,"cycle_name":"c","auto_renewal":"yes"}],"success":true}`,
		`[]`, `"x"`, `7`, `true`, `null`, ``, ` `,
		// numbers: big, fractions, exponents, signs, leading zeros
		`{"orders":[{"order_id":9223372036854775807,"product_id":-9223372036854775808,"product_name":"p","cycle_id":-0,"cycle_name":"c"}],"success":true}`,
		`{"orders":[{"order_id":9223372036854775808,"product_id":1,"product_name":"p","cycle_id":1,"cycle_name":"c"}],"success":true}`,
		`{"orders":[{"order_id":-9223372036854775809,"product_id":1,"product_name":"p","cycle_id":1,"cycle_name":"c"}],"success":true}`,
		`{"orders":[{"order_id":99999999999999999999999,"product_id":1,"product_name":"p","cycle_id":1,"cycle_name":"c"}],"success":true}`,
		`{"orders":[{"order_id":1.0,"product_id":1,"product_name":"p","cycle_id":1,"cycle_name":"c"}],"success":true}`,
		`{"orders":[{"order_id":1e2,"product_id":1,"product_name":"p","cycle_id":1,"cycle_name":"c"}],"success":true}`,
		`{"orders":[{"order_id":01,"product_id":1,"product_name":"p","cycle_id":1,"cycle_name":"c"}],"success":true}`,
		`{"orders":[{"order_id":-,"product_id":1,"product_name":"p","cycle_id":1,"cycle_name":"c"}],"success":true}`,
		`{"orders":[{"order_id":+1,"product_id":1,"product_name":"p","cycle_id":1,"cycle_name":"c"}],"success":true}`,
		`{"orders":[],"success":true,"x":1.}`,
		`{"orders":[],"success":true,"x":1.5e}`,
		`{"orders":[],"success":true,"x":-1.5E+07}`,
		`{"orders":[],"success":true,"x":.5}`,
		// strings: escapes, unicode, invalid UTF-8, control bytes
		`{"orders":[{"order_id":1,"product_id":1,"product_name":"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00","cycle_id":1,"cycle_name":"\ud800"}],"success":true}`,
		"{\"orders\":[{\"order_id\":1,\"product_id\":1,\"product_name\":\"caf\xc3\xa9 \xff\xfe\",\"cycle_id\":1,\"cycle_name\":\"c\"}],\"success\":true}",
		"{\"orders\":[{\"order_id\":1,\"product_id\":1,\"product_name\":\"a\tb\",\"cycle_id\":1,\"cycle_name\":\"c\"}],\"success\":true}",
		`{"orders":[{"order_id":1,"product_id":1,"product_name":"\x","cycle_id":1,"cycle_name":"c"}],"success":true}`,
		`{"orders":[{"order_id":1,"product_id":1,"product_name":"\u12","cycle_id":1,"cycle_name":"c"}],"success":true}`,
		`{"orders":[],"success":true,"x":"\u12g4"}`,
		"{\"orders\":[],\"success\":true,\"x\":\"a\x01\"}",
		`{"orders":[],"success":true,"x":"\q"}`,
		// names: escaped, another case (encoding/json matches them; Check does not), duplicated
		`{"ord\u0065rs":[],"succes\u0073":true}`,
		`{"orders":[],"success":true,"TAG":"x","Next":"n","COUNT":4}`,
		`{"orders":[{"ORDER_ID":1,"order_id":2,"Product_Name":"x","product_id":1,"product_name":"p","cycle_id":1,"cycle_name":"c","TAG":"t","Auto_Renewal":false}],"success":true}`,
		`{"orders":[{"order_id":1,"product_id":1,"product_name":"p","cycle_id":1,"cycle_name":"c","TAG":null,"Order_Id":null,"CYCLE_NAME":null}],"success":true}`,
		`{"orders":[],"ſuccess":true,"success":true}`,
		`{"orders":[],"success":true,"ſuccess":false}`,
		`{"Orders":[{"order_id":1}],"orders":[],"success":true}`,
		`{"orders":[],"success":true,"NEXT":7}`,
		`{"orders":[{"order_id":1,"product_id":1,"product_name":"p","cycle_id":1,"cycle_name":"c","tag":"a"},{"order_id":2,"product_id":1,"product_name":"p","cycle_id":1,"cycle_name":"c"}],"orders":[{"order_id":3,"product_id":1,"product_name":"p","cycle_id":1,"cycle_name":"c"}],"success":true}`,
		`{"orders":[{"order_id":1,"product_id":1,"product_name":"p","cycle_id":1,"cycle_name":"c","tag":"a"}],"orders":[],"success":true}`,
		`{"orders":[],"success":true,"success":false}`,
		`{"orders":[],"success":true,"tag":"a","tag":null,"next":"a","next":"b"}`,
		`{"orders":[{"order_id":1,"product_id":1,"product_name":"p","cycle_id":1,"cycle_name":"c","tag":"a","tag":null}],"success":true}`,
		`{"orders":[{"order_id":1,"product_id":1,"product_name":"p","cycle_id":1,"cycle_name":"c","cycle_name":null}],"success":true}`,
		"{\"orders\":[],\"success\":true,\"a\x01\":1}",
		`{"orders":[],"success":true,"\ud800":1}`,
		// syntax: cut off, trailing data, separators, whitespace, depth
		`{"orders":[],"success":true} x`,
		`{"orders":[],"success":true}{}`,
		" \t\r\n{ \"orders\" : [ ] , \"success\" : true } \n",
		`{"orders":[],"success":true,}`,
		`{"orders":[,],"success":true}`,
		`{"orders":[],,"success":true}`,
		`{"orders":[]"success":true}`,
		`{"orders" []}`,
		`{orders:[],"success":true}`,
		`{"orders":[],"success":tru}`,
		`{"orders":[],"success":truex}`,
		`{"orders":[],"success":nul}`,
		`{"orders":[],"success":true,"x":[1 2]}`,
		`{"orders":[],"success":true,"x":{"a" 1}}`,
		`{"orders":[],"success":true,"x":{"a":1,}}`,
		`{"orders":[],"success":true,"x":[1,]}`,
		`{"orders":[],"success":true,"x":` + strings.Repeat("[", 63) + strings.Repeat("]", 63) + `}`,
		`{"orders":[],"success":true,"x":` + strings.Repeat("[", 64) + strings.Repeat("]", 64) + `}`,
		`{"orders":[],"success":true,"x":` + strings.Repeat(`{"a":`, 70) + `1` + strings.Repeat("}", 70) + `}`,
		`{"orders":[],"success":true,"x":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`,
		"{\"orders\":[],\"success\":true\x00}",
		"\ufeff{\"orders\":[],\"success\":true}",
	},
	"listActiveProxies": {
		proxyList(3, fullProxy),
		proxyList(0, fullProxy),
		`{"success":true,"data":[{"ip":"10.0.0.1","http_port":8080,"socks_port":1080,"username":"u","password":"p","status":"suspended_for_review","until":"2026-09-01","signature":"win12"}]}`,
		`{"success":true,"data":[{"ip":"10.0.0.1","http_port":8080,"socks_port":1080,"username":"u","password":"p","status":"active"}]}`,
		`{"success":true,"data":[{"ip":"10.0.0.1","http_port":"8080","socks_port":1080,"username":"u","password":"p","status":"active","until":"x"}]}`,
		`{"success":true,"data":[{"ip":null,"http_port":8080,"socks_port":1080,"username":"u","password":"p","status":"active","until":"x"}]}`,
		`{"success":true,"data":[{"IP":"1","http_port":8080,"socks_port":1080,"username":"u","password":"p","status":"active","until":"x","ip":"2","Signature":"linux"}]}`,
		`{"success":true,"data":[],"order_tag":null}`,
		`{"success":true,"data":[],"order_tag":5}`,
		`{"success":true,"data":null}`,
		`{"data":[]}`,
		`{"success":false,"message":"order not found"}`,
		`{"success":true,"data":[{"ip":"10.0.0.1","http_port":80801234567890123456,"socks_port":1080,"username":"u","password":"p","status":"active","until":"x"}]}`,
	},
	"listProducts": {
		`{"success":true,"products":[{"name":"Datacenter Proxy","location":"Germany","description":"fast","cycles":["monthly","quarterly"]},{"name":"ISP Proxy","location":null,"description":null,"cycles":[]}]}`,
		`{"success":true,"products":[]}`,
		`{"success":true,"products":[{"name":"New","cycles":["decennial"],"tier":"gold"}]}`,
		`{"success":true,"products":[{"name":"p","cycles":null}]}`,
		`{"success":true,"products":[{"name":"p","cycles":[null]}]}`,
		`{"success":true,"products":[{"name":"p","cycles":[1]}]}`,
		`{"success":true,"products":[{"name":"p"}]}`,
		`{"success":true,"products":[{"NAME":"p","Cycles":["a"],"name":"q","cycles":["b"],"cycles":["c","d"]}]}`,
		`{"success":true,"products":[{"name":"p","cycles":["a","b","c"],"cycles":["x"]}]}`,
		`{"success":true,"products":[{"name":"p","cycles":["a"],"location":7}]}`,
	},
	"getMe": {
		me,
		`{"email":"a@b.c","active_orders":0,"wallet_balance":0}`,
		`{"email":"a@b.c","active_orders":3,"wallet_balance":-9223372036854775808,"currency":"USD","tier":{"name":"gold"}}`,
		`{"email":"a@b.c","active_orders":3}`,
		`{"email":"a@b.c","active_orders":3,"wallet_balance":100.5}`,
		`{"email":"a@b.c","active_orders":3,"wallet_balance":"100"}`,
		`{"email":"a@b.c","active_orders":3,"wallet_balance":null}`,
		`{"email":"a@b.c","active_orders":3,"wallet_balance":9223372036854775808}`,
		`{"email":"a@b.c","active_orders":3,"wallet_balance":1e5}`,
		`{"EMAIL":"x","email":"a@b.c","Active_Orders":9,"active_orders":3,"wallet_balance":1,"Wallet_Balance":2}`,
		`{"email":"a@b.c","active_orders":3,"wallet_balance":1,"WALLET_BALANCE":null}`,
		`{}`, `[]`, `{"email":"a@b.c","active_orders":3,"wallet_balance":1}}`,
	},
	"listCountries": {
		`{"count":2,"results":[{"code":"DE","name":"Germany"},{"code":"FR","name":"France"}]}`,
		`{"count":0,"results":[]}`,
		`{"count":1,"results":[{"code":"XX","name":"Newland","flag":"🏳"}],"next":null}`,
		`{"count":1,"results":[{"code":"DE"}]}`,
		`{"count":"1","results":[]}`,
		`{"results":[]}`,
		`{"count":1,"results":[{"code":null,"name":"n"}]}`,
		`{"count":1,"results":[{"CODE":"de","code":"DE","Name":"x","name":"Germany"}]}`,
	},
	"listRegions": {
		`{"count":1,"results":[{"code":"BE","name":"Berlin","country":{"code":"DE","name":"Germany"}}]}`,
		`{"count":0,"results":[]}`,
		`{"count":1,"results":[{"code":"BE","name":"Berlin","country":{"code":"DE","name":"Germany","continent":"EU"}}]}`,
		`{"count":1,"results":[{"code":"BE","name":"Berlin","country":null}]}`,
		`{"count":1,"results":[{"code":"BE","name":"Berlin","country":{"code":"DE"}}]}`,
		`{"count":1,"results":[{"code":"BE","name":"Berlin","country":"DE"}]}`,
		`{"count":1,"results":[{"code":"BE","name":"Berlin","Country":{"code":"DE"},"country":{"code":"DE","name":"Germany"}}]}`,
	},
	"listCities": {
		`{"count":2,"results":[{"code":"BER","name":"Berlin","country":{"code":"DE","name":"Germany"},"region":{"code":"BE","name":"Berlin"}},{"code":"MC","name":"Monaco","country":{"code":"MC","name":"Monaco"},"region":null}]}`,
		`{"count":0,"results":[]}`,
		`{"count":1,"results":[{"code":"BER","name":"Berlin","country":{"code":"DE","name":"Germany"}}]}`,
		`{"count":1,"results":[{"code":"BER","name":"Berlin","country":{"code":"DE","name":"Germany"},"region":{"code":"BE"}}]}`,
		`{"count":1,"results":[{"code":"BER","name":"Berlin","country":{"code":"DE","name":"Germany"},"region":[]}]}`,
		`{"count":1,"results":[{"code":"BER","name":"Berlin","country":{"code":"DE","name":"Germany"},"REGION":{"code":"x"},"region":{"code":"BE","name":"Berlin"},"region":{"name":"Only"}}]}`,
		`{"count":1,"results":[{"code":"BER","name":"Berlin","country":{"code":"DE","name":"Germany"},"region":{"code":"BE","name":"Berlin"},"region":null}]}`,
		`{"count":1,"results":[{"code":"BER","name":"Berlin","country":{"code":"DE","name":"Germany"},"Region":null}]}`,
	},
	"listIsps": {
		`{"count":1,"results":[{"code":"t-mobile","name":"T-Mobile","country":{"code":"US","name":"United States"},"region":{"code":"NY","name":"New York"}}]}`,
		`{"count":0,"results":[]}`,
		`{"count":1,"results":[{"code":"x","name":"X","country":{"code":"US","name":"United States"},"region":null,"asn":7922}]}`,
		`{"count":1,"results":[{"code":"x","name":"X","country":{"code":"US","name":"United States"},"region":{"name":"New York"}}]}`,
		`{"count":1,"results":[{"code":"x","country":{"code":"US","name":"United States"}}]}`,
	},
}

func TestDecodeAgreesWithEncodingJSONAndCheck(t *testing.T) {
	for _, d := range decodedOps {
		for i, body := range agreementCases[d.op] {
			t.Run(fmt.Sprintf("%s/%d", d.op, i), func(t *testing.T) { agree(t, d, []byte(body)) })
		}
	}
}

// Every prefix of a whole answer (an answer cut off anywhere) and random
// damage to it: the decoders agree on each.
func TestDecodeAgreesOnCutAndDamagedAnswers(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 1))
	junk := []byte(`{}[]",:\ -.eE0123456789tfnulx` + "\x00\x1f\x7f\xc3\xff")
	for _, d := range decodedOps {
		for _, body := range agreementCases[d.op][:3] {
			for n := range len(body) {
				agree(t, d, []byte(body[:n]))
			}
			for range 3000 {
				b := []byte(body)
				for range 1 + rng.IntN(3) {
					at := rng.IntN(len(b))
					switch rng.IntN(3) {
					case 0: // replace a byte
						b[at] = junk[rng.IntN(len(junk))]
					case 1: // drop one
						b = append(b[:at], b[at+1:]...)
					default: // insert one
						b = append(b[:at], append([]byte{junk[rng.IntN(len(junk))]}, b[at:]...)...)
					}
				}
				agree(t, d, b)
			}
		}
	}
}

// Errors name the place and say what is wrong, in Check's words.
func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		op, body, err string
	}{
		{"listOrders", `{"success":true,"orders":[{"order_id":1}]}`, "body.orders[0].cycle_id is missing"},
		{"listOrders", `{"success":true,"orders":[` + fmt.Sprintf(shortOrder, 1) + `,{"order_id":"2"}]}`, "body.orders[1].order_id is a string, want an integer"},
		{"listOrders", `{"success":true,"orders":[{"order_id":1,"tag":`, "malformed JSON: body.orders[0] is cut off"},
		{"listOrders", `{"success":true,"orders":[],"count":1.5}`, "body.count is a number, want an integer"},
		{"listOrders", `{"success":true,"orders":[],"count":1e999}`, "body.count is a number, want an integer"},
		{"listOrders", `{"success":true,"orders":[],"count":99999999999999999999}`, "body.count is an integer out of range"},
		{"listActiveProxies", `{"success":null,"data":[]}`, "body.success is null, want a boolean"},
		{"listActiveProxies", `{"success":true,"data":[]} <html>`, "malformed JSON: body has data after the answer"},
	}
	for _, tt := range tests {
		for _, d := range decodedOps {
			if d.op != tt.op {
				continue
			}
			_, err := Decode(tt.op, 200, []byte(tt.body), d.new())
			assert.EqualError(t, err, tt.err, tt.body)
		}
	}
}

// Only the generated decoders' operations, statuses and types are handled;
// anything else is left to encoding/json and Check.
func TestDecodeHandlesOnlyItsAnswers(t *testing.T) {
	var order gen.GetOrderAnswer
	handled, err := Decode("getOrder", 200, []byte(`{"success":true,"order":{}}`), &order)
	assert.False(t, handled, "a single order is left to encoding/json")
	require.NoError(t, err)
	var page gen.ListOrdersAnswer
	handled, _ = Decode("listOrders", 201, []byte(orders), &page)
	assert.False(t, handled, "an undocumented status")
	handled, _ = Decode("listActiveProxies", 200, []byte(orders), &page)
	assert.False(t, handled, "another operation's type")
	handled, err = Decode("listOrders", 200, []byte(orders), &page)
	assert.True(t, handled)
	require.NoError(t, err)
}

// A value decoded into before is replaced, not merged into.
func TestDecodeStartsFromZero(t *testing.T) {
	tag := "old"
	page := gen.ListOrdersAnswer{Orders: []gen.OrderSummary{{OrderID: 9, Tag: &tag}, {OrderID: 8}}, Next: &tag}
	_, err := Decode("listOrders", 200, []byte(orders), &page)
	require.NoError(t, err)
	var want gen.ListOrdersAnswer
	require.NoError(t, json.Unmarshal([]byte(orders), &want))
	assert.Equal(t, want, page)
}

func FuzzDecodeAgreesWithEncodingJSON(f *testing.F) {
	for i, d := range decodedOps {
		for _, body := range agreementCases[d.op] {
			f.Add(uint8(i), body)
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, body string) {
		agree(t, decodedOps[int(which)%len(decodedOps)], []byte(body))
	})
}

// A list is given room for about as many items as its first one suggests,
// never more than maxPresized however long the rest of the body is.
func TestDecodeSizesListsFromTheirFirstItem(t *testing.T) {
	var list gen.ListActiveProxiesAnswer
	_, err := Decode("listActiveProxies", 200, []byte(proxyList(1000, fullProxy)), &list)
	require.NoError(t, err)
	require.Len(t, list.Data, 1000)
	assert.LessOrEqual(t, cap(list.Data), maxPresized, "one allocation for the whole list")

	var page gen.ListOrdersAnswer
	long := `{"orders":[` + fmt.Sprintf(shortOrder, 1) + `,` + fmt.Sprintf(shortOrder, 2) + `],"success":true,"padding":"` + strings.Repeat("x", 1<<20) + `"}`
	_, err = Decode("listOrders", 200, []byte(long), &page)
	require.NoError(t, err)
	require.Len(t, page.Orders, 2)
	assert.LessOrEqual(t, cap(page.Orders), maxPresized)
}
