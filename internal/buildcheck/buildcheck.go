// Package buildcheck compares the project's request builders (gen.BuildXxx,
// api/templates/build-requests.tmpl) with oapi-codegen's standard ones
// (gen.NewXxxRequest). gen/build.gen_test.go, generated from the spec, calls
// it with every operation's pair, so a new operation is compared without
// anyone listing it.
package buildcheck

import (
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// Servers are the base URLs each pair is built for, in the form the facade
// passes them (ending in "/"): with and without a port, plain and TLS,
// IPv6, with a path prefix, escaped characters in it, an upper-case host
// and an empty path segment.
var Servers = []string{
	"https://api.example.com/", "http://127.0.0.1:8080/", "http://[::1]:8080/", "https://gw.example.com/prefix/v1/",
	"https://gw.example.com/a%2Fb%20c/", "https://API.Example.com:443/", "https://gw.example.com/double//",
}

// Variants is how many ways Fill fills a type.
const Variants = 4

// SameRequests checks, for each operation, that its two builders make the
// same request for every server and argument variant.
func SameRequests(t *testing.T, pairs map[string][2]any) {
	t.Helper()
	for id, pair := range pairs {
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			for _, d := range Differences(pair[0], pair[1]) {
				t.Error(d)
			}
		})
	}
}

// Differences builds a request with own and with standard, two builders of
// the same signature, for every server and argument variant, and lists
// what differs: method, URL, Host, headers, body, ContentLength, and
// whether the body can be rewound (the facade hands out one copy per
// attempt from GetBody).
func Differences(own, standard any) []string {
	o, s := reflect.ValueOf(own), reflect.ValueOf(standard)
	if o.Type() != s.Type() {
		return []string{fmt.Sprintf("signatures differ: %v and %v", o.Type(), s.Type())}
	}
	var diffs []string
	for variant := range Variants {
		for _, server := range Servers {
			args := []reflect.Value{reflect.ValueOf(server)}
			for i := 1; i < o.Type().NumIn(); i++ {
				args = append(args, Fill(o.Type().In(i), variant))
			}
			where := fmt.Sprintf("variant %d at %s", variant, server)
			want, wantErr := result(s.Call(args))
			got, gotErr := result(o.Call(args))
			switch {
			case (wantErr != nil) != (gotErr != nil):
				diffs = append(diffs, fmt.Sprintf("%s: error %v, standard builder's %v", where, gotErr, wantErr))
				continue
			case wantErr != nil:
				continue
			}
			for _, c := range []struct {
				what      string
				got, want any
			}{
				{"method", got.Method, want.Method},
				{"URL", got.URL.String(), want.URL.String()},
				{"Host", got.Host, want.Host},
				{"header", fmt.Sprint(got.Header), fmt.Sprint(want.Header)},
				{"ContentLength", got.ContentLength, want.ContentLength},
				{"GetBody set", got.GetBody != nil, want.GetBody != nil},
				{"body", body(got), body(want)},
			} {
				if c.got != c.want {
					diffs = append(diffs, fmt.Sprintf("%s: %s %v, standard builder's %v", where, c.what, c.got, c.want))
				}
			}
		}
	}
	return diffs
}

func result(out []reflect.Value) (*http.Request, error) {
	err, _ := out[1].Interface().(error)
	req, _ := out[0].Interface().(*http.Request)
	return req, err
}

func body(req *http.Request) string {
	if req.Body == nil {
		return ""
	}
	b, err := io.ReadAll(req.Body)
	if err != nil {
		return "unreadable: " + err.Error()
	}
	return string(b)
}

// Fill returns a value of type t for variant v: numbers, words and
// escaping-prone strings, with pointers (optional parameters and fields)
// set in even variants and left nil in odd ones.
func Fill(t reflect.Type, v int) reflect.Value {
	value := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.Pointer:
		if v%2 == 0 {
			value.Set(reflect.New(t.Elem()))
			value.Elem().Set(Fill(t.Elem(), v))
		}
	case reflect.Struct:
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				value.Field(i).Set(Fill(t.Field(i).Type, v+i))
			}
		}
	case reflect.Slice:
		value.Set(reflect.MakeSlice(t, 2, 2))
		for i := range 2 {
			value.Index(i).Set(Fill(t.Elem(), v+i))
		}
	case reflect.String:
		value.SetString([]string{"monthly", "a b/c?d#e&f=g%h+i", "ü,ß;é", strings.Repeat("x", 3)}[v%4])
	case reflect.Int, reflect.Int32, reflect.Int64:
		value.SetInt([]int64{42, -7, 0, 1 << 40}[v%4])
	case reflect.Float32, reflect.Float64:
		value.SetFloat([]float64{1.5, -0.25, 0, 1e9}[v%4])
	case reflect.Bool:
		value.SetBool(v%2 == 0)
	}
	return value
}
