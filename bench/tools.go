//go:build tools

package bench

// The generator's version is pinned in go.mod through this import.
import _ "github.com/ogen-go/ogen/cmd/ogen"
