// Package bench compares the facade with the clients a user would pick
// instead, on the same answers. It is a module of its own, so that users of
// proxyshard-go never carry ogen or anything else only a benchmark needs.
package bench

// ogen's client, generated from the effective spec the facade is built on.
//go:generate go run github.com/ogen-go/ogen/cmd/ogen --target ./ogenclient --package ogenclient --clean --config ogen.yml ../api/openapi.json
