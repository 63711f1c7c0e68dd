//go:build tools

// Package tools pins the code generator: `go run` of the pinned
// oapi-codegen version is what `go generate` calls, so every machine
// produces the same gen/.
package tools

import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
)
